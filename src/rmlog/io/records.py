"""The plain person record that import and export exchange with the store."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

CIRCLES = ("inner", "core", "network", "periphery")
NON_TAG = re.compile(r"[\W_]+")
FULL_DATE_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$")
MONTH_DAY_RE = re.compile(r"^--(\d{2})-?(\d{2})$")


@dataclass
class ContactRecord:
    """One person as files know them; everything but the name is optional.

    birthday is 'YYYY-MM-DD', or '--MM-DD' when the year is unknown.
    """

    name: str
    uid: str | None = None
    handle: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None
    birthday: str | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    circle: str | None = None
    cadence_days: int | None = None
    aliases: list[str] = field(default_factory=list)
    how_met: str | None = None
    needs: str | None = None
    offers: str | None = None
    created_at: datetime | None = None
    archived_at: datetime | None = None


def normalise_tag(text: str) -> str:
    """'My Friends' -> 'my-friends'; letters of any script are kept; may return ''."""
    return NON_TAG.sub("-", text.strip().lower()).strip("-")


def normalise_tags(texts: list[str]) -> list[str]:
    """Normalised, non-empty, first occurrence kept."""
    tags = (normalise_tag(text) for text in texts)
    return list(dict.fromkeys(tag for tag in tags if tag))


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
