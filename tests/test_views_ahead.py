"""Views that look ahead and name people (issue 23): birthdays within the [due] birthdays
lookahead in due, prompt and plan; bulk imports that land in the periphery; review listing a
person once, balance without all-zero rows, names where handles were. Each view is compared
at 80 and 120 columns with tests/snapshots/ahead-VIEW.txt; after a deliberate change rewrite
them with
    RMLOG_SNAPSHOTS=update .venv/bin/python -m pytest tests/test_views_ahead.py -k sqlite
and read the diff before committing it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.views import matches_snapshot

SNAPSHOTS = Path(__file__).parent / "snapshots"
VIEWS = {
    "due": ("due",),
    "plan": ("plan",),
    "balance": ("balance",),
    "circles": ("circles",),
    "review": ("review", "--since", "90d"),
}
MOVE_HINT = 'move someone with: rmlog move NAME core --why "..."'


@pytest.fixture
def journal(rmlog, backend, tmp_path, monkeypatch):
    """At NOW 2026-03-10: Maya (core, 36 on Mar 14, last seen 100 days ago), her namesake
    (network, a birthday on Mar 12 without a year, who gave twice), Ivan (inner, 46 on Mar 25,
    last seen 50 days ago) and Bo (network, given an intro)."""
    monkeypatch.setenv("RMLOG_CONFIG", str(tmp_path / "rmlog.toml"))
    backend.built("views_ahead", lambda: build(rmlog))
    return rmlog


def build(rmlog) -> None:
    rmlog("add", "Maya Lopez", "--circle", "core", "--birthday", "1990-03-14")
    rmlog("add", "Maya Lopez", "--circle", "network", "--birthday", "--03-12")
    rmlog("add", "Ivan Petrov", "--circle", "inner", "--birthday", "1980-03-25")
    rmlog("add", "Bo Chen", "--circle", "network")
    rmlog("log", "maya-lopez", "-m", "walk in the park", "--when", "100 days ago")
    rmlog("log", "ivan", "-m", "coffee", "--when", "50 days ago")
    rmlog("got", "maya-lopez-2", "an intro to a CFO")
    rmlog("got", "maya-lopez-2", "advice on the board")
    rmlog("gave", "bo", "an intro")


def config(tmp_path: Path, text: str) -> None:
    (tmp_path / "rmlog.toml").write_text(text)


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_matches_its_snapshot_at_80_and_120_columns(journal, view):
    matches_snapshot(journal, VIEWS[view], SNAPSHOTS / f"ahead-{view}.txt")


def test_due_shows_birthdays_a_week_ahead_and_prompt_counts_them(journal):
    out = journal("due").stdout
    assert "Birthdays (2)" in out
    assert re.search(r"^Maya Lopez \(maya-lopez-2\) +Mar 12 +2 days *$", out, re.M)
    assert re.search(r"^Maya Lopez +Mar 14 +4 days +36$", out, re.M)
    assert "Ivan" not in out.split("Birthdays")[1]
    birthdays = journal.json("due")["birthdays"]
    assert [(b["handle"], b["days_until"], b["age"]) for b in birthdays] == [
        ("maya-lopez-2", 2, None), ("maya-lopez", 4, 36)]
    assert sorted(birthdays[0]) == ["age", "date", "days_until", "handle", "name"]
    assert journal.json("prompt")["birthdays"] == 2


def test_the_lookahead_is_configurable_and_checked(journal, tmp_path):
    config(tmp_path, "[due]\nbirthdays = 15\n")
    assert [b["handle"] for b in journal.json("due")["birthdays"]] == ["maya-lopez-2", "maya-lopez", "ivan-petrov"]
    assert journal("prompt", "--format", "{birthdays}").stdout == "3\n"
    assert "Birthdays: shown 15 days ahead ([due] birthdays)" in journal("config").stdout
    config(tmp_path, "[due]\nbirthdays = 0\n")
    assert journal.json("due")["birthdays"] == []
    assert journal.json("due", "--within", "3d")["birthdays"][0]["handle"] == "maya-lopez-2"
    assert journal.json("prompt")["birthdays"] == 0
    config(tmp_path, "[due]\nbirthdays = -1\n")
    before = journal.snapshot()
    assert "'due.birthdays' must be a whole number of days ahead" in journal.error("due")
    assert journal.snapshot() == before


def test_plan_mentions_a_birthday_within_the_lookahead(journal, tmp_path):
    out = journal("plan").stdout
    assert re.search(r"^Birthday: +Mar 14 \(turns 36\) · in 4 days$", out, re.M)
    assert re.search(r"^Birthday: +Mar 12 · in 2 days$", out, re.M)
    assert out.count("Birthday:") == 2
    assert "birthday" not in journal.json("plan")["people"][0]
    config(tmp_path, "[due]\nbirthdays = 15\n")
    assert "Birthday:     Mar 25 (turns 46) · in 15 days" in journal("plan").stdout


def test_csv_and_vcard_imports_add_people_to_the_periphery(rmlog, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,circle\nAna Core,core\nBen Plain,\n")
    out = rmlog("import", str(people)).stdout
    assert f"New people went to the periphery circle (unless their circle column names one); {MOVE_HINT}" in out
    assert {p["name"]: p["circle"] for p in rmlog.json("people")} == {"Ana Core": "core", "Ben Plain": "periphery"}
    cards = tmp_path / "cards.vcf"
    cards.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Card\r\nEND:VCARD\r\n"
                     "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Di Card\r\nEMAIL:di@example.org\r\nEND:VCARD\r\n", newline="")
    dry = rmlog("import", str(cards), "--dry-run").stdout
    assert f"New people would go to the periphery circle; {MOVE_HINT}" in dry
    assert rmlog("import", str(cards)).stdout.endswith(f"New people went to the periphery circle; {MOVE_HINT}\n")
    assert rmlog.json("show", "cy-card")["circle"] == rmlog.json("show", "di-card")["circle"] == "periphery"
    assert rmlog.json("due")["people"] == []
    assert "New people" not in rmlog("import", str(cards)).stdout  # nobody added


def test_circle_option_overrides_the_periphery_but_not_a_csv_column(rmlog, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,circle\nAna Core,core\nBen Plain,\n")
    assert "went to the network circle" in rmlog("import", str(people), "--circle", "network").stdout
    assert {p["name"]: p["circle"] for p in rmlog.json("people")} == {"Ana Core": "core", "Ben Plain": "network"}


def test_review_lists_someone_past_their_maximum_once(journal):
    out = journal("review", "--since", "90d").stdout
    assert "Past their maximum window (2)" in out and "Drifted past their cadence" not in out
    assert len(re.findall(r"^Maya Lopez +core", out, re.M)) == len(re.findall(r"^Ivan Petrov +inner", out, re.M)) == 1
    review = journal.json("review", "--since", "90d")
    assert [e["handle"] for e in review["drifted"]] == [e["handle"] for e in review["not_seen_2x"]] == [
        "ivan-petrov", "maya-lopez"]


def test_balance_hides_people_with_nothing_given_or_received_unless_all(journal):
    out = journal("balance").stdout
    assert "Ivan" not in out and "Bo Chen" in out and "Maya Lopez (maya-lopez-2)" in out
    assert "Ivan Petrov" in journal("balance", "--all").stdout
    assert "ivan-petrov" in [p["handle"] for p in journal.json("balance")["people"]]
    assert journal("balance", "ivan").stdout == "Nothing given or received since Mar 10 2025.\n"


def test_views_name_people_where_they_printed_handles(journal):
    plan = journal("plan").stdout
    assert re.search(r"^Maya Lopez \(maya-lopez-2\) +you owe them", plan, re.M)
    assert "handle" not in plan
    review = journal("review", "--since", "90d").stdout
    assert re.search(r"^New people: +Bo Chen, Ivan Petrov, Maya Lopez, Maya Lopez \(maya-lopez-2\)$", review, re.M)
    circles = journal("circles").stdout
    assert re.search(r"^Ivan Petrov +inner +unseen for 50 days", circles, re.M)
    assert re.search(r"^Ivan Petrov +inner → core", circles, re.M)
    assert "handle" not in circles and "ivan-petrov" not in circles.split("Decide with")[0]
