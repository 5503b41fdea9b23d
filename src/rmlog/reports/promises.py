"""How promises turned out over a review window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from .data import CommitmentRow
from .days import is_late
from .jsonable import JsonMixin


@dataclass(frozen=True)
class PromiseStats(JsonMixin):
    """For one owner over [since, now]:

    kept: done in the window, on time (or with no due date).
    broken: done late in the window, or dropped in the window.
    open: open right now (whenever made). overdue: those of `open` past due; they count
      as open, not broken, so kept + broken + open is every promise counted.
    """

    owner: str
    kept: int
    broken: int
    open: int
    overdue: int


def is_overdue(status: str, due_at: datetime | None, now: datetime) -> bool:
    """The one overdue rule: an open promise past its deadline (a date-only deadline lasts
    its whole local day). Done, dropped and undated promises are never overdue."""
    return status == "open" and due_at is not None and is_late(now, due_at, now)


def done_late(status: str, due_at: datetime | None, done_at: datetime | None, now: datetime) -> bool:
    """A promise kept after its deadline (a date-only deadline lasts its whole local day)."""
    return status == "done" and due_at is not None and done_at is not None and is_late(done_at, due_at, now)


def by_due_date(commitments: Iterable[CommitmentRow], now: datetime) -> list[CommitmentRow]:
    """Overdue first, then by due date, undated last (ties by number)."""
    return sorted(commitments, key=lambda c: (not is_overdue(c.status, c.due_at, now), c.due_at is None,
                                              c.due_at or now, c.id))


def resolved_at(c: CommitmentRow) -> datetime:
    """When a commitment was resolved: done_at, else due_at, else created_at."""
    return c.done_at or c.due_at or c.created_at


def promise_stats(
    commitments: Iterable[CommitmentRow], owner: str, since: datetime, now: datetime
) -> PromiseStats:
    """Kept / broken / open / overdue counts for one owner ('me' or 'them')."""
    kept = broken = open_ = overdue = 0
    for c in commitments:
        if c.owner != owner:
            continue
        if c.status == "open":
            open_ += 1
            overdue += is_overdue(c.status, c.due_at, now)
        elif c.status == "done" and c.done_at is not None and since <= c.done_at <= now:
            on_time = c.due_at is None or not is_late(c.done_at, c.due_at, now)
            kept += on_time
            broken += not on_time
        elif c.status == "dropped" and since <= resolved_at(c) <= now:
            broken += 1
    return PromiseStats(owner, kept, broken, open_, overdue)
