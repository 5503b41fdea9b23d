"""Durations and human dates, relative to a pinned Tuesday morning in Berlin."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rmlog.dates import parse_birthday, parse_due, parse_duration, parse_since, parse_when
from rmlog.errors import InputError

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=BERLIN)  # a Tuesday


def at(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "text, days",
    [("10d", 10), ("3w", 21), ("2m", 60), ("1y", 365), ("14", 14), ("2 weeks", 14), ("0", 0)],
)
def test_durations(text, days):
    assert parse_duration(text) == days


@pytest.mark.parametrize("text", ["", "abc", "3x", "-2d", "d3", "1.5w"])
def test_bad_durations(text):
    with pytest.raises(InputError, match="bad duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("now", NOW),
        ("today", NOW),
        ("yesterday", at(2026, 3, 9, 9, 30)),
        ("3d ago", at(2026, 3, 7, 9, 30)),
        ("2 weeks ago", at(2026, 2, 24, 9, 30)),
        ("mon", at(2026, 3, 9, 9, 30)),
        ("tue", at(2026, 3, 3, 9, 30)),
        ("Tuesday", at(2026, 3, 3, 9, 30)),
        ("last fri", at(2026, 3, 6, 9, 30)),
        ("2026-03-04", at(2026, 3, 4, 9, 30)),
        ("2026-03-04 15:00", at(2026, 3, 4, 15, 0)),
        ("2026-03-04T15:00", at(2026, 3, 4, 15, 0)),
        ("2026-03-04T14:00:00+00:00", at(2026, 3, 4, 15, 0)),
        ("March 4", at(2026, 3, 4, 9, 30)),
        ("4 March 2026 15:00", at(2026, 3, 4, 15, 0)),
        ("25/12/2025", at(2025, 12, 25, 9, 30)),
    ],
)
def test_when(text, expected):
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize("text", ["tomorrow", "in 2 weeks", "2026-03-11", "2026-03-10 10:00"])
def test_when_in_the_future_is_an_error(text):
    with pytest.raises(InputError, match="in the future"):
        parse_when(text, NOW)


@pytest.mark.parametrize("text", ["someday", "last blursday", "2026-13-45", "3 fortnights ago", ""])
def test_bad_dates(text):
    with pytest.raises(InputError, match="could not understand date"):
        parse_when(text, NOW)


def test_numeric_dates_that_could_be_either_way_are_rejected():
    with pytest.raises(InputError, match="ambiguous"):
        parse_when("03/04/2026", NOW)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("today", at(2026, 3, 10, 23, 59, 59)),
        ("tomorrow", at(2026, 3, 11, 23, 59, 59)),
        ("fri", at(2026, 3, 13, 23, 59, 59)),
        ("tue", at(2026, 3, 17, 23, 59, 59)),
        ("next mon", at(2026, 3, 16, 23, 59, 59)),
        ("in 2 weeks", at(2026, 3, 24, 23, 59, 59)),
        ("2026-04-01", at(2026, 4, 1, 23, 59, 59)),
        ("2026-04-01 12:00", at(2026, 4, 1, 12, 0)),
        ("3d ago", at(2026, 3, 7, 23, 59, 59)),
    ],
)
def test_due_dates_look_forward_and_mean_end_of_day(text, expected):
    assert parse_due(text, NOW) == expected


def test_since_takes_a_duration_or_a_date():
    assert parse_since("30d", NOW) == NOW - timedelta(days=30)
    assert parse_since("2026-03-01", NOW) == at(2026, 3, 1, 0, 0)
    with pytest.raises(InputError):
        parse_since("whenever", NOW)


def test_dates_keep_local_time_across_a_dst_change():
    # Berlin moves to summer time on 2026-03-29: a week later is still 09:30 local.
    after_dst = datetime(2026, 4, 2, 9, 30, tzinfo=BERLIN)
    assert parse_when("7d ago", after_dst) == at(2026, 3, 26, 9, 30)


@pytest.mark.parametrize(
    "text, stored",
    [("1985-03-04", "1985-03-04"), ("03-04", "--03-04"), ("--3-4", "--03-04"), ("02-29", "--02-29")],
)
def test_birthdays(text, stored):
    assert parse_birthday(text) == stored


@pytest.mark.parametrize("text", ["1985-02-30", "13-01", "march", "1985"])
def test_bad_birthdays(text):
    with pytest.raises(InputError, match="bad birthday"):
        parse_birthday(text)
