"""The one source of "now": the system clock, or RMLOG_NOW when set."""

from __future__ import annotations

import os
import re
import sys
from datetime import datetime, timezone, tzinfo
from functools import lru_cache

from rmlog.errors import InputError

SYSTEM_ZONE_FILE = "/etc/localtime"
YEARS = range(1900, 2200)
"""Years rmlog accepts in dates and RMLOG_NOW: date arithmetic around them never overflows."""
POSIX_TZ = re.compile(r"^(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)[+-]?\d")


def local_zone() -> tzinfo:
    """The user's local time zone, DST-aware: TZ if set, else the system's."""
    return _zone(os.environ.get("TZ"))


@lru_cache(maxsize=8)
def _zone(key: str | None) -> tzinfo:
    """zoneinfo (converts in C) for a TZ name or the system file; a POSIX TZ string
    (UTC0, EST5EDT, CET-1CEST,M3.5.0,M10.5.0/3) through dateutil; else UTC, with a warning."""
    from zoneinfo import ZoneInfo

    if not key:
        return _system_zone()
    name = key.lstrip(":")
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        pass
    if POSIX_TZ.match(name):
        from dateutil import tz

        try:
            return tz.tzstr(name, posix_offset=True)
        except (ValueError, TypeError, IndexError):
            pass
    sys.stderr.write(
        f"rmlog: warning: TZ={key!r} is not a time zone rmlog knows; using UTC "
        "(set TZ to a name such as Europe/Berlin)\n"
    )
    return timezone.utc


def _system_zone() -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        with open(SYSTEM_ZONE_FILE, "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        from dateutil import tz

        return tz.tzlocal()


def now() -> datetime:
    """Current time as an aware datetime in the local zone; RMLOG_NOW pins it (naive = local)."""
    pinned = os.environ.get("RMLOG_NOW")
    if not pinned:
        return datetime.now(local_zone())
    return _pinned(pinned, os.environ.get("TZ"))


@lru_cache(maxsize=8)
def _pinned(pinned: str, _tz: str | None) -> datetime:
    """RMLOG_NOW read once per value (and TZ): a long listing asks for now per row."""
    try:
        value = datetime.fromisoformat(pinned.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"RMLOG_NOW={pinned!r} is not an ISO 8601 time; use e.g. 2026-03-04T09:00 or unset it"
        ) from None
    if value.year not in YEARS:
        raise InputError(
            f"RMLOG_NOW={pinned!r} is out of range; use a year from {YEARS[0]} to {YEARS[-1]} or unset it"
        )
    if value.tzinfo is None:
        return value.replace(tzinfo=local_zone())
    return value.astimezone(local_zone())


def to_local(value: datetime) -> datetime:
    """Aware datetime in the local zone (naive values are taken as UTC, as stored)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(local_zone())


def iso_local(value: datetime) -> str:
    """ISO 8601 in local time with its offset, to the second (the JSON time format)."""
    return to_local(value).isoformat(timespec="seconds")
