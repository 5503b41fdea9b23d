"""rmlog due: edges of the morning report (now is Tue 2026-03-10 09:00 Berlin)."""

import pytest


@pytest.fixture
def at(monkeypatch):
    def set_now(moment: str):
        monkeypatch.setenv("RMLOG_NOW", moment)
    return set_now


def test_empty_journal_points_to_add(rmlog):
    assert rmlog("due").stdout == 'No people yet. Add one with: rmlog add "Alice Smith" --circle inner\n'
    assert rmlog("due", "--exit-code").exit_code == 0


def test_nothing_due_is_all_caught_up(rmlog):
    rmlog("add", "Ines", "--circle", "inner")
    assert rmlog("due").stdout == "All caught up: nobody to reconnect with, no promises due.\n"


def test_exit_code_is_one_when_anything_is_due(rmlog, at):
    at("2026-02-01T09:00")
    rmlog("add", "Ines", "--circle", "inner")
    at("2026-03-10T09:00")
    assert rmlog("due", "--exit-code", code=1).stdout.startswith("Reconnect with (1)")
    assert rmlog("due").exit_code == 0


def test_due_exactly_at_cadence_not_a_day_before(rmlog, at):
    at("2026-02-24T22:00")
    rmlog("add", "Ines", "--circle", "inner")
    at("2026-03-09T23:59")
    assert rmlog.json("due")["people"] == []
    at("2026-03-10T00:01")
    assert [p["days_since"] for p in rmlog.json("due")["people"]] == [14]


def test_snooze_hides_until_the_end_of_that_day(rmlog, at):
    at("2026-01-01T09:00")
    rmlog("add", "Ines", "--circle", "inner")
    at("2026-03-10T09:00")
    assert rmlog("snooze", "ines", "--until", "2026-03-12").stdout == "Snoozed ines until 2026-03-12.\n"
    assert rmlog.json("due")["people"] == []
    at("2026-03-12T23:59")
    assert rmlog.json("due")["people"] == []
    at("2026-03-13T00:00")
    assert [p["handle"] for p in rmlog.json("due")["people"]] == ["ines"]


def test_snooze_takes_durations_and_refuses_the_past(rmlog):
    rmlog("add", "Ines")
    assert rmlog.json("snooze", "ines", "--until", "2w")["snoozed_until"] == "2026-03-24T23:59:59+01:00"
    assert "not in the future" in rmlog.error("snooze", "ines", "--until", "yesterday")


def test_archived_and_periphery_never_appear(rmlog, at):
    at("2025-01-01T09:00")
    rmlog("add", "Old", "--circle", "inner")
    rmlog("add", "Far", "--circle", "periphery")
    rmlog("archive", "old")
    at("2026-03-10T09:00")
    assert rmlog.json("due")["people"] == []


def test_filters_and_limit(rmlog, at):
    at("2025-01-01T09:00")
    rmlog("add", "Ann", "--circle", "inner", "--tag", "investor")
    rmlog("add", "Ben", "--circle", "core")
    rmlog("add", "Cat", "--circle", "core", "--tag", "investor")
    rmlog("promise", "ann", "send memo", "--due", "2025-02-01")
    at("2026-03-10T09:00")
    assert [p["handle"] for p in rmlog.json("due")["people"]] == ["ann", "ben", "cat"]
    assert [p["handle"] for p in rmlog.json("due", "--circle", "core")["people"]] == ["ben", "cat"]
    tagged = rmlog.json("due", "--tag", "investor")
    assert [p["handle"] for p in tagged["people"]] == ["ann", "cat"]
    assert [c["person"] for c in tagged["commitments"]] == ["ann"]
    assert rmlog.json("due", "--circle", "core")["commitments"] == []
    assert [p["handle"] for p in rmlog.json("due", "--limit", "1")["people"]] == ["ann"]


def test_within_window_brings_in_next_weeks_promises_and_birthdays(rmlog):
    rmlog("add", "Ann", "--birthday", "1990-03-15")
    rmlog("add", "Ben", "--birthday", "03-20")
    rmlog("promise", "ann", "send memo", "--due", "fri")
    rmlog("promise", "ben", "call", "--due", "2026-03-20")
    assert rmlog.json("due")["commitments"] == []
    week = rmlog.json("due", "--within", "7d")
    assert [(c["id"], c["overdue"]) for c in week["commitments"]] == [(1, False)]
    assert week["birthdays"] == [
        {"handle": "ann", "name": "Ann", "date": "2026-03-15", "days_until": 5, "age": 36}
    ]
    assert "Birthdays (1)" in rmlog("due", "--within", "1w").stdout


