"""Every mistake reversible (issue 11): fix any record, undo any operation, reports follow.

Runs on the scripted week of tests/test_week.py (reports on 2026-03-10 09:00, Berlin).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_week import fresh_week, week, week_file  # noqa: F401  (fixtures)

REPORTS = [
    ("due", "--within", "30d"), ("balance",), ("review", "--since", "90d"), ("plan",),
    ("commitments",), ("people",), ("search", "a"), ("interactions",),
]
VCARDS = Path(__file__).parent / "io" / "fixtures" / "multiple.vcf"


def reports(rmlog) -> dict:
    return {args: rmlog.json(*args) for args in REPORTS}


def rows(rmlog) -> list:
    """Every row of the journal's own tables (the operation log left out), on either backend."""
    from sqlalchemy import inspect

    from rmlog.store.engine import open_store

    with open_store() as session:
        tables = sorted(t for t in inspect(session.connection()).get_table_names() if not t.startswith("rmlog_"))
    return [(t, sorted(rmlog.sql(f"select * from {t}"), key=repr)) for t in tables]


def test_a_meeting_logged_with_the_wrong_person_is_fixed(week, fresh_week):
    wrong = week.json("log", "nate", "-m", "coffee", "--when", "2026-03-09 08:00")["id"]
    week("edit-log", str(wrong), "--remove", "nate", "--add", "cora")
    fixed = reports(week)
    fresh_week()
    week("log", "cora", "-m", "coffee", "--when", "2026-03-09 08:00")
    done_right = reports(week)
    for listing in (fixed, done_right):  # the same except the new interaction's random uid
        listing[("interactions",)][0].pop("uid")
    assert fixed == done_right


def test_a_person_deleted_by_mistake_comes_back_whole(week):
    week("edit", "cora", "--tag", "vc", "--alias", "Corinna")
    before, shown, table = reports(week), week.json("show", "cora"), rows(week)
    week("delete", "cora", "--yes")
    assert "cora" not in [p["handle"] for p in week.json("people")]
    out = week("undo").stdout
    assert out.startswith("Undid #") and "`delete cora --yes`" in out and "brought back 1 person" in out
    assert week.json("show", "cora") == shown
    assert (reports(week), rows(week)) == (before, table)


def test_an_import_into_the_wrong_journal_is_undone_as_a_whole(week):
    before, table = reports(week), rows(week)
    imported = week.json("import", str(VCARDS))["added"]["people"]
    assert imported == 3 and len(week.json("history", "--limit", "1")) == 1
    assert "removed 3 people" in week("undo").stdout
    assert (reports(week), rows(week)) == (before, table)


def test_promises_rescheduled_and_reopened_then_undone(week):
    def trust():
        return week.json("show", "cora")["reliability"]

    before, trust_before = reports(week), trust()
    assert (trust_before["mine"]["kept"], trust_before["theirs"]["kept"]) == (1, 0)
    week("edit-promise", "3", "--due", "2026-03-20")       # theirs, overdue: no longer late
    week("reopen", "1")                                       # my kept deck promise: open, late
    after = trust()
    assert (after["mine"]["kept"], after["mine"]["total"], after["theirs"]["total"]) == (0, 1, 0)
    due = {c["id"]: c for c in week.json("due", "--within", "30d")["commitments"]}
    assert (due[3]["overdue"], due[1]["overdue"]) == (False, True)
    assert week("edit-promise", "1", "--no-due").stdout.startswith("#1 updated: send deck (cora, no due date)")
    for _ in range(3):
        week("undo")
    assert (trust(), reports(week)) == (trust_before, before)


def test_a_snooze_is_lifted(week):
    before = reports(week)
    assert "sam" not in [p["handle"] for p in before[("due", "--within", "30d")]["people"]]
    week("unsnooze", "sam")
    assert "sam" in [p["handle"] for p in week.json("due")["people"]]
    assert week.json("show", "sam")["snoozed_until"] is None
    assert "is not snoozed" in week.error("unsnooze", "sam")
    week("undo")
    assert reports(week) == before


def test_moving_an_interaction_moves_every_report_and_undo_moves_it_back(week):
    before = reports(week)
    ines = week.json("interactions", "ines")[0]
    week("edit-log", str(ines["id"]), "--when", "2026-03-09 12:00", "--mood", "2")
    moved = reports(week)
    assert "ines" not in [p["handle"] for p in moved[("due", "--within", "30d")]["people"]]
    assert week.json("show", "ines")["days_since"] == 1
    week("undo")
    assert reports(week) == before


