"""Each rule is defined once (rmlog.reports): every command gives the same verdict on the same
person and the same promise."""

import pytest


@pytest.fixture
def windowed(rmlog):
    """Ann has a 14..60 day window and was last seen 30 days ago: due, not drifting."""
    rmlog("add", "Ann Lee", "--circle", "inner", "--cadence", "14d..60d")
    rmlog("log", "ann-lee", "-m", "coffee", "--when", "2026-02-08")
    return rmlog


def test_due_people_show_and_plan_agree_on_a_maximum_window(windowed):
    due = windowed.json("due")
    assert [(p["handle"], p["drifting"]) for p in due["people"]] == [("ann-lee", False)]
    assert windowed.json("show", "ann-lee")["due"] is True
    assert "due" in windowed("people").stdout
    plan = windowed("plan").stdout
    assert "· due" in plan and "drifting" not in plan
    assert "drifting" not in windowed("show", "ann-lee").stdout


def test_past_the_maximum_window_every_view_says_drifting(rmlog):
    rmlog("add", "Ann Lee", "--circle", "inner", "--cadence", "14d..20d")
    rmlog("log", "ann-lee", "-m", "coffee", "--when", "2026-02-08")
    assert rmlog.json("due")["people"][0]["drifting"] is True
    for command in (("plan",), ("people",), ("show", "ann-lee")):
        assert "drifting" in rmlog(*command).stdout, command


def test_review_counts_the_people_due_lists(windowed):
    """review's circle table counts exactly the people `due` lists."""
    review = windowed("review", "--since", "30d").stdout
    due_row = next(line for line in review.splitlines() if line.strip().startswith("due"))
    assert due_row.split()[1:] == ["1", "0", "0", "0"]


def test_a_snoozed_person_is_due_nowhere(windowed):
    windowed("snooze", "ann-lee", "--until", "2026-04-01")
    assert windowed.json("due")["people"] == []
    assert windowed.json("show", "ann-lee")["due"] is False


def test_an_overdue_promise_is_overdue_in_every_view(rmlog):
    rmlog("add", "Ann Lee")
    rmlog("promise", "ann-lee", "send the deck", "--due", "2026-03-09")
    assert rmlog.json("commitments")[0]["overdue"] is True
    assert rmlog.json("due")["commitments"][0]["overdue"] is True
    assert "overdue" in rmlog("show", "ann-lee").stdout