def test_tag_cadence_beats_circle_and_own_cadence_beats_tag(rmlog, at):
    at("2026-02-20T09:00")
    rmlog("add", "Fay", "--tag", "family")
    rmlog("add", "Gus", "--tag", "family", "--cadence", "30d")
    at("2026-03-10T09:00")
    assert [(p["handle"], p["cadence_days"]) for p in rmlog.json("due")["people"]] == [("fay", 14)]


def test_config_file_changes_cadences(rmlog, at, tmp_path, monkeypatch):
    config = tmp_path / "config" / "rmlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[cadence.circles]\nnetwork = 7\ninner = 0\n\n[cadence.tags]\nvip = 3\n")
    at("2026-03-05T09:00")
    rmlog("add", "Net")
    rmlog("add", "Inn", "--circle", "inner")
    rmlog("add", "Vip", "--circle", "inner", "--tag", "vip")
    at("2026-03-10T09:00")
    assert [(p["handle"], p["cadence_days"]) for p in rmlog.json("due")["people"]] == [("vip", 3)]
    at("2026-03-12T09:00")
    assert [p["handle"] for p in rmlog.json("due")["people"]] == ["vip", "net"]
    shown = rmlog.json("config")
    assert shown["path"] == str(config)
    assert shown["circles"]["inner"] is None and shown["tags"] == {"family": 14, "vip": 3}


@pytest.mark.parametrize("content", ["[cadence.circles\n", "[cadence.circles]\ninner = 'weekly'\n"])
def test_bad_config_is_a_one_line_error(rmlog, tmp_path, monkeypatch, content):
    config = tmp_path / "my.toml"
    config.write_text(content)
    monkeypatch.setenv("RMLOG_CONFIG", str(config))
    assert str(config) in rmlog.error("due")


def test_bad_within(rmlog):
    assert "bad duration" in rmlog.error("due", "--within", "soon")


def test_the_sql_bound_never_changes_who_is_due(rmlog, monkeypatch):
    """person_statuses(stale=...) only skips people due_people would reject anyway."""
    import random
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from rmlog.config import load_cadences
    from rmlog.reports.due import due_people, stale_bounds
    from rmlog.store.engine import open_store
    from rmlog.store.rows import person_statuses

    rng = random.Random(7)
    monkeypatch.setenv("RMLOG_NOW", "2025-12-01T09:00")
    for n in range(40):
        args = ["add", f"P{n}", "--circle", rng.choice(["inner", "core", "network", "periphery"])]
        args += rng.choice([[], ["--tag", "family"], ["--tag", "other"], ["--cadence", f"{rng.randint(1, 40)}d"]])
        rmlog(*args)
        when = f"2026-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d} {rng.choice(['00:10', '12:00', '23:50'])}"
        if rng.random() < 0.8 and when < "2026-03-10":
            monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00")
            rmlog("log", f"p{n}", "--when", when)
            monkeypatch.setenv("RMLOG_NOW", "2025-12-01T09:00")
    config = load_cadences()
    berlin = ZoneInfo("Europe/Berlin")
    for moment in [datetime(2026, 3, 10, 0, 5, tzinfo=berlin), datetime(2026, 3, 10, 23, 55, tzinfo=berlin),
                   datetime(2026, 4, 2, 9, 0, tzinfo=berlin)]:
        with open_store() as session:
            everyone = person_statuses(session)
            bounded = person_statuses(session, stale=stale_bounds(config, moment))
        assert len(bounded) < len(everyone)
        assert due_people(bounded, moment, config) == due_people(everyone, moment, config)


def test_birthdays_on_leap_day_and_across_new_year(rmlog, monkeypatch):
    rmlog("add", "Leap", "--birthday", "2000-02-29")
    rmlog("add", "Eve", "--birthday", "12-31")
    rmlog("add", "Later", "--birthday", "1990-06-01")
    monkeypatch.setenv("RMLOG_NOW", "2027-02-28T09:00")
    assert [(b["handle"], b["date"], b["age"]) for b in rmlog.json("due")["birthdays"]] == [("leap", "2027-02-28", 27)]
    monkeypatch.setenv("RMLOG_NOW", "2026-12-30T09:00")
    assert [(b["handle"], b["days_until"]) for b in rmlog.json("due", "--within", "3d")["birthdays"]] == [("eve", 1)]


