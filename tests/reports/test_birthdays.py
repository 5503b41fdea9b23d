from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from rmlog.reports.birthdays import parse_birthday, upcoming_birthdays
from rmlog.reports.data import PersonStatus

BERLIN = ZoneInfo("Europe/Berlin")
CREATED = datetime(2020, 1, 1, tzinfo=timezone.utc)


def person(handle, birthday, **kw):
    return PersonStatus(1, handle, handle.title(), "core", CREATED, birthday=birthday, **kw)


def by_handle(entries):
    return {e.handle: e for e in entries}


def test_parse_formats():
    assert parse_birthday("1990-05-17") == (1990, 5, 17)
    assert parse_birthday("--05-17") == (None, 5, 17)
    assert parse_birthday("--0517") == (None, 5, 17)
    assert parse_birthday("19900517") == (1990, 5, 17)
    assert parse_birthday("--02-29") == (None, 2, 29)
    assert parse_birthday("1604-05-17") == (None, 5, 17)  # Apple's 'no year'
    for bad in (None, "", "--02-30", "1990-02-29", "May 17", "1990-13-01"):
        assert parse_birthday(bad) is None


def test_window_across_year_end():
    now = datetime(2026, 12, 30, 10, tzinfo=BERLIN)
    people = [person("nye", "1980-12-31"), person("newyear", "--01-02"),
              person("late", "--01-03"), person("past", "--12-29")]
    entries = upcoming_birthdays(people, now, within_days=3)
    assert [e.handle for e in entries] == ["nye", "newyear"]
    nye, newyear = entries
    assert (nye.date, nye.days_until, nye.age) == (date(2026, 12, 31), 1, 46)
    assert (newyear.date, newyear.days_until, newyear.age) == (date(2027, 1, 2), 3, None)


def test_today_counts_and_uses_local_date():
    now = datetime(2026, 5, 17, 0, 30, tzinfo=BERLIN)  # still May 16 in UTC
    [entry] = upcoming_birthdays([person("a", "--05-17")], now, within_days=0)
    assert entry.days_until == 0
    assert upcoming_birthdays([person("a", "--05-17")], now.astimezone(timezone.utc), 1)[0].days_until == 1
    assert upcoming_birthdays([person("a", "--05-17")], now.astimezone(timezone.utc), 0) == []


def test_feb_29_in_non_leap_year_is_feb_28():
    people = [person("leap", "2000-02-29")]
    [entry] = upcoming_birthdays(people, datetime(2027, 2, 28, 8, tzinfo=BERLIN), 0)
    assert (entry.date, entry.age) == (date(2027, 2, 28), 27)
    assert upcoming_birthdays(people, datetime(2027, 2, 27, 8, tzinfo=BERLIN), 0) == []
    # the day after Feb 28 in a non-leap year: next is Feb 29 2028, far away
    assert upcoming_birthdays(people, datetime(2027, 3, 1, 8, tzinfo=BERLIN), 300) == []
    [leap] = upcoming_birthdays(people, datetime(2028, 2, 28, 8, tzinfo=BERLIN), 1)
    assert (leap.date, leap.days_until) == (date(2028, 2, 29), 1)


def test_archived_and_missing_skipped():
    now = datetime(2026, 5, 17, 12, tzinfo=BERLIN)
    people = [person("gone", "--05-17", archived_at=now), person("none", None)]
    assert upcoming_birthdays(people, now, 7) == []


def test_json_date():
    [entry] = upcoming_birthdays([person("a", "--05-18")], datetime(2026, 5, 17, tzinfo=BERLIN), 1)
    assert entry.to_json() == {"handle": "a", "name": "A", "date": "2026-05-18",
                               "days_until": 1, "age": None}


def test_window_month_days_cover_the_window_and_leap_day_stand_ins():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from rmlog.reports.birthdays import window_month_days

    berlin = ZoneInfo("Europe/Berlin")
    assert window_month_days(datetime(2026, 12, 30, 23, 30, tzinfo=berlin), 3) == ["01-01", "01-02", "12-30", "12-31"]
    assert "02-29" in window_month_days(datetime(2026, 2, 27, 9, tzinfo=berlin), 1)
    assert "02-29" not in window_month_days(datetime(2026, 2, 26, 9, tzinfo=berlin), 1)
    assert "02-29" in window_month_days(datetime(2028, 2, 29, 9, tzinfo=berlin), 0)
    assert len(window_month_days(datetime(2026, 1, 1, 9, tzinfo=berlin), 400)) == 366
