"""plan, circles and the weekly review as use cases (rmlog.app): each returns the view its
command prints, and the weekly review reads the moves through rmlog.app.circles, never
through another command."""

import pytest


@pytest.fixture
def at(monkeypatch):
    return lambda moment: monkeypatch.setenv("RMLOG_NOW", moment)


@pytest.fixture
def practice(rmlog, at):
    """Ines drifting (inner, 30 days), Ivan unseen for 50 days (inner: step back to core),
    Cora's promise due Friday, Nate (network) seen weekly (promote to core), Maya gave more."""
    at("2026-01-01T10:00")
    rmlog("add", "Ines", "--circle", "inner", "--needs", "ML hires")
    rmlog("add", "Ivan Petrov", "--circle", "inner")
    rmlog("add", "Cora", "--circle", "core")
    rmlog("add", "Maya", "--circle", "core")
    rmlog("add", "Nate")
    at("2026-01-19T10:00")
    rmlog("log", "ivan-petrov", "-m", "call")
    at("2026-02-08T10:00")
    rmlog("log", "ines", "-m", "lunch")
    rmlog("log", "maya", "-m", "dinner", "--got", "a book")
    for day in range(1, 10):
        at(f"2026-03-0{day}T10:00")
        rmlog("log", "nate", "cora", "-m", "standup")
    rmlog("promise", "cora", "intro to VC", "--theirs", "--due", "2026-03-13")
    at("2026-03-10T09:00")
    return rmlog


def _views():
    """Each use case run on the journal the commands use, at the pinned time."""
    from rmlog.app.circles import circles
    from rmlog.app.plan import plan
    from rmlog.app.weekly import weekly
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.store.engine import open_store

    moment, settings = now(), load_practice()
    with open_store() as session:
        return {"plan": plan(session, moment, settings, 10),
                "circles": circles(session, moment, settings),
                "weekly": weekly(session, moment, settings)}


def test_each_use_case_returns_the_view_its_command_prints(practice):
    views = _views()
    commands = {"plan": ("plan",), "circles": ("circles",), "weekly": ("review", "--weekly")}
    for name, command in commands.items():
        printed = practice.json(*command)
        assert printed.pop("schema") == 1
        assert views[name].to_json() == printed, name
    assert [(g.handle, g.kind) for g in views["plan"].give_first] == [("maya", "owe")]
    assert {m.handle for m in views["circles"].moves} == {"ivan-petrov", "nate"}


def test_the_weekly_review_offers_the_moves_circles_suggests(practice):
    views = _views()
    suggested = {(m.handle, m.to_circle) for m in views["circles"].moves}
    offered = {(i.handle, i.to_circle) for i in views["weekly"].items if "move" in i.answers}
    assert offered == suggested == {("ivan-petrov", "core"), ("nate", "core")}
    kinds = {(i.kind, i.handle) for i in views["weekly"].items}
    assert ("drifting", "ivan-petrov") in kinds and ("move", "nate") in kinds


def test_plan_entries_are_judged_by_the_contact_rule(practice):
    plan = {e.handle: e for e in _views()["plan"].people}
    assert (plan["ines"].verdict, plan["ivan-petrov"].verdict, plan["nate"].verdict) == (
        "drifting", "drifting", "in touch")
    text = practice("plan").stdout
    assert "30 days ago, every 14 days · drifting" in text


@pytest.mark.parametrize("command", [("plan",), ("circles",), ("review", "--weekly")])
def test_json_and_format_json_print_the_same_document(practice, command):
    assert practice(*command, "--json").stdout == practice(*command, "--format", "json").stdout


def test_the_weekly_review_runs_no_other_command():
    """The weekly review reads its items through rmlog.app, not through the modules of the
    circles and plan commands (imports inside functions count too)."""
    import grimp

    graph = grimp.build_graph("rmlog")
    assert graph.direct_import_exists(importer="rmlog.cli.weekly", imported="rmlog.app.weekly")
    for command in ("rmlog.cli.circles", "rmlog.cli.plan", "rmlog.cli.review"):
        assert not graph.direct_import_exists(importer="rmlog.cli.weekly", imported=command), command
    assert graph.direct_import_exists(importer="rmlog.app.weekly", imported="rmlog.app.circles")
