"""The date grammar's phrase table: what people type, at fixed times around a month end, a
year end and Berlin's two DST changes (2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00).

Expected values are UTC instants (compared as instants, so no wall-time or fold trap). Berlin
is UTC+1 in winter (CET) and UTC+2 in summer (CEST).
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from rmlog.dates import parse_due, parse_since, parse_when
from rmlog.errors import InputError

BERLIN = ZoneInfo("Europe/Berlin")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


TUESDAY = local(2026, 3, 10, 9, 30)        # 08:30 UTC; the "now"
SATURDAY = local(2026, 3, 14, 10, 0)       # 09:00 UTC
MONTH_START = local(2026, 3, 1, 0, 15)     # a Sunday; 2026-02-28 23:15 UTC
YEAR_END = local(2026, 12, 31, 23, 30)     # a Thursday; 22:30 UTC
DECEMBER = local(2026, 12, 10, 12, 0)      # a Thursday; 11:00 UTC
SPRING_EVE = local(2026, 3, 28, 20, 0)     # Saturday before the spring change; 19:00 UTC
SPRING = local(2026, 3, 29, 12, 0)         # the Sunday of the change, CEST; 10:00 UTC
AUTUMN_EVE = local(2026, 10, 24, 20, 0)    # Saturday before the autumn change, CEST; 18:00 UTC
AUTUMN = local(2026, 10, 25, 12, 0)        # the Sunday of the change, CET; 11:00 UTC

WHEN = [
    (TUESDAY, "now", utc(2026, 3, 10, 8, 30)),
    (TUESDAY, "today", utc(2026, 3, 10, 8, 30)),
    (TUESDAY, "yesterday", utc(2026, 3, 9, 8, 30)),
    (TUESDAY, "yesterday 18:00", utc(2026, 3, 9, 17, 0)),
    (TUESDAY, "yesterday 6pm", utc(2026, 3, 9, 17, 0)),
    (TUESDAY, "Yesterday, 18:00", utc(2026, 3, 9, 17, 0)),
    (TUESDAY, "yesterday at noon", utc(2026, 3, 9, 11, 0)),
    (TUESDAY, "6:30pm yesterday", utc(2026, 3, 9, 17, 30)),
    (TUESDAY, "yesterday 12am", utc(2026, 3, 8, 23, 0)),
    (TUESDAY, "yesterday 12pm", utc(2026, 3, 9, 11, 0)),
    (TUESDAY, "today 9:00", utc(2026, 3, 10, 8, 0)),
    (TUESDAY, "9am", utc(2026, 3, 10, 8, 0)),
    (TUESDAY, "9 am", utc(2026, 3, 10, 8, 0)),
    (TUESDAY, "midnight", utc(2026, 3, 9, 23, 0)),
    (TUESDAY, "last fri 18:00", utc(2026, 3, 6, 17, 0)),
    (TUESDAY, "fri 18:00", utc(2026, 3, 6, 17, 0)),
    (TUESDAY, "sunday noon", utc(2026, 3, 8, 11, 0)),
    (TUESDAY, "mon 8pm", utc(2026, 3, 9, 19, 0)),
    (TUESDAY, "tue", utc(2026, 3, 3, 8, 30)),
    (TUESDAY, "tue 9:00", utc(2026, 3, 10, 8, 0)),
    (TUESDAY, "tue 10:00", utc(2026, 3, 3, 9, 0)),
    (TUESDAY, "last tuesday", utc(2026, 3, 3, 8, 30)),
    (TUESDAY, "this fri", utc(2026, 3, 6, 8, 30)),
    (TUESDAY, "2 hours ago", utc(2026, 3, 10, 6, 30)),
    (TUESDAY, "an hour ago", utc(2026, 3, 10, 7, 30)),
    (TUESDAY, "90 minutes ago", utc(2026, 3, 10, 7, 0)),
    (TUESDAY, "30 min ago", utc(2026, 3, 10, 8, 0)),
    (TUESDAY, "3d ago", utc(2026, 3, 7, 8, 30)),
    (TUESDAY, "3 days ago 7pm", utc(2026, 3, 7, 18, 0)),
    (TUESDAY, "a week ago", utc(2026, 3, 3, 8, 30)),
    (TUESDAY, "jan 15", utc(2026, 1, 15, 8, 30)),
    (TUESDAY, "15 jan", utc(2026, 1, 15, 8, 30)),
    (TUESDAY, "jan 15 2025", utc(2025, 1, 15, 8, 30)),
    (TUESDAY, "15 January 2025 14:00", utc(2025, 1, 15, 13, 0)),
    (TUESDAY, "march 10", utc(2026, 3, 10, 8, 30)),
    (TUESDAY, "mar 11", utc(2025, 3, 11, 8, 30)),
    (TUESDAY, "march 4th", utc(2026, 3, 4, 8, 30)),
    (TUESDAY, "2026-03-04", utc(2026, 3, 4, 8, 30)),
    (TUESDAY, "2026-03-04 15:00", utc(2026, 3, 4, 14, 0)),
    (TUESDAY, "2026-03-04 3pm", utc(2026, 3, 4, 14, 0)),
    (TUESDAY, "2026-03-04T15:00+01:00", utc(2026, 3, 4, 14, 0)),
    (TUESDAY, "25/12/2025", utc(2025, 12, 25, 8, 30)),
    (TUESDAY, "12/25/2025", utc(2025, 12, 25, 8, 30)),
    (TUESDAY, "25/12", utc(2025, 12, 25, 8, 30)),
    (SATURDAY, "fri 18:00", utc(2026, 3, 13, 17, 0)),
    (SATURDAY, "fri", utc(2026, 3, 13, 9, 0)),
    (SATURDAY, "sat 9:00", utc(2026, 3, 14, 8, 0)),
    (SATURDAY, "sat 11:00", utc(2026, 3, 7, 10, 0)),
    (MONTH_START, "yesterday", utc(2026, 2, 27, 23, 15)),
    (MONTH_START, "feb 28 23:00", utc(2026, 2, 28, 22, 0)),
    (MONTH_START, "last sat 22:00", utc(2026, 2, 28, 21, 0)),
    (MONTH_START, "3 days ago", utc(2026, 2, 25, 23, 15)),
    (YEAR_END, "yesterday 18:00", utc(2026, 12, 30, 17, 0)),
    (YEAR_END, "dec 31", utc(2026, 12, 31, 22, 30)),
    (YEAR_END, "jan 1", utc(2026, 1, 1, 22, 30)),
    (YEAR_END, "2 hours ago", utc(2026, 12, 31, 20, 30)),
    (DECEMBER, "jan 15", utc(2026, 1, 15, 11, 0)),
    (DECEMBER, "dec 11", utc(2025, 12, 11, 11, 0)),
    # 02:30 does not exist on 2026-03-29: it moves on by the gap to 03:30 CEST.
    (SPRING, "today 2:30", utc(2026, 3, 29, 1, 30)),
    (SPRING, "today 3:30", utc(2026, 3, 29, 1, 30)),
    (SPRING, "today 1:30", utc(2026, 3, 29, 0, 30)),
    (SPRING, "midnight", utc(2026, 3, 28, 23, 0)),
    (SPRING, "yesterday 12:00", utc(2026, 3, 28, 11, 0)),
    (SPRING, "yesterday", utc(2026, 3, 28, 11, 0)),
    (SPRING, "1d ago", utc(2026, 3, 28, 11, 0)),
    (SPRING, "3 hours ago", utc(2026, 3, 29, 7, 0)),
    (SPRING, "12 hours ago", utc(2026, 3, 28, 22, 0)),
    (SPRING, "sat 2:30", utc(2026, 3, 28, 1, 30)),
    # 02:30 happens twice on 2026-10-25: the first, still summer time, is meant.
    (AUTUMN, "today 2:30", utc(2026, 10, 25, 0, 30)),
    (AUTUMN, "today 1:30", utc(2026, 10, 24, 23, 30)),
    (AUTUMN, "today 3:30", utc(2026, 10, 25, 2, 30)),
    (AUTUMN, "yesterday 12:00", utc(2026, 10, 24, 10, 0)),
    (AUTUMN, "1d ago", utc(2026, 10, 24, 10, 0)),
    (AUTUMN, "3 hours ago", utc(2026, 10, 25, 8, 0)),
    (AUTUMN, "12 hours ago", utc(2026, 10, 24, 23, 0)),
    (AUTUMN, "sat 18:00", utc(2026, 10, 24, 16, 0)),
]

DUE = [
    (TUESDAY, "today", utc(2026, 3, 10, 22, 59, 59)),
    (TUESDAY, "tomorrow 9am", utc(2026, 3, 11, 8, 0)),
    (TUESDAY, "fri 5pm", utc(2026, 3, 13, 16, 0)),
    (TUESDAY, "fri", utc(2026, 3, 13, 22, 59, 59)),
    (TUESDAY, "fri at 5pm", utc(2026, 3, 13, 16, 0)),
    (TUESDAY, "5pm fri", utc(2026, 3, 13, 16, 0)),
    (TUESDAY, "next mon", utc(2026, 3, 16, 22, 59, 59)),
    (TUESDAY, "tue", utc(2026, 3, 17, 22, 59, 59)),
    (TUESDAY, "tue 5pm", utc(2026, 3, 10, 16, 0)),
    (TUESDAY, "tue 8am", utc(2026, 3, 17, 7, 0)),
    (TUESDAY, "noon", utc(2026, 3, 10, 11, 0)),
    (TUESDAY, "in 3 days", utc(2026, 3, 13, 22, 59, 59)),
    (TUESDAY, "in 2 hours", utc(2026, 3, 10, 10, 30)),
    (TUESDAY, "in 2 weeks", utc(2026, 3, 24, 22, 59, 59)),
    (TUESDAY, "in 3 weeks", utc(2026, 3, 31, 21, 59, 59)),
    (TUESDAY, "eow", utc(2026, 3, 15, 22, 59, 59)),
    (TUESDAY, "end of week", utc(2026, 3, 15, 22, 59, 59)),
    (TUESDAY, "eom", utc(2026, 3, 31, 21, 59, 59)),
    (TUESDAY, "end of month", utc(2026, 3, 31, 21, 59, 59)),
    (TUESDAY, "end of month 18:00", utc(2026, 3, 31, 16, 0)),
    (TUESDAY, "jan 15", utc(2027, 1, 15, 22, 59, 59)),
    (TUESDAY, "march 10", utc(2026, 3, 10, 22, 59, 59)),
    (TUESDAY, "mar 9", utc(2027, 3, 9, 22, 59, 59)),
    (TUESDAY, "1 apr", utc(2026, 4, 1, 21, 59, 59)),
    (TUESDAY, "2026-04-01", utc(2026, 4, 1, 21, 59, 59)),
    (TUESDAY, "2026-04-01 12:00", utc(2026, 4, 1, 10, 0)),
    (TUESDAY, "31/3", utc(2026, 3, 31, 21, 59, 59)),
    (TUESDAY, "feb 29", utc(2028, 2, 29, 22, 59, 59)),
    (MONTH_START, "eom", utc(2026, 3, 31, 21, 59, 59)),
    (MONTH_START, "eow", utc(2026, 3, 1, 22, 59, 59)),
    (MONTH_START, "tomorrow 6:30pm", utc(2026, 3, 2, 17, 30)),
    (YEAR_END, "tomorrow", utc(2027, 1, 1, 22, 59, 59)),
    (YEAR_END, "jan 15", utc(2027, 1, 15, 22, 59, 59)),
    (YEAR_END, "eom", utc(2026, 12, 31, 22, 59, 59)),
    (YEAR_END, "eow", utc(2027, 1, 3, 22, 59, 59)),
    (YEAR_END, "in 1 hour", utc(2026, 12, 31, 23, 30)),
    (YEAR_END, "fri 9am", utc(2027, 1, 1, 8, 0)),
    (YEAR_END, "next thu", utc(2027, 1, 7, 22, 59, 59)),
    (YEAR_END, "tomorrow midnight", utc(2026, 12, 31, 23, 0)),
    (DECEMBER, "jan 15", utc(2027, 1, 15, 22, 59, 59)),
    (DECEMBER, "dec 10", utc(2026, 12, 10, 22, 59, 59)),
    (DECEMBER, "15 jan 9:00", utc(2027, 1, 15, 8, 0)),
    (SPRING_EVE, "tomorrow 2:30", utc(2026, 3, 29, 1, 30)),
    (SPRING_EVE, "tomorrow 9am", utc(2026, 3, 29, 7, 0)),
    (SPRING_EVE, "in 12 hours", utc(2026, 3, 29, 7, 0)),
    (SPRING_EVE, "sun noon", utc(2026, 3, 29, 10, 0)),
    (SPRING, "today", utc(2026, 3, 29, 21, 59, 59)),
    (SPRING, "tomorrow 2:30", utc(2026, 3, 30, 0, 30)),
    (SPRING, "in 24 hours", utc(2026, 3, 30, 10, 0)),
    (SPRING, "in 1 day", utc(2026, 3, 30, 21, 59, 59)),
    (AUTUMN_EVE, "tomorrow 2:30", utc(2026, 10, 25, 0, 30)),
    (AUTUMN_EVE, "in 8 hours", utc(2026, 10, 25, 2, 0)),
    (AUTUMN_EVE, "sun 9am", utc(2026, 10, 25, 8, 0)),
    (AUTUMN, "tomorrow 2:30", utc(2026, 10, 26, 1, 30)),
    (AUTUMN, "eom", utc(2026, 10, 31, 22, 59, 59)),
    (AUTUMN, "in 1 week", utc(2026, 11, 1, 22, 59, 59)),
]

SINCE = [
    (SPRING, "yesterday", utc(2026, 3, 27, 23, 0)),
    (SPRING, "today", utc(2026, 3, 28, 23, 0)),
    (SPRING, "today 2:30", utc(2026, 3, 29, 1, 30)),
    (AUTUMN, "today", utc(2026, 10, 24, 22, 0)),
    (TUESDAY, "last fri", utc(2026, 3, 5, 23, 0)),
    (TUESDAY, "jan 1", utc(2025, 12, 31, 23, 0)),
    (TUESDAY, "2 hours ago", utc(2026, 3, 10, 6, 30)),
]

REFUSED = [
    "fri foo", "9am blah", "yesterday 25:00", "13pm", "0am", "12:60", "feb 30", "2026-02-30",
    "last", "in", "ago", "3 ago", "in 3", "in 3 fortnights", "tomorrow tomorrow", "18:00 18:00",
    "next blursday", "jan", "6", "at", "end of", "2 hours ago 18:00", "yesterday\n18:00 x",
]


def _name(case) -> str:
    return f"{case[0]:%m-%d_%H%M}-{case[1]}"


@pytest.mark.parametrize("now, text, expected", WHEN, ids=map(_name, WHEN))
def test_when(now, text, expected):
    value = parse_when(text, now)
    assert value == expected
    assert value.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("now, text, expected", DUE, ids=map(_name, DUE))
def test_due(now, text, expected):
    assert parse_due(text, now) == expected


@pytest.mark.parametrize("now, text, expected", SINCE, ids=map(_name, SINCE))
def test_since(now, text, expected):
    assert parse_since(text, now) == expected


def test_the_table_is_long_enough():
    assert len(WHEN) + len(DUE) + len(SINCE) >= 80


@pytest.mark.parametrize("text", ["tomorrow 9am", "noon", "next mon", "in 2 hours", "eom"])
def test_when_refuses_what_has_not_happened(text):
    with pytest.raises(InputError, match="in the future"):
        parse_when(text, TUESDAY)


@pytest.mark.parametrize("parse", [parse_when, parse_due])
@pytest.mark.parametrize("text", REFUSED)
def test_a_phrase_is_read_whole_or_refused_by_name(parse, text):
    with pytest.raises(InputError) as refused:
        parse(text, TUESDAY)
    message = str(refused.value)
    assert message.startswith(f"could not understand date {text!r}")
    assert "'fri 5pm'" in message and "\n" not in message


def test_the_refusal_names_the_words_it_could_not_read():
    with pytest.raises(InputError, match=r"\(at 'sharp'\)"):
        parse_due("fri 5pm sharp", TUESDAY)


@pytest.mark.parametrize("parse", [parse_when, parse_due])
@pytest.mark.parametrize("text", ["03/04", "03/04/2026", "3.4.2026", "03-04-2026"])
def test_numeric_dates_that_could_be_either_way_are_refused(parse, text):
    with pytest.raises(InputError, match="ambiguous date"):
        parse(text, TUESDAY)


# The same grammar through the command line (RMLOG_NOW is Tuesday 2026-03-10 09:00 Berlin).

def _stored(value) -> datetime:
    """A stored UTC time: SQLite keeps text, PostgreSQL a timestamp."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value.replace(tzinfo=None)


