"""Parse durations and human dates (--cadence, --since, --within, --when, --due, --until).

A date without a time means: for --when, that day at the current time of day (never in
the future); for --due and --until, the end of that day. Bare weekday names point back
for --when (1-7 days ago) and forward for --due (1-7 days ahead).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from rmlog.clock import YEARS
from rmlog.errors import InputError

MAX_DAYS = 100 * 365
UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
UNIT_ALIASES = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "month": "m", "months": "m",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DURATION_RE = re.compile(r"^(\d+)\s*([a-z]*)$")
AGO_RE = re.compile(r"^(\d+)\s*([a-z]+)\s+ago$")
IN_RE = re.compile(r"^in\s+(\d+)\s*([a-z]+)$")
WEEKDAY_RE = re.compile(r"^(?:(last|next|this)\s+)?([a-z]+)$")
NUMERIC_DATE_RE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
DATE_HINT = "try 2026-03-04, '2026-03-04 15:00', today, yesterday, tue, 'last fri', '3d ago'"


def parse_duration(text: str, most: int | None = MAX_DAYS) -> int:
    """Days in a duration: 10d, 3w, 2m (30 days), 1y (365 days) or plain days; at most `most`
    days (100 years, which keeps date arithmetic safe; None leaves the bound to the caller)."""
    match = DURATION_RE.match(text.strip().lower())
    unit = UNIT_ALIASES.get(match.group(2) or "d") if match else None
    if unit is None:
        raise InputError(f"bad duration {text!r}: use e.g. 10d, 3w, 2m, 1y or a number of days")
    return _days(match.group(1), unit, text, most)


def is_duration(text: str) -> bool:
    """True when text has the shape of a duration (a number and maybe a unit), valid or not."""
    return DURATION_RE.match(text.strip().lower()) is not None


def _days(count: str, unit: str, text: str, most: int | None = MAX_DAYS) -> int:
    """count units in days; InputError beyond most days, or beyond 12 digits."""
    days = int(count) * UNIT_DAYS[unit] if len(count) <= 12 else None
    if days is None or (most is not None and days > most):
        raise InputError(f"{text!r} is too long a time: at most 100 years, e.g. 10y or 52w")
    return days


def parse_when(text: str, now: datetime) -> datetime:
    """When something happened; a time in the future is an error."""
    value = _parse(text, now, forward=False)
    if value > now:
        raise InputError(f"--when {text!r} is in the future; log things that have happened")
    return value


def parse_due(text: str, now: datetime) -> datetime:
    """A deadline or snooze end; date-only values mean the end of that day."""
    return _parse(text, now, forward=True)


def parse_since(text: str, now: datetime) -> datetime:
    """Start of a reporting window: a duration back from now (30d) or a date."""
    if is_duration(text):
        return now - timedelta(days=parse_duration(text))
    value = _parse(text, now, forward=False)
    return datetime.combine(value.date(), time.min, tzinfo=now.tzinfo)


def _parse(text: str, now: datetime, forward: bool) -> datetime:
    word = " ".join(text.strip().lower().split())
    try:
        day = _relative_day(word, now.date(), forward)
        value = _at_day(day, now, forward) if day is not None else _absolute(text.strip(), now, forward)
    except OverflowError:
        value = None
    if value is None or value.year not in YEARS:
        raise InputError(f"date {text!r} is out of range; use a year from {YEARS[0]} to {YEARS[-1]}")
    return value


def _relative_day(word: str, today: date, forward: bool) -> date | None:
    fixed = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}
    if word in fixed:
        return today + timedelta(days=fixed[word])
    for pattern, sign in ((AGO_RE, -1), (IN_RE, 1)):
        match = pattern.match(word)
        if match and match.group(2) in UNIT_ALIASES:
            days = _days(match.group(1), UNIT_ALIASES[match.group(2)], word)
            return today + timedelta(days=sign * days)
    match = WEEKDAY_RE.match(word)
    if match and match.group(2)[:3] in WEEKDAYS and _is_weekday_name(match.group(2)):
        target = WEEKDAYS.index(match.group(2)[:3])
        direction = {"last": False, "next": True}.get(match.group(1), forward)
        return _weekday_from(today, target, direction)
    return None


def _is_weekday_name(word: str) -> bool:
    full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return any(name.startswith(word) for name in full) or word in ("tues", "thur", "thurs")


def _weekday_from(today: date, target: int, forward: bool) -> date:
    if forward:
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)


def _at_day(day: date, now: datetime, forward: bool) -> datetime:
    if forward:
        return datetime.combine(day, time(23, 59, 59), tzinfo=now.tzinfo)
    return datetime.combine(day, now.timetz())


def _absolute(text: str, now: datetime, forward: bool) -> datetime:
    numeric = NUMERIC_DATE_RE.match(text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 and (
        numeric.group(1) != numeric.group(2)
    ):
        raise InputError(f"ambiguous date {text!r} (day or month first?); use ISO, e.g. 2026-03-04")
    parsed = _iso(text) or _dateutil(text, now)
    if parsed is None:
        raise InputError(f"could not understand date {text!r}; {DATE_HINT}")
    value, has_time = parsed
    if value.tzinfo is None:
        value = value.replace(tzinfo=now.tzinfo)
    value = value.astimezone(now.tzinfo)
    return value if has_time else _at_day(value.date(), now, forward)


def _iso(text: str) -> tuple[datetime, bool] | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")), len(text) > 10
    except ValueError:
        return None


def _dateutil(text: str, now: datetime) -> tuple[datetime, bool] | None:
    """Parse with two default times: if both agree on the time, the text gave one."""
    from dateutil import parser

    midnight = datetime.combine(now.date(), time.min)
    try:
        value = parser.parse(text, default=midnight)
        probe = parser.parse(text, default=midnight.replace(hour=12, minute=34, second=56))
    except (ValueError, OverflowError):
        return None
    return value, (value.hour, value.minute) == (probe.hour, probe.minute)


FULL_DATE_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$")
MONTH_DAY_RE = re.compile(r"^--(\d{2})-?(\d{2})$")
SHORT_MONTH_DAY_RE = re.compile(r"^-{0,2}(\d{1,2})-(\d{1,2})$")


def parse_birthday(text: str) -> str:
    """A birthday typed by the user: '1985-03-04' stays; '03-04' or '--3-4' becomes '--03-04'."""
    short = SHORT_MONTH_DAY_RE.match(text.strip())
    stored = normalise_birthday(f"--{int(short[1]):02d}-{int(short[2]):02d}" if short else text)
    if stored is None:
        raise InputError(f"bad birthday {text!r}: use YYYY-MM-DD, or MM-DD when the year is unknown")
    return stored


def normalise_birthday(text: str, omit_year: str | None = None) -> str | None:
    """'19800101', '1980-01-01', '1980-01-01T00:00:00Z' -> '1980-01-01'; '--0101' -> '--01-01'.

    Returns None for anything that is not a real calendar day. A year equal to omit_year
    (Apple's X-APPLE-OMIT-YEAR) means the year is unknown.
    """
    text = text.strip()
    full = FULL_DATE_RE.match(text)
    if full:
        year, month, day = full.groups()
        if not _is_real_day(int(year), int(month), int(day)):
            return None
        return f"--{month}-{day}" if year == omit_year else f"{year}-{month}-{day}"
    month_day = MONTH_DAY_RE.match(text)
    if month_day and _is_real_day(2000, *map(int, month_day.groups())):
        return "--{}-{}".format(*month_day.groups())
    return None


def _is_real_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
