"""show and brief as use cases (rmlog.app.show, rmlog.app.brief): the view model carries the
verdicts the rules give, its to_json() is the command's --json, and present shows it in
every format, however many views one process presents."""

from datetime import datetime, timezone

import pytest

MOMENT = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def ann(rmlog):
    """Ann: a 14..20 day window, last seen 30 days ago (drifting); one promise overdue."""
    rmlog("add", "Ann Lee", "--circle", "inner", "--cadence", "14d..20d", "--birthday", "1990-03-20")
    rmlog("log", "ann-lee", "-m", "coffee", "--when", "2026-02-08", "--gave", "intro to Dan")
    rmlog("promise", "ann-lee", "send the deck", "--due", "2026-03-09")
    rmlog("promise", "ann-lee", "call back", "--theirs")
    return rmlog


def _views(since=None):
    from rmlog.app.brief import brief
    from rmlog.app.show import show
    from rmlog.config import load_cadences
    from rmlog.store.engine import open_store
    from rmlog.store.queries import resolve_person_id

    with open_store() as session:
        pid = resolve_person_id(session, "ann")
        return (show(session, MOMENT, load_cadences(), pid),
                brief(session, MOMENT, pid, since))


def test_the_views_carry_the_verdicts_of_the_rules(ann):
    profile, brief = _views()
    assert (profile.verdict, profile.due, profile.snoozed) == ("drifting", True, False)
    deck = next(c.id for c in profile.open_commitments if c.what == "send the deck")
    assert profile.overdue == brief.overdue == {deck}
    assert (brief.gave, brief.received) == (1, 0)
    assert [item["what"] for item in brief.upcoming] == ["you promised: send the deck", "birthday"]


def test_to_json_is_the_commands_json_without_its_schema(ann):
    from rmlog.reports.jsonable import to_jsonable

    profile, brief = _views()
    assert {"schema": 1, **to_jsonable(profile.to_json())} == ann.json("show", "ann-lee")
    assert {"schema": 1, **to_jsonable(brief.to_json())} == ann.json("brief", "ann-lee")


def test_one_process_presents_show_and_brief_again_and_again(ann):
    """The layouts are imported on first use; presenting a view again still works (a layout
    module named like present.show would have replaced that function)."""
    first = ann("show", "ann-lee").stdout
    ann("brief", "ann-lee")
    assert ann("show", "ann-lee").stdout == first
    assert ann("show", "ann-lee", "--json").stdout == ann("show", "ann-lee", "--format", "json").stdout
    assert ann("brief", "ann-lee", "--json").stdout == ann("brief", "ann-lee", "--format", "json").stdout


def test_markdown_of_show_and_brief(ann):
    profile = ann("show", "ann-lee", "--format", "markdown").stdout
    assert profile.lstrip().startswith("# Ann Lee · inner\n")
    assert "| 1 | mine | send the deck | Mar 9 | overdue |" in profile
    brief = ann("brief", "ann-lee", "--format", "markdown").stdout
    assert "# Coming up" in brief and "| 1 | mine | send the deck | Mar 9 | overdue |" in brief
    assert "\x1b" not in profile + brief
