"""Calendar-day arithmetic in the user's local zone (the zone of `now`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone


def _require_aware(*values: datetime) -> None:
    for value in values:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime not allowed: {value!r}")


def local_date(moment: datetime, now: datetime) -> date:
    """The calendar date of `moment` as seen in `now`'s time zone."""
    _require_aware(moment, now)
    return moment.astimezone(now.tzinfo).date()


def staleness_days(last_contact: datetime, now: datetime) -> int:
    """Whole local calendar days from last contact to now (0 if in the future).

    Counted on dates in now's zone, so 23:50 yesterday -> 1 day, and DST
    changes do not matter."""
    return max(0, (local_date(now, now) - local_date(last_contact, now)).days)


def start_of_local_day(day: date, now: datetime) -> datetime:
    """Local midnight starting `day` in now's zone, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=now.tzinfo).astimezone(timezone.utc)


def end_of_window(now: datetime, within_days: int) -> datetime:
    """Exclusive end of 'today + within_days' (the next local midnight after it)."""
    last_day = local_date(now, now) + timedelta(days=within_days)
    return start_of_local_day(last_day + timedelta(days=1), now)


def is_date_only(due_at: datetime, now: datetime) -> bool:
    """A due time at exactly local midnight is read as a whole day ('due Friday')."""
    _require_aware(due_at, now)
    return _whole_day(due_at.astimezone(now.tzinfo))


def is_late(moment: datetime, due_at: datetime, now: datetime) -> bool:
    """Whether `moment` is after the deadline. A date-only due (local midnight)
    lasts the whole day; any other due time is an exact instant."""
    _require_aware(moment, due_at, now)
    return _after(moment, local_date(moment, now), due_at, now.tzinfo)


def late_now(now: datetime) -> Callable[[datetime], bool]:
    """is_late(now, due_at, now) for many deadlines (aware, as the store gives them), with
    now's zone and local date worked out once: a report may test thousands."""
    today = local_date(now, now)
    return lambda due_at: _after(now, today, due_at, now.tzinfo)


def _after(moment: datetime, day: date, due_at: datetime, zone) -> bool:
    """moment, whose local date is day, is after the deadline (see is_late)."""
    local = due_at.astimezone(zone)
    return day > local.date() if _whole_day(local) else moment > due_at


def _whole_day(local_due: datetime) -> bool:
    return local_due.time() == time(0)


def days_until_due(due_at: datetime, now: datetime) -> int:
    """Local calendar days from today to the due date (negative when past)."""
    return (local_date(due_at, now) - local_date(now, now)).days
