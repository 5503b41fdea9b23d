"""Reliability: share of promises with a due date kept on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from .data import CommitmentRow
from .days import is_late
from .jsonable import JsonMixin


@dataclass(frozen=True)
class Reliability(JsonMixin):
    """kept of total for one owner ('me' or 'them'); ratio None when total is 0."""

    owner: str
    kept: int
    total: int
    ratio: float | None


def outcome(c: CommitmentRow, now: datetime) -> bool | None:
    """True = kept on time, False = not kept, None = not counted.

    Counted: commitments with a due date that are done, dropped, or open past
    their due date. Dropped always counts as not kept. Open-not-yet-due and done
    without done_at are not counted. A date-only due lasts the whole local day."""
    if c.due_at is None:
        return None
    if c.status == "done":
        return None if c.done_at is None else not is_late(c.done_at, c.due_at, now)
    if c.status == "dropped":
        return False
    return False if is_late(now, c.due_at, now) else None


def reliability(
    commitments: Iterable[CommitmentRow], owner: str, now: datetime
) -> Reliability:
    """Reliability of one owner's commitments."""
    results = [outcome(c, now) for c in commitments if c.owner == owner]
    counted = [r for r in results if r is not None]
    kept = sum(counted)
    total = len(counted)
    return Reliability(owner, kept, total, round(kept / total, 2) if total else None)
