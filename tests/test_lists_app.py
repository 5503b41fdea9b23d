"""commitments, interactions, history and search as use cases (rmlog.app): each returns the
view its command prints, and the three listings keep printing a plain JSON list."""

import json

import pytest


@pytest.fixture
def at(monkeypatch):
    return lambda moment: monkeypatch.setenv("RMLOG_NOW", moment)


@pytest.fixture
def journal(rmlog, at):
    """Ann owes nothing and was promised a deck (overdue) and a memo (kept late); Bo and Ann
    had a seed-round coffee; Bo promised an intro."""
    at("2026-03-01T10:00")
    rmlog("add", "Ann Lee")
    rmlog("add", "Bo Chen")
    rmlog("log", "ann-lee", "bo-chen", "-m", "coffee about the seed round")
    rmlog("promise", "ann-lee", "send the deck", "--due", "2026-03-05")
    rmlog("promise", "ann-lee", "send the memo", "--due", "2026-03-03")
    rmlog("promise", "bo-chen", "intro to his CFO", "--theirs")
    at("2026-03-04T09:00")
    rmlog("log", "bo-chen", "-m", "call about the deck")
    at("2026-03-06T12:00")
    rmlog("done", "2")
    at("2026-03-10T09:00")
    return rmlog


def _documents(items):
    """Documents as --json writes them (times as local ISO 8601)."""
    from rmlog.clock import iso_local

    return json.loads(json.dumps(list(items), default=iso_local))


def _views(person=None):
    """Each use case run on the journal the commands use, at the pinned time."""
    from rmlog.app.commitments import commitments
    from rmlog.app.history import history
    from rmlog.app.interactions import interactions
    from rmlog.app.search import search
    from rmlog.clock import now
    from rmlog.store.engine import open_store

    moment = now()
    with open_store() as session:
        return {"commitments": commitments(session, moment, person),
                "interactions": interactions(session, person, None, 50),
                "history": history(session, 20),
                "search": search(session, moment, "deck", 20)}


def test_each_listing_returns_the_documents_its_command_prints(journal):
    views = _views()
    for name in ("commitments", "interactions", "history"):
        assert _documents(views[name].json_items()) == journal.json(name), name
    printed = journal.json("search", "deck")
    assert printed.pop("schema") == 1
    assert views["search"].to_json() == printed
    assert [hit["id"] for hit in printed["interactions"]] == [2]


def test_one_persons_listings_are_theirs(journal):
    views = _views("bo-chen")
    assert [c.what for c in views["commitments"].rows] == ["intro to his CFO"]
    assert [row.id for row, _ in views["interactions"].rows] == [2, 1]
    assert _documents(views["interactions"].json_items()) == journal.json("interactions", "bo-chen")
    assert "with" in journal("interactions", "bo-chen").stdout.splitlines()[0]


def test_the_commitments_view_carries_the_promise_rules_verdicts(journal):
    view = _views()["commitments"]
    assert [c.id for c in view.rows] == [1, 2, 3]  # overdue first, then by due date, undated last
    assert (view.overdue, view.done_late) == ({1}, {2})
    lines = journal("commitments").stdout.splitlines()[1:]
    assert [line.split("  ")[-1].strip() for line in lines] == ["overdue", "done late", "open"]


@pytest.mark.parametrize("command", [("commitments",), ("interactions",), ("history",), ("search", "deck")])
def test_json_and_format_json_print_the_same_document(journal, command):
    assert journal(*command, "--json").stdout == journal(*command, "--format", "json").stdout


def test_a_listing_prints_a_plain_list_page_by_page(capsys):
    """Past a page of a thousand documents the list stays one JSON list, exactly as
    json.dumps writes it, with no envelope."""
    from rmlog import present, render
    from rmlog.app.history import HistoryView
    from rmlog.store.oplog import OperationSummary
    from datetime import datetime, timezone

    at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    view = HistoryView([OperationSummary(n, at, f"log {n}", "command", None, None) for n in range(2500, 0, -1)])
    render.use_format("json")
    try:
        present.show(view)
    finally:
        render.use_format("text")
    out = capsys.readouterr().out
    assert out == json.dumps(_documents(view.json_items()), ensure_ascii=False, indent=2) + "\n"
    assert [op["id"] for op in json.loads(out)][::1000] == [2500, 1500, 500]