@pytest.fixture
def crowd(rmlog, at):
    """Twelve people due (the longest unseen most urgent), a promise due and a birthday today."""
    for n in range(1, 13):
        at(f"2025-{n:02d}-01T09:00")
        rmlog("add", f"P{n:02d}", "--circle", "inner", *(["--birthday", "03-10"] if n == 12 else []))
    rmlog("promise", "p12", "send memo", "--due", "2026-03-01")
    at("2026-03-10T09:00")
    return rmlog


def test_due_shows_a_days_capacity_then_how_many_more(crowd):
    out = crowd("due").stdout
    rows = [line.split()[0] for line in out.splitlines() if line.startswith("P")]
    assert rows[:10] == [f"P{n:02d}" for n in range(1, 11)]
    assert out.startswith("Reconnect with (12)\n")
    assert "\nand 2 more — rmlog due --all\n\nPromises due (1)\n" in out
    assert out.endswith("Birthdays (1)\nperson  birthday  in\nP12     Mar 10    today\n")  # always shown
    everyone = crowd("due", "--all").stdout
    assert "more" not in everyone and "\nP12 " in everyone and "\nP11 " in everyone
    assert "and 9 more — rmlog due --all" in crowd("due", "--limit", "3").stdout
    assert "--all or --limit" in crowd.error("due", "--all", "--limit", "3")


def test_due_json_lists_everyone_unless_limited_and_counts_the_rest(crowd):
    full = crowd.json("due")
    assert (len(full["people"]), full["more"]) == (12, 0)
    limited = crowd.json("due", "--limit", "5")
    assert ([p["handle"] for p in limited["people"]], limited["more"]) == ([f"p{n:02d}" for n in range(1, 6)], 7)
    assert crowd.json("prompt")["people"] == 12
    assert crowd("due", "--exit-code", code=1).stdout.startswith("Reconnect with (12)")


def test_due_capacity_comes_from_the_config(crowd, tmp_path):
    config = tmp_path / "config" / "rmlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[due]\ncapacity = 3\n")
    assert "\nand 9 more — rmlog due --all\n" in crowd("due").stdout
    assert len(crowd.json("due")["people"]) == 12
    config.write_text("[due]\ncapacity = 0\n")
    assert "due.capacity" in crowd.error("due")


@pytest.fixture
def busy(rmlog, at, tmp_path):
    """Thirteen people due with birthdays over the coming week (B13 soonest, B01 latest),
    fifteen promises due: B05's promise long overdue, thirteen overdue since Mar 1, and
    B07's due tonight."""
    at("2025-01-01T09:00")
    rows = "".join(f'"B{n:02d}","--03-{16 - (n - 1) // 2}"\n' for n in range(1, 14))
    (tmp_path / "busy.csv").write_text('"name","birthday"\n' + rows)
    rmlog("import", str(tmp_path / "busy.csv"), "--circle", "inner")
    at("2026-02-20T09:00")
    rmlog("log", *(f"b{n:02d}" for n in range(1, 14)), "-m", "call", "--promise", "memo", "--due", "2026-03-01")
    rmlog("promise", "b05", "the old memo", "--due", "2026-02-01")
    rmlog("promise", "b07", "the call notes", "--due", "2026-03-10 18:00")
    at("2026-03-10T09:00")
    return rmlog


def sections(out: str) -> dict[str, list[str]]:
    """A text report's sections by title: the lines under each (header, rows, what is left)."""
    return {lines[0]: lines[1:] for lines in (part.splitlines() for part in out.split("\n\n"))}


