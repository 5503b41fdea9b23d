"""Promises both ways with their numbers, overdue first (rmlog commitments)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from rmlog.app.listing import Listing
from rmlog.reports.data import CommitmentRow

LISTED = {"id", "person", "owner", "what", "status", "due_at", "done_at", "overdue"}
"""The keys of a commitment in `commitments --json`."""


@dataclass(frozen=True)
class CommitmentsView(Listing):
    """Commitments by due date (reports.promises.by_due_date); overdue and done_late hold
    the numbers of those the promise rules call overdue and kept late."""

    now: datetime
    rows: list[CommitmentRow]
    overdue: frozenset[int]
    done_late: frozenset[int]

    def json_items(self) -> Iterator[dict]:
        from rmlog.store.shapes import CommitmentOut, shown

        for c in self.rows:
            yield shown(CommitmentOut, c, person=c.person_handle, overdue=c.id in self.overdue, include=LISTED)


def commitments(session, moment: datetime, person: str | None = None, open_only: bool = False) -> CommitmentsView:
    """The commitments from one session, of one person (a handle, alias or name) or everyone's,
    open ones only or all."""
    from rmlog.reports.promises import by_due_date, done_late, is_overdue
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.rows import commitment_rows

    person_id = resolve_person_id(session, person) if person is not None else None
    rows = by_due_date(commitment_rows(session, open_only=open_only, person_id=person_id), moment)
    overdue = frozenset(c.id for c in rows if is_overdue(c.status, c.due_at, moment))
    late = frozenset(c.id for c in rows if done_late(c.status, c.due_at, c.done_at, moment))
    return CommitmentsView(moment, rows, overdue, late)