def test_exchanges_are_edited_and_deleted(week):
    before = reports(week)
    intro, advice = week.json("show", "ines")["exchanges"]  # newest first
    assert (advice["what"], advice["weight"], intro["what"]) == ("advice on hiring", 2.0, "intro to a CFO")
    week("edit-exchange", str(advice["id"]), "--weight", "5", "--kind", "gift")
    assert week.json("show", "ines")["balance"]["received"] == 6
    week("delete-exchange", str(advice["id"]), "--yes")
    assert week.json("show", "ines")["balance"]["received"] == 1
    assert "--weight: must be a number above 0" in week.error("edit-exchange", str(intro["id"]), "--weight", "0")
    week("undo")
    week("undo")
    assert reports(week) == before


def test_an_interaction_is_deleted_and_needs_a_person(week):
    assert "needs at least one person" in week.error("edit-log", "1", "--remove", "ines")
    week("delete-log", "1", "--yes")
    assert week.json("interactions", "ines") == []
    assert "no interaction #1" in week.error("edit-log", "1", "-m", "x")


def test_undo_refuses_when_a_later_operation_changed_the_same_rows(week):
    week("edit-promise", "3", "--what", "intro to a VC")
    later = week("done", "3").stdout
    history = week.json("history", "--limit", "2")
    message = week.error("undo", str(history[1]["id"]))
    assert f"operation #{history[0]['id']} (`done 3`) changed the same records later" in message
    assert f"rmlog undo {history[0]['id']}" in message
    assert later.startswith("#3 done")
    week("undo")
    week("undo")
    assert {c["id"]: c["what"] for c in week.json("commitments")}[3] == "intro to VC"


def test_undo_dry_run_changes_nothing_and_undo_goes_further_back(week):
    week("add", "Zed")
    week("add", "Yan")
    before = (rows(week), week.json("history"))
    assert week("undo", "--dry-run").stdout.startswith("Would undo #")
    assert (rows(week), week.json("history")) == before
    week("undo")
    week("undo")
    handles = [p["handle"] for p in week.json("people")]
    assert "zed" not in handles and "yan" not in handles
    assert [op["kind"] for op in week.json("history", "--limit", "4")] == ["undo", "undo", "command", "command"]
    assert "already undone" in week.error("undo", str(week.json("history")[2]["id"]))


def test_nothing_to_undo_on_a_new_journal(rmlog):
    assert "nothing to undo" in rmlog.error("undo")
    assert rmlog("history").stdout.startswith("Nothing done yet")
    assert "no operation #5" in rmlog.error("undo", "5")


def test_a_large_import_is_one_operation_undone_in_one_go(rmlog, tmp_path):
    rmlog("add", "Alice")
    rmlog("export", "-o", str(tmp_path / "base.json"))
    doc = json.loads((tmp_path / "base.json").read_text())
    alice = doc["people"][0]["uid"]
    doc["interactions"] = [
        {"uid": f"i{n}", "occurred_at": "2026-01-01T10:00:00+00:00", "kind": "call", "people": [alice]}
        for n in range(3000)
    ]
    (tmp_path / "big.json").write_text(json.dumps(doc))
    before = rows(rmlog)
    rmlog("import", str(tmp_path / "big.json"))
    [op] = rmlog.json("history", "--limit", "1")
    assert op["changes"]["interaction"]["added"] == 3000
    assert "removed 3000 interactions" in rmlog("undo").stdout
    assert rows(rmlog) == before


def test_the_log_keeps_the_configured_operations_or_days_whichever_is_more(rmlog, tmp_path, monkeypatch):
    config = tmp_path / "rmlog.toml"
    config.write_text("[history]\nkeep = 3\ndays = 2\n")
    monkeypatch.setenv("RMLOG_CONFIG", str(config))
    for day in range(1, 6):  # five operations on five days
        monkeypatch.setenv("RMLOG_NOW", f"2026-03-0{day}T09:00")
        rmlog("add", f"Person {day}")
    assert [op["command"] for op in rmlog.json("history")] == [f"add 'Person {n}'" for n in (5, 4, 3)]
    config.write_text("[history]\nkeep = 1\ndays = 30\n")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-06T09:00")
    rmlog("add", "Person 6")
    assert len(rmlog.json("history")) == 4  # nothing is old enough to go
    config.write_text("[history]\nkeep = 0\n")
    assert "'history.keep' must be a whole number from 1 to 1000000, not 0" in rmlog.error("add", "X")
