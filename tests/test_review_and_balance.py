"""review and balance as use cases (rmlog.app) apart from their commands: the view a use case
returns is the document the command prints, whichever switch asks for JSON."""

import json

import pytest


@pytest.fixture
def ledger(rmlog):
    """Ann gets a lot and gives nothing back; Bo was met once and exchanged nothing."""
    rmlog("add", "Ann Lee", "--circle", "inner")
    rmlog("add", "Bo Chen", "--circle", "core")
    for what in ("intro to Dan", "book", "lift to the airport"):
        rmlog("log", "ann-lee", "-m", "coffee", "--when", "2026-03-01", "--gave", what, "--by", "me")
    rmlog("log", "bo-chen", "-m", "walk", "--when", "2026-02-20")
    return rmlog


def _view(*use_case):
    """The view a use case returns, read in a session of its own (function, then its arguments)."""
    from rmlog.store.engine import open_store

    function, *arguments = use_case
    with open_store() as session:
        return function(session, *arguments)


def _since(phrase: str):
    from rmlog.clock import now
    from rmlog.dates import parse_since

    return parse_since(phrase, now())


@pytest.mark.parametrize("options, listed", [
    ((), ["ann-lee", "bo-chen"]), (("--one-sided",), ["ann-lee"]), (("ann",), ["ann-lee"]), (("--since", "7d"), []),
])
def test_the_balance_use_case_is_the_document_balance_prints(ledger, options, listed):
    from rmlog.app.balance import balance

    printed = ledger.json("balance", *options)
    person = "ann" if "ann" in options else None
    since = _since(options[1] if "--since" in options else "365d")
    view = _view(balance, since, person, "--one-sided" in options)
    assert {"schema": 1, **view.to_json()} == printed
    assert [p["handle"] for p in printed["people"]] == listed


def test_balance_lists_people_with_nothing_exchanged_only_when_all_are_asked_for(ledger):
    from rmlog.app.balance import balance

    assert [e.handle for e in _view(balance, _since("365d")).listed] == ["ann-lee"]
    assert [e.handle for e in _view(balance, _since("365d"), None, False, True).listed] == ["ann-lee", "bo-chen"]


def test_the_review_use_case_is_the_document_review_prints(ledger):
    from rmlog.app.review import review
    from rmlog.clock import now
    from rmlog.config import load_cadences

    printed = ledger.json("review", "--since", "30d")
    view = _view(review, now(), load_cadences(), _since("30d"))
    assert {"schema": 1, **view.to_json()} == printed
    assert [p["handle"] for p in printed["one_sided"]] == ["ann-lee"]
    assert len(view.times) == printed["interactions"] == 4


def test_review_tallies_each_circle_by_dues_verdict(ledger):
    """Ann (inner, every 14 days) was seen 9 days ago; Bo (core, every 30 days) 18 days ago:
    nobody due. Forty days on, both are due and Ann, past twice her cadence, drifts."""
    from datetime import timedelta

    from rmlog.app.review import review
    from rmlog.clock import now
    from rmlog.config import load_cadences

    moment = now()
    today = _view(review, moment, load_cadences(), _since("30d")).circles
    later = _view(review, moment + timedelta(days=40), load_cadences(), _since("30d")).circles
    assert [(c.circle, c.people, c.due, c.drifting) for c in today] == [
        ("inner", 1, 0, 0), ("core", 1, 0, 0), ("network", 0, 0, 0), ("periphery", 0, 0, 0)]
    assert [(c.circle, c.due, c.drifting) for c in later][:2] == [("inner", 0, 1), ("core", 1, 0)]


@pytest.mark.parametrize("command", [("review", "--since", "30d"), ("balance",)], ids=lambda words: words[0])
def test_json_and_format_json_print_the_same_document(ledger, command):
    assert ledger(*command, "--json").stdout == ledger(*command, "--format", "json").stdout
    assert json.loads(ledger(*command, "--json").stdout)["schema"] == 1


def test_review_as_json_reads_no_charts(ledger):
    from rmlog.app.review import review
    from rmlog.clock import now
    from rmlog.config import load_cadences

    view = _view(review, now(), load_cadences(), _since("30d"), False)
    assert view.times == [] and view.circles == []
    assert view.to_json()["interactions"] == 4
