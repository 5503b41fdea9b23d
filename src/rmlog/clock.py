"""The one source of "now": the system clock, or RMLOG_NOW when set."""

from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo
from functools import lru_cache

from rmlog.errors import InputError

SYSTEM_ZONE_FILE = "/etc/localtime"


def local_zone() -> tzinfo:
    """The user's local time zone, DST-aware: TZ if set, else the system's."""
    return _zone(os.environ.get("TZ"))


@lru_cache(maxsize=8)
def _zone(key: str | None) -> tzinfo:
    """zoneinfo (converts in C) for a TZ name or the system file; dateutil for anything else."""
    from zoneinfo import ZoneInfo

    try:
        if key:
            return ZoneInfo(key.lstrip(":"))
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
    try:
        value = datetime.fromisoformat(pinned.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"RMLOG_NOW={pinned!r} is not an ISO 8601 time; use e.g. 2026-03-04T09:00 or unset it"
        ) from None
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
