"""Friction a new user met in issue 14, one test each (now is Tue 2026-03-10 09:00 Berlin)."""

from __future__ import annotations

import pytest

from rmlog.cli import registered_names


def test_help_lists_whole_descriptions_at_120_columns():
    """Run as a process: CliRunner pins help to 80 columns, a real terminal does not."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "120"}
    out = subprocess.run([sys.executable, "-m", "rmlog", "--help"], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert max(map(len, out.splitlines())) > 100  # the width is used, not Click's 80-column cap
    assert "  due" in out and "The daily loop:" in out
    described = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(described) > 30 and not [line for line in described if line.endswith("...")]
    assert "Whom to reconnect with, which promises fall due, and birthdays coming up." in out


@pytest.mark.parametrize("command", ["", *registered_names()])
def test_help_fits_80_columns_and_names_plain_types(rmlog, command):
    out = rmlog(*([command] if command else []), "--help", env={"COLUMNS": "80"}).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "<list[" not in out and " range>" not in out


def test_option_types_read_plainly(rmlog):
    assert "-t, --tag <str>" in rmlog("add", "--help").stdout
    assert "-n, --limit <int>" in rmlog("due", "--help").stdout
    assert "commitment_id <int>" in rmlog("done", "--help").stdout


def test_review_counts_people_in_good_grammar(rmlog):
    rmlog("add", "Ines", "--circle", "inner")
    rmlog("log", "ines", "-m", "lunch", "--when", "yesterday")
    assert "Interactions:       1 with 1 person\n" in rmlog("review").stdout


def test_review_promises_add_up(rmlog):
    rmlog("add", "Ines")
    rmlog("promise", "ines", "kept", "--due", "2026-03-12")
    rmlog("promise", "ines", "dropped")
    rmlog("promise", "ines", "past due", "--due", "2026-03-05")
    rmlog("promise", "ines", "not due yet", "--due", "2026-03-20")
    rmlog("done", "1")
    rmlog("drop", "2")
    mine = rmlog.json("review")["promises_mine"]
    assert (mine["kept"], mine["broken"], mine["open"], mine["overdue"]) == (1, 1, 2, 1)
    assert mine["kept"] + mine["broken"] + mine["open"] == 4  # the overdue one is open, not broken too
    assert "Your promises:      1 kept, 1 broken, 2 open (1 overdue)" in rmlog("review").stdout


def test_balance_one_sided_with_nobody_flagged_says_so(rmlog):
    rmlog("add", "Ines")
    rmlog("gave", "ines", "intro")
    rmlog("got", "ines", "advice")
    out = rmlog("balance", "--one-sided").stdout
    assert out == "No one-sided relationships since Mar 10 2025: give and take are balanced.\n"
    assert "Nothing given or received" in rmlog("balance", "--one-sided", "--since", "2026-03-11").stdout


def test_show_an_archived_person_says_archived(rmlog):
    rmlog("add", "Frank Old", "--circle", "core")
    rmlog("archive", "frank-old")
    out = rmlog("show", "frank-old").stdout
    assert out.splitlines()[1] == "archived Mar 10: out of due, plan and review · never contacted"
    assert "no cadence" not in out


def test_plan_quotes_what_they_gave(rmlog):
    rmlog("add", "Bob", "--circle", "core")
    rmlog("log", "bob", "-m", "catch-up")
    rmlog("got", "bob", "pitch feedback")
    out = rmlog("plan").stdout
    assert "Next step:    Return the favour for: pitch feedback" in out
    assert "they gave you" not in out


def test_a_due_time_is_shown_with_its_time(rmlog):
    rmlog("add", "Bob")
    promised = rmlog("promise", "bob", "intro to his CFO", "--due", "2026-03-30 15:00").stdout
    assert promised == "#1 You promised Bob: intro to his CFO, due 2026-03-30 15:00.\n"
    rmlog("promise", "bob", "send the deck", "--due", "2026-03-30")
    listed = rmlog("commitments").stdout
    assert "intro to his CFO  Mar 30 15:00" in listed
    assert "send the deck     Mar 30 " in listed + " "  # a whole day shows no time
    assert "Mar 30 15:00" in rmlog("due", "--within", "30d").stdout
    assert "due 2026-03-30 15:00" in rmlog("edit-promise", "1", "--what", "intro to the CFO").stdout


def test_show_json_is_not_due_while_snoozed(rmlog, monkeypatch):
    monkeypatch.setenv("RMLOG_NOW", "2026-01-01T09:00:00")
    rmlog("add", "Eve", "--circle", "inner")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00:00")
    assert rmlog.json("show", "eve")["due"] is True
    rmlog("snooze", "eve", "--until", "2w")
    doc = rmlog.json("show", "eve")
    assert doc["due"] is False and doc["status"]["days_overdue"] > 0
    assert "snoozed until Mar 24" in rmlog("show", "eve").stdout


def test_periphery_is_due_only_with_a_cadence_of_its_own(rmlog, monkeypatch):
    monkeypatch.setenv("RMLOG_NOW", "2026-01-01T09:00:00")
    rmlog("add", "Dan Wu", "--circle", "periphery", "--cadence", "3w")
    rmlog("add", "Pat", "--circle", "periphery")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00:00")
    assert [p["handle"] for p in rmlog.json("due")["people"]] == ["dan-wu"]
    assert "no cadence (periphery)" in rmlog("show", "pat").stdout


def test_never_contacted_has_no_last_contact(rmlog, monkeypatch):
    monkeypatch.setenv("RMLOG_NOW", "2026-01-01T09:00:00")
    rmlog("add", "Nora", "--circle", "inner")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00:00")
    [entry] = rmlog.json("due")["people"]
    assert entry["last_contact"] is None and entry["days_since"] == 68
    assert rmlog.json("people")[0]["last_contact"] is None
    assert rmlog.json("review", "--since", "90d")["not_seen_2x"][0]["last_contact"] is None


def test_drifting_starts_at_twice_the_cadence(rmlog, monkeypatch):
    """README: 'at twice the cadence or more'; the code agrees (days >= 2 x cadence)."""
    monkeypatch.setenv("RMLOG_NOW", "2026-02-10T09:00:00")
    rmlog("add", "Ines", "--circle", "inner")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-09T09:00:00")
    assert rmlog.json("due")["people"][0]["drifting"] is False  # 27 days
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00:00")
    assert rmlog.json("due")["people"][0]["drifting"] is True  # 28 days: exactly twice
    assert "drifting +14d" in rmlog("due").stdout
