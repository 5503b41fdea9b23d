"""Parse durations, and the one grammar of dates and times every date option shares
(--when, --due, --until, --since and the weekly review's snoozes).

A phrase is read whole or refused (naming the words it could not read):

  day      today, yesterday, tomorrow, mon .. sunday, 'last fri', 'next mon', 'jan 15',
           '15 jan 2027', 2026-03-04, 25/12/2026, 'in 3 days', '3d ago',
           'end of week'/eow (Sunday), 'end of month'/eom
  time     18:00, 6pm, 6:30pm, 9am, noon, midnight (the start of the day)
  phrase   a day, a day and a time (either order, 'at' allowed: 'fri at 5pm'), a time alone
           (today at that time), now, '2 hours ago', 'in 30 min', 2026-03-04T15:00+01:00

Direction follows the option. For --when (and --since) a weekday is 1-7 days back and a
month-day without a year the most recent one (today included); for --due and --until a
weekday is 1-7 days ahead and a month-day the next one (today included). With a time, a
weekday may also be today, when that moment is on the right side of now ('fri 18:00' on a
Friday evening is today for --when). A day without a time means, for --when, that day at the
current time of day (never in the future); for --due and --until the end of that day; for
--since its start. Numeric dates whose day and month could swap (03/04) are refused.

Times are local (TZ) and returned as aware UTC. A wall time that a DST change skips (02:30 on
the spring-forward night) moves on by the gap (03:30 summer time); one that happens twice
(autumn) is the first, summer-time one. Amounts in days keep the time of day ('7d ago' at
09:30 is 09:30 local); amounts in hours and minutes are exact spans of time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import NoReturn

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
CLOCK_UNITS = {
    "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
FULL_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
DURATION_RE = re.compile(r"^(\d+)\s*([a-z]*)$")
AMOUNT_RE = re.compile(r"^(\d+|an?)([a-z]*)$")
CLOCK_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(am|pm)?$")
ORDINAL_RE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
ISO_DAY_RE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
NUMERIC_DATE_RE = re.compile(r"^(\d{1,2})([/.])(\d{1,2})(?:\2(\d{2}|\d{4}))?$|^(\d{1,2})-(\d{1,2})-(\d{4})$")
ISO_MOMENT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d{3}|\.\d{6})?)?(?:z|[+-]\d{2}:\d{2})?$")
END_OF_DAY = time(23, 59, 59)
DATE_HINT = (
    "try e.g. 'yesterday 18:00', 'fri 5pm', 9am, 'jan 15', 'last fri', '2 hours ago', "
    "'in 3 days', eow, eom, '2026-03-04 15:00'"
)


def parse_duration(text: str, most: int | None = MAX_DAYS) -> int:
    """Days in a duration: 10d, 3w, 2m (30 days), 1y (365 days) or plain days; at most `most`
    days (100 years, which keeps date arithmetic safe; None leaves the bound to the caller)."""
    match = DURATION_RE.match(text.strip().lower())
    unit = UNIT_ALIASES.get(match.group(2) or "d") if match else None
    if unit is None:
        raise InputError(f"bad duration {text!r}: use e.g. 10d, 3w, 2m, 1y or a number of days")
    return _days(match.group(1), unit, text, most)


def is_duration(text: str) -> bool:
    """True when text is a number with a duration's unit or none (10d, 3w, 14), too long or
    not; '9am' and '5pm' are times for the date grammar."""
    match = DURATION_RE.match(text.strip().lower())
    return match is not None and (not match.group(2) or match.group(2) in UNIT_ALIASES)


def _days(count: str, unit: str, text: str, most: int | None = MAX_DAYS) -> int:
    """count units in days; InputError beyond most days, or beyond 12 digits."""
    days = int(count) * UNIT_DAYS[unit] if len(count) <= 12 else None
    if days is None or (most is not None and days > most):
        raise InputError(f"{text!r} is too long a time: at most 100 years, e.g. 10y or 52w")
    return days


def parse_when(text: str, now: datetime) -> datetime:
    """When something happened; a time in the future is an error."""
    value = _parse(text, now, forward=False, default=None)
    if value > now:
        raise InputError(f"--when {text!r} is in the future; log things that have happened")
    return value


def parse_due(text: str, now: datetime) -> datetime:
    """A deadline or snooze end; a day without a time means the end of that day."""
    return _parse(text, now, forward=True, default=END_OF_DAY)


def parse_since(text: str, now: datetime) -> datetime:
    """Start of a reporting window: a duration back from now (30d) or a date (its start,
    unless a time is given)."""
    if is_duration(text):
        return (now - timedelta(days=parse_duration(text))).astimezone(timezone.utc)
    return _parse(text, now, forward=False, default=time.min)


def _parse(text: str, now: datetime, forward: bool, default: time | None) -> datetime:
    """The phrase as aware UTC; default is the time of a bare day (None: now's time of day)."""
    words = text.lower().replace(",", " ").split()
    try:
        value = _moment(text.strip(), words, now) or _day_and_time(text, words, now, forward, default)
        year = value.astimezone(now.tzinfo).year
    except OverflowError:
        year = None
    if year not in YEARS:
        raise InputError(f"date {text!r} is out of range; use a year from {YEARS[0]} to {YEARS[-1]}")
    return value


def _moment(text: str, words: list[str], now: datetime) -> datetime | None:
    """An exact instant: now, an ISO time with T or an offset, or an amount of hours/minutes."""
    if words == ["now"]:
        return now.astimezone(timezone.utc)
    if ISO_MOMENT_RE.match(text.lower()):
        try:
            value = datetime.fromisoformat(text[:10] + "T" + text[11:].upper().replace("Z", "+00:00"))
        except ValueError:
            _refuse(text, [])
        return _aware(value, now.tzinfo)
    amount = _amount(words, 0)
    if amount is None or amount[1] not in CLOCK_UNITS or amount[3] != len(words):
        return None
    count, unit, sign, _ = amount
    seconds = int(count) * CLOCK_UNITS[unit] if len(count) <= 12 else MAX_DAYS * 86400 + 1
    if seconds > MAX_DAYS * 86400:
        raise InputError(f"{text!r} is too long a time: at most 100 years, e.g. '3 hours ago'")
    return now.astimezone(timezone.utc) + sign * timedelta(seconds=seconds)


def _day_and_time(text: str, words: list[str], now: datetime, forward: bool,
                  default: time | None) -> datetime:
    """A day and/or a time of day, in either order; InputError unless every word is read."""
    today = now.date()
    clock, at = _clock(words, 0)
    if clock is not None:
        day, weekday, after = _day(words, _skip(words, at, "on"), today, forward, text)
        at = after if day is not None else at
    else:
        day, weekday, at = _day(words, 0, today, forward, text)
        if day is not None:
            clock, at = _clock(words, at)
    if (day is None and clock is None) or at != len(words):
        _refuse(text, words[at:] if at else [])
    day = day or today
    if clock is None and default is None:
        return now.astimezone(timezone.utc) if day == today else _at(day, now.timetz(), now.tzinfo)
    if clock is not None and weekday:
        day = _nearer_today(day, clock, now, forward)
    return _at(day, clock or default, now.tzinfo)


def _refuse(text: str, unread: list[str]) -> NoReturn:
    where = f" (at {' '.join(unread)!r})" if unread else ""
    raise InputError(f"could not understand date {text!r}{where}; {DATE_HINT}")


def _skip(words: list[str], at: int, word: str) -> int:
    return at + 1 if at < len(words) and words[at] == word else at


def _at(day: date, clock: time, zone: tzinfo) -> datetime:
    """Local wall time on day as aware UTC (see the module's note on DST)."""
    return _aware(datetime.combine(day, clock.replace(tzinfo=None)), zone)


def _aware(value: datetime, zone: tzinfo) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone, fold=0)
    return value.astimezone(timezone.utc)


