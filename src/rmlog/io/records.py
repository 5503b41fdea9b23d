"""The plain person record that import and export exchange with the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

CIRCLES = ("inner", "core", "network", "periphery")


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