def test_log_when_yesterday_at_six_stores_that_time(rmlog):
    rmlog("add", "Alice")
    result = rmlog("log", "alice", "-m", "dinner", "--when", "yesterday 18:00")
    assert "on 2026-03-09 18:00" in result.stdout
    [(stored,)] = rmlog.sql("select occurred_at from interaction")
    assert _stored(stored) == datetime(2026, 3, 9, 17, 0)


def test_log_when_a_time_alone_is_today_at_that_time_not_now(rmlog):
    rmlog("add", "Alice")
    rmlog("log", "alice", "-m", "standup", "--when", "8am")
    [(stored,)] = rmlog.sql("select occurred_at from interaction")
    assert _stored(stored) == datetime(2026, 3, 10, 7, 0)


def test_log_when_nine_am_is_nine_local(rmlog):
    rmlog("add", "Alice")
    doc = rmlog.json("log", "alice", "-m", "standup", "--when", "9am")
    assert doc["occurred_at"] == "2026-03-10T09:00:00+01:00"


def test_due_jan_15_in_december_is_next_january(rmlog, monkeypatch):
    monkeypatch.setenv("RMLOG_NOW", "2026-12-10T12:00:00")
    rmlog("add", "Alice")
    doc = rmlog.json("promise", "alice", "send the deck", "--due", "jan 15")
    assert doc["due_at"] == "2027-01-15T23:59:59+01:00"
    assert rmlog.json("due")["commitments"] == []  # not overdue at once