def _nearer_today(day: date, clock: time, now: datetime, forward: bool) -> date:
    """A bare weekday with a time is today rather than a week away when today at that time
    lies in the direction ('fri 18:00' on a Friday evening, for --when)."""
    if abs((day - now.date()).days) != 7:
        return day
    today = _at(now.date(), clock, now.tzinfo)
    return now.date() if (today > now if forward else today <= now) else day


def _clock(words: list[str], at: int) -> tuple[time | None, int]:
    """A time of day at words[at] ('at' before it allowed): 18:00, 6pm, '6 pm', noon, midnight."""
    start = _skip(words, at, "at")
    word = words[start] if start < len(words) else ""
    named = {"noon": time(12), "midday": time(12), "midnight": time(0)}
    if word in named:
        return named[word], start + 1
    following = words[start + 1] if start + 1 < len(words) else ""
    used = 1
    if following in ("am", "pm") and word.replace(":", "").isdigit():
        word, used = word + following, 2
    match = CLOCK_RE.match(word)
    if not match or not (match.group(2) or match.group(4)):
        return None, at
    hour, minute, second = (int(part or 0) for part in match.group(1, 2, 3))
    if match.group(4):
        if not 1 <= hour <= 12:
            return None, at
        hour = hour % 12 + (12 if match.group(4) == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None, at
    return time(hour, minute, second), start + used


def _day(words: list[str], at: int, today: date, forward: bool, text: str) -> tuple[date | None, bool, int]:
    """(day, whether it is a bare weekday, index after it), or (None, False, at)."""
    rest = words[at:]
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if rest and rest[0] in named:
        return today + timedelta(days=named[rest[0]]), False, at + 1
    for phrase, end in (("eow", _end_of_week), ("eom", _end_of_month)):
        for spelled in ([phrase], ["end", "of", {"eow": "week", "eom": "month"}[phrase]]):
            if rest[:len(spelled)] == spelled:
                return end(today), False, at + len(spelled)
    amount = _amount(words, at)
    if amount is not None and amount[1] in UNIT_ALIASES:
        count, unit, sign, after = amount
        return today + sign * timedelta(days=_days(count, UNIT_ALIASES[unit], text)), False, after
    weekday = _weekday(rest, today, forward)
    if weekday is not None:
        return weekday[0], weekday[1], at + weekday[2]
    calendar = _calendar_day(rest, today, forward, text)
    if calendar is not None:
        return calendar[0], False, at + calendar[1]
    return None, False, at


def _end_of_week(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


def _end_of_month(today: date) -> date:
    first_of_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_of_next - timedelta(days=1)


def _amount(words: list[str], at: int) -> tuple[str, str, int, int] | None:
    """(count, unit, +1 or -1, index after) for 'in 3 days', '3d ago', 'an hour ago'."""
    sign, start = (1, at + 1) if words[at:at + 1] == ["in"] else (-1, at)
    match = AMOUNT_RE.match(words[start]) if start < len(words) else None
    if not match or (match.group(2) and not match.group(1).isdigit()):
        return None
    count = match.group(1) if match.group(1).isdigit() else "1"
    unit, after = match.group(2), start + 1
    if not unit:
        unit, after = (words[start + 1] if start + 1 < len(words) else ""), start + 2
    if sign < 0:
        if words[after:after + 1] != ["ago"]:
            return None
        after += 1
    return (count, unit, sign, after) if unit in UNIT_ALIASES or unit in CLOCK_UNITS else None


def _weekday(rest: list[str], today: date, forward: bool) -> tuple[date, bool, int] | None:
    """(day, bare, words used) for 'fri', 'last fri', 'next mon', 'this tuesday'."""
    modifier = rest[0] if rest and rest[0] in ("last", "next", "this") else None
    name = rest[1 if modifier else 0] if len(rest) > (1 if modifier else 0) else ""
    if not _is_weekday_name(name):
        return None
    direction = {"last": False, "next": True}.get(modifier, forward)
    day = _weekday_from(today, WEEKDAYS.index(name[:3]), direction)
    return day, modifier in (None, "this"), 2 if modifier else 1


def _is_weekday_name(word: str) -> bool:
    if len(word) < 3 or word[:3] not in WEEKDAYS:
        return False
    return any(name.startswith(word) for name in FULL_WEEKDAYS) or word in ("tues", "thur", "thurs")


def _weekday_from(today: date, target: int, forward: bool) -> date:
    if forward:
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)


def _month(word: str) -> int | None:
    """1-12 for a month's name or its first three or more letters ('sept' too)."""
    if len(word) < 3:
        return None
    for number, name in enumerate(MONTHS, 1):
        if name.startswith(word) or (number == 9 and word == "sept"):
            return number
    return None


def _calendar_day(rest: list[str], today: date, forward: bool, text: str) -> tuple[date, int] | None:
    """(day, words used) for 2026-03-04, 25/12/2026, 'jan 15', '15 jan', with a year or not."""
    first = rest[0] if rest else ""
    iso = ISO_DAY_RE.match(first)
    if iso:
        year, month, day = map(int, iso.groups())
        return (date(year, month, day), 1) if _is_real_day(year, month, day) else _refuse(text, [])
    numeric = NUMERIC_DATE_RE.match(first)
    if numeric:
        return _numeric_day(numeric, today, forward, text), 1
    second = rest[1] if len(rest) > 1 else ""
    for month_word, day_word in ((first, second), (second, first)):
        month, day = _month(month_word), ORDINAL_RE.match(day_word)
        if month and day:
            year = rest[2] if len(rest) > 2 and re.fullmatch(r"\d{4}", rest[2]) else None
            found = _month_day(month, int(day.group(1)), year, today, forward)
            return (found, 3 if year else 2) if found else _refuse(text, [])
    return None


def _numeric_day(match: re.Match, today: date, forward: bool, text: str) -> date:
    """25/12/2026, 12/25/2026, 25.12.2026, 25/12, 25-12-2026: the part above 12 is the day."""
    first, second, year = match.group(1, 3, 4) if match.group(1) else match.group(5, 6, 7)
    first, second = int(first), int(second)
    if first <= 12 and second <= 12 and first != second:
        raise InputError(f"ambiguous date {text!r} (day or month first?); use ISO, e.g. 2026-03-04")
    day, month = (first, second) if first > 12 or first == second else (second, first)
    if year and len(year) == 2:
        year = f"20{year}"
    found = _month_day(month, day, year, today, forward)
    return found if found else _refuse(text, [])


def _month_day(month: int, day: int, year: str | None, today: date, forward: bool) -> date | None:
    """That day in the given year, or the nearest one in the direction (today included)."""
    if year:
        return date(int(year), month, day) if _is_real_day(int(year), month, day) else None
    step = 1 if forward else -1
    for offset in range(9):  # 29 February comes back within 8 years
        candidate_year = today.year + step * offset
        if _is_real_day(candidate_year, month, day):
            found = date(candidate_year, month, day)
            if (found >= today) if forward else (found <= today):
                return found
    return None


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
