"""Views that say one thing once (issue 23): show's birthdays and the contact that reset the
clock, interactions with people by name (and both keys in JSON), commitments by due date with
"done late". Each view is compared at 80 and 120 columns with tests/snapshots/once-VIEW.txt;
after a deliberate change rewrite them with
    RMLOG_SNAPSHOTS=update .venv/bin/python -m pytest tests/test_views_once.py -k sqlite
and read the diff before committing it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.views import matches_snapshot

SNAPSHOTS = Path(__file__).parent / "snapshots"
VIEWS = {
    "show": ("show", "maya-lopez"),
    "show-no-year": ("show", "maya-lopez-2"),
    "interactions": ("interactions", "maya-lopez"),
    "commitments": ("commitments",),
    "weekly": ("review", "--weekly"),
}


@pytest.fixture
def journal(rmlog, backend, tmp_path, monkeypatch):
    """Maya (core: only meetings and calls reset her clock) and her namesake, at NOW 2026-03-10."""
    config = tmp_path / "rmlog.toml"
    config.write_text('[reset]\ncore = ["meeting", "call"]\n')
    monkeypatch.setenv("RMLOG_CONFIG", str(config))
    backend.built("views_once", lambda: build(rmlog))
    return rmlog


def build(rmlog) -> None:
    rmlog("add", "Maya Lopez", "--circle", "core", "--cadence", "14d", "--birthday", "1990-03-20")
    rmlog("add", "Maya Lopez", "--birthday", "1604-01-01")
    rmlog("add", "Ivan Petrov", "--birthday", "--02-03")
    rmlog("log", "maya-lopez", "-m", "call about the board", "--kind", "call", "--when", "30 days ago")
    rmlog("log", "maya-lopez", "-m", "texted a photo", "--kind", "message", "--when", "3 days ago")
    rmlog("log", "maya-lopez", "maya-lopez-2", "ivan", "-m", "dinner", "--kind", "meal", "--when", "2 days ago")
    rmlog("promise", "maya-lopez", "send the deck", "--due", "2026-03-01")
    rmlog("promise", "maya-lopez", "book a table", "--due", "2026-03-20")
    rmlog("promise", "ivan", "call his sister")
    rmlog("promise", "maya-lopez-2", "intro to a CFO", "--theirs", "--due", "2026-03-05")
    rmlog("promise", "ivan", "lend the book", "--due", "2026-03-12")
    rmlog("done", "1")
    rmlog("done", "5")


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_matches_its_snapshot_at_80_and_120_columns(journal, view):
    matches_snapshot(journal, VIEWS[view], SNAPSHOTS / f"once-{view}.txt")


def test_show_prints_birthdays_as_dates_and_names_the_contact_that_reset_the_clock(journal):
    out = journal("show", "maya-lopez").stdout
    assert "every 14 days · reset by call 30 days ago · 16 days overdue · drifting" in out
    assert re.search(r"^Birthday: +Mar 20 \(turns 36\)$", out, re.M)
    assert re.search(r"^Birthday: +Jan 1$", journal("show", "maya-lopez-2").stdout, re.M)
    assert re.search(r"^Birthday: +Feb 3$", journal("show", "ivan").stdout, re.M)


def test_show_json_carries_the_last_note_as_due_json_does(journal):
    status = journal.json("show", "maya-lopez")["status"]
    [due] = [p for p in journal.json("due")["people"] if p["handle"] == "maya-lopez"]
    assert status["last_note"] == due["last_note"] == "dinner"


def test_interactions_json_lists_everyone_with_handles_and_names(journal):
    journal("log", "ivan", "-m", "1:1")
    [one_to_one] = journal.json("interactions", "ivan", "--limit", "1")
    assert (one_to_one["with"], one_to_one["with_names"]) == (["ivan-petrov"], ["Ivan Petrov"])
    dinner = journal.json("interactions", "maya-lopez")[0]
    assert dinner["with"] == ["ivan-petrov", "maya-lopez", "maya-lopez-2"]
    assert dinner["with_names"] == ["Ivan Petrov", "Maya Lopez", "Maya Lopez"]
    out = journal("interactions", "maya-lopez").stdout
    assert "Ivan Petrov, Maya Lopez (maya-lopez-2)  dinner" in out


def test_commitments_run_by_due_date_and_a_late_one_is_done_late(journal):
    listed = journal.json("commitments")
    assert [c["what"] for c in listed] == [
        "intro to a CFO", "send the deck", "lend the book", "book a table", "call his sister"]
    out = journal("commitments").stdout
    assert "send the deck" in out and "done late" in out.split("send the deck")[1].splitlines()[0]
    assert "done late" not in out.split("lend the book")[1].splitlines()[0]