def test_due_fri_5pm_keeps_the_time(rmlog):
    rmlog("add", "Alice")
    doc = rmlog.json("promise", "alice", "send the deck", "--due", "fri 5pm")
    assert doc["due_at"] == "2026-03-13T17:00:00+01:00"


def test_edit_log_takes_the_readmes_example(rmlog):
    rmlog("add", "Alice")
    rmlog("log", "alice", "-m", "lunch")
    rmlog("edit-log", "1", "--when", "yesterday 18:00")
    [(stored,)] = rmlog.sql("select occurred_at from interaction")
    assert _stored(stored) == datetime(2026, 3, 9, 17, 0)


def test_a_half_understood_date_changes_nothing(rmlog):
    rmlog("add", "Alice")
    before = rmlog.snapshot()
    message = rmlog.error("log", "alice", "-m", "x", "--when", "yesterday at six-ish")
    assert message.startswith("rmlog: error: could not understand date 'yesterday at six-ish'")
    assert "(at 'at six-ish')" in message and "'fri 5pm'" in message
    assert rmlog.snapshot() == before


@pytest.mark.parametrize("parse", [parse_when, parse_due, parse_since])
@pytest.mark.parametrize("text", ["now", "yesterday", "9am", "2 hours ago", "2026-03-04T15:00+05:00"])
def test_every_option_returns_aware_utc(parse, text):
    assert parse(text, TUESDAY).utcoffset().total_seconds() == 0


def test_since_takes_a_duration_or_any_phrase_a_time_included():
    assert parse_since("30d", TUESDAY) == utc(2026, 2, 8, 8, 30)
    assert parse_since("30d", TUESDAY).utcoffset().total_seconds() == 0
    assert parse_since("9am", TUESDAY) == utc(2026, 3, 10, 8, 0)
    assert parse_since("yesterday 6pm", TUESDAY) == utc(2026, 3, 9, 17, 0)


def test_snooze_until_a_time_today_or_a_duration(rmlog):
    rmlog("add", "Alice")
    assert rmlog.json("snooze", "alice", "--until", "5pm")["snoozed_until"] == "2026-03-10T17:00:00+01:00"
    assert rmlog.json("snooze", "alice", "--until", "2w")["snoozed_until"] == "2026-03-24T23:59:59+01:00"
