"""Due people and open commitments as an iCalendar file of to-dos (RFC 5545), for calendar apps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Literal

from icalendar import Calendar, Todo

PRODID = "-//rmlog//rmlog//EN"
KINDS = ("reconnect", "commitment")


@dataclass
class CalendarItem:
    """One to-do: uid is the person's (reconnect) or the commitment's (commitment) uid.

    due is an aware datetime or a whole day.
    """

    uid: str
    summary: str
    description: str | None
    due: datetime | date
    kind: Literal["reconnect", "commitment"]


def build_calendar(items: Iterable[CalendarItem], now: datetime) -> bytes:
    """A VCALENDAR with one VTODO per item; re-exports keep each to-do's UID, so apps update it."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    stamp = now.astimezone(timezone.utc)
    for item in items:
        calendar.add_component(_todo(item, stamp))
    return calendar.to_ical()


def todo_uid(item: CalendarItem) -> str:
    """Stable across exports: the same person or commitment always gets the same UID."""
    return f"{item.kind}-{item.uid}@rmlog"


def _todo(item: CalendarItem, stamp: datetime) -> Todo:
    if item.kind not in KINDS:
        raise ValueError(f"calendar item kind {item.kind!r} is not one of {', '.join(KINDS)}")
    todo = Todo()
    todo.add("uid", todo_uid(item))
    todo.add("dtstamp", stamp)
    todo.add("due", _due(item.due))
    todo.add("summary", item.summary)
    if item.description:
        todo.add("description", item.description)
    todo.add("status", "NEEDS-ACTION")
    return todo


def _due(due: datetime | date) -> datetime | date:
    """A day stays a day; a time is written in UTC, so no VTIMEZONE is needed."""
    if not isinstance(due, datetime):
        return due
    if due.tzinfo is None:
        raise ValueError(f"due time {due.isoformat()} has no time zone")
    return due.astimezone(timezone.utc)
