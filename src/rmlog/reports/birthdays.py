"""Upcoming birthdays for `due`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from .data import PersonStatus
from .days import local_date
from .jsonable import JsonMixin

_BIRTHDAY = re.compile(r"^(?:(\d{4})|--)-?(\d{2})-?(\d{2})$")
MIN_KNOWN_YEAR = 1900
"""Years before this are placeholders (Apple uses 1604 for 'no year')."""


@dataclass(frozen=True)
class BirthdayEntry(JsonMixin):
    """A birthday falling within the window. age is None when the year is unknown."""

    handle: str
    name: str
    date: date
    days_until: int
    age: int | None


def parse_birthday(text: str | None) -> tuple[int | None, int, int] | None:
    """'YYYY-MM-DD', 'YYYYMMDD', '--MM-DD' or '--MMDD' -> (year|None, month, day);
    None when missing or invalid."""
    match = _BIRTHDAY.match((text or "").strip())
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else None
    month, day = int(match.group(2)), int(match.group(3))
    try:
        date(2000, month, day)  # leap year: accepts Feb 29
    except ValueError:
        return None
    if year is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
        if year < MIN_KNOWN_YEAR:
            year = None
    return year, month, day


def occurrence(year: int, month: int, day: int) -> date:
    """The birthday in a given year; Feb 29 falls on Feb 28 in non-leap years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def next_occurrence(month: int, day: int, today: date) -> date:
    """The first occurrence on or after today."""
    this_year = occurrence(today.year, month, day)
    return this_year if this_year >= today else occurrence(today.year + 1, month, day)


def window_month_days(now: datetime, within_days: int = 0) -> list[str]:
    """'MM-DD' of every day from local today through today + within_days, for the store to
    select candidate birthdays; includes '02-29' whenever Feb 28 stands in for it."""
    today = local_date(now, now)
    days = [today + timedelta(days=n) for n in range(min(within_days, 366) + 1)]
    month_days = {f"{d.month:02d}-{d.day:02d}" for d in days}
    if any(occurrence(d.year, 2, 29) == d for d in days):
        month_days.add("02-29")
    return sorted(month_days)


def upcoming_birthdays(
    people: Iterable[PersonStatus], now: datetime, within_days: int = 0
) -> list[BirthdayEntry]:
    """Birthdays from local today through today + within_days, soonest first.
    Archived people are skipped; snoozed people are not (snooze is about contact)."""
    today = local_date(now, now)
    entries = []
    for person in people:
        parsed = parse_birthday(person.birthday)
        if person.archived_at is not None or parsed is None:
            continue
        year, month, day = parsed
        when = next_occurrence(month, day, today)
        if when > today + timedelta(days=within_days):
            continue
        age = when.year - year if year is not None and year <= when.year else None
        entries.append(
            BirthdayEntry(person.handle, person.name, when, (when - today).days, age)
        )
    return sorted(entries, key=lambda e: (e.days_until, e.name.casefold(), e.handle))
