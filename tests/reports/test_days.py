from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from rmlog.reports.days import (
    end_of_window,
    is_late,
    local_date,
    staleness_days,
    start_of_local_day,
)

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_staleness_near_midnight_uses_nows_zone():
    now = datetime(2026, 3, 10, 0, 30, tzinfo=BERLIN)
    last = datetime(2026, 3, 9, 23, 50, tzinfo=BERLIN)  # 40 minutes earlier
    assert staleness_days(last, now) == 1
    # Stored in UTC (22:50Z on the 9th), still 1 day: judged in Berlin.
    assert staleness_days(last.astimezone(timezone.utc), now) == 1
    # The same two instants seen from UTC are on the same calendar day.
    now_utc = now.astimezone(timezone.utc)
    assert staleness_days(last, now_utc) == 0


def test_staleness_zone_difference_changes_the_day():
    last = datetime(2026, 3, 9, 20, 0, tzinfo=timezone.utc)  # 05:00 on the 10th in Tokyo
    now = datetime(2026, 3, 10, 9, 0, tzinfo=TOKYO)
    assert staleness_days(last, now) == 0
    assert staleness_days(last, now.astimezone(timezone.utc)) == 1


def test_staleness_across_dst_spring_forward():
    # Berlin moves to CEST on 2026-03-29; only 22h40m elapse here.
    last = datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN)
    now = datetime(2026, 3, 30, 0, 10, tzinfo=BERLIN)
    assert (now - last).days == 0
    assert staleness_days(last, now) == 1


def test_staleness_across_dst_fall_back():
    # Back to CET on 2026-10-25: 25-hour day.
    last = datetime(2026, 10, 24, 23, 30, tzinfo=BERLIN)
    now = datetime(2026, 10, 26, 0, 15, tzinfo=BERLIN)
    assert staleness_days(last, now) == 2


def test_staleness_future_contact_is_zero():
    now = datetime(2026, 3, 10, 12, tzinfo=BERLIN)
    assert staleness_days(datetime(2026, 3, 12, tzinfo=BERLIN), now) == 0


def test_naive_datetimes_rejected():
    with pytest.raises(ValueError):
        staleness_days(datetime(2026, 3, 1), datetime(2026, 3, 2, tzinfo=BERLIN))


def test_local_day_helpers():
    now = datetime(2026, 3, 28, 15, tzinfo=BERLIN)
    assert local_date(datetime(2026, 3, 28, 23, 30, tzinfo=timezone.utc), now) == date(2026, 3, 29)
    assert start_of_local_day(date(2026, 3, 29), now) == datetime(2026, 3, 28, 23, tzinfo=timezone.utc)
    # window end spans the DST change: next midnight is CEST
    assert end_of_window(now, 1) == datetime(2026, 3, 29, 22, tzinfo=timezone.utc)


def test_is_late_date_only_due_lasts_the_day():
    now = datetime(2026, 3, 10, 12, tzinfo=BERLIN)
    due = datetime(2026, 3, 10, tzinfo=BERLIN)  # 'due Tuesday'
    assert not is_late(datetime(2026, 3, 10, 23, 59, tzinfo=BERLIN), due, now)
    assert is_late(datetime(2026, 3, 11, 0, 0, tzinfo=BERLIN), due, now)


def test_is_late_timed_due_is_exact():
    now = datetime(2026, 3, 10, 12, tzinfo=BERLIN)
    due = datetime(2026, 3, 10, 15, 0, tzinfo=BERLIN)
    assert not is_late(due, due, now)
    assert is_late(datetime(2026, 3, 10, 15, 1, tzinfo=BERLIN), due, now)