def test_every_section_keeps_to_the_days_capacity(busy):
    report = sections(busy("due").stdout)
    assert list(report) == ["Reconnect with (13)", "Promises due (15)", "Birthdays (13)"]
    people, promises, birthdays = report.values()
    assert len(people) == 1 + 10 + 1 and people[-1] == "and 3 more — rmlog due --all"
    assert len(promises) == 1 + 10 + 1 and promises[-1] == "and 5 more promises — rmlog due --all"
    assert "the old memo" in promises[1] and "overdue" in promises[1]  # the oldest overdue first
    assert not any("the call notes" in row for row in promises)  # due tonight, not yet overdue: cut
    assert len(birthdays) == 1 + 10 + 1 and birthdays[-1] == "and 3 more birthdays — rmlog due --all"
    assert [row.split()[0] for row in birthdays[1:3]] == ["B13", "B11"]  # soonest first (B12 shares B11's day)
    assert not any(row.startswith(("B01", "B02")) for row in birthdays)  # the latest ones are cut


def test_all_lists_every_section_whole_and_limit_cuts_only_people(busy):
    people, promises, birthdays = sections(busy("due", "--all").stdout).values()
    assert (len(people), len(promises), len(birthdays)) == (1 + 13, 1 + 15, 1 + 13)
    assert "more" not in "".join(people + promises + birthdays)
    assert "the call notes" in promises[-1]
    people, promises, birthdays = sections(busy("due", "--limit", "2").stdout).values()
    assert (len(people), people[-1]) == (1 + 2 + 1, "and 11 more — rmlog due --all")
    assert (len(promises), len(birthdays)) == (1 + 10 + 1, 1 + 10 + 1)


def test_the_capacity_setting_cuts_promises_and_birthdays_too(busy, tmp_path):
    config = tmp_path / "config" / "rmlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[due]\ncapacity = 1\n")
    people, promises, birthdays = sections(busy("due").stdout).values()
    assert (len(people), len(promises), len(birthdays)) == (3, 3, 3)
    assert (promises[-1], birthdays[-1]) == (
        "and 14 more promises — rmlog due --all", "and 12 more birthdays — rmlog due --all")


def test_json_still_lists_every_promise_and_birthday(busy):
    report = busy.json("due")
    assert list(report) == ["schema", "now", "people", "commitments", "birthdays", "more"]
    assert (len(report["people"]), len(report["commitments"]), len(report["birthdays"]), report["more"]) == (
        13, 15, 13, 0)
    assert report["commitments"][0]["what"] == "the old memo"
    limited = busy.json("due", "--limit", "2")
    assert (len(limited["people"]), len(limited["commitments"]), len(limited["birthdays"]), limited["more"]) == (
        2, 15, 13, 11)
    assert busy.json("prompt") == {**busy.json("prompt"), "people": 13, "promises": 15, "birthdays": 13}


def test_the_use_case_gives_what_the_command_prints_without_the_command_line(busy):
    from rmlog.app.due import due
    from rmlog.clock import now
    from rmlog.config import load_due
    from rmlog.store.engine import open_store

    config, capacity = load_due()
    with open_store() as session:
        today, everyone = due(session, now(), config, capacity), due(session, now(), config, None)
    assert (len(today.people), today.more, today.promises, today.capacity) == (10, 3, 15, 10)
    assert today.commitments[:10] == everyone.commitments[:10]  # the first ten read, the rest counted
    assert (len(today.commitments), today.report.unlisted) == (11, 4)
    assert today.people[0].last_note == "call" and today.anything_due and not today.empty_journal
    assert {"schema": 1, **everyone.to_json()} == busy.json("due")


def test_on_a_terminal_the_report_fits_the_screen_and_every_section_shows(busy, monkeypatch):
    from rmlog import render

    monkeypatch.setattr(render, "is_terminal", lambda: True)
    monkeypatch.setenv("LINES", "24")
    out = busy("due").stdout
    assert len(out.splitlines()) <= 23  # and the shell's prompt below it
    report = sections(out)
    assert list(report) == ["Reconnect with (13)", "Promises due (15)", "Birthdays (13)"]
    people, promises, birthdays = report.values()
    assert (people[-1], promises[-1], birthdays[-1]) == (
        "and 10 more — rmlog due --all", "and 12 more promises — rmlog due --all",
        "and 10 more birthdays — rmlog due --all")
    assert "the old memo" in promises[2]  # the most urgent stay (header, rule, first row)
    monkeypatch.setenv("LINES", "60")  # a tall screen holds the day's capacity of each
    assert [len(rows) for rows in sections(busy("due").stdout).values()] == [2 + 10 + 1] * 3
    assert sum(len(rows) for rows in sections(busy("due", "--all").stdout).values()) == 3 * 2 + 13 + 15 + 13
