"""One person's profile (rmlog show): details, contact status with its verdict, give and take,
promises both ways, circle moves and recent history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

STRIP_WEEKS = 52
"""The contact strip covers at most this many weeks."""


@dataclass(frozen=True)
class ShowView:
    """A person as show presents them. status is None for someone archived or without a
    cadence; verdict is the contact word (reports.cadence.verdict, '' without a window); due
    is reports.due.is_due; overdue holds the ids of open_commitments past their deadline.
    reset_kinds are the interaction kinds that reset the clock in the person's circle (None
    when every kind does), counted the latest of them, counted_days how long ago it was.
    contacts are the times of contact within STRIP_WEEKS, for the strip."""

    row: Any
    moment: datetime
    status: Any
    due: bool
    verdict: str
    snoozed: bool
    last_days: int | None
    reset_kinds: tuple[str, ...] | None
    counted: Any
    counted_days: int | None
    ledger: Any
    mine: Any
    theirs: Any
    open_commitments: list
    overdue: frozenset[int]
    recent: list
    exchanges: list
    moves: list
    contacts: list

    def to_json(self) -> dict:
        from rmlog.app.documents import (
            exchange_document, interaction_document, move_document, open_promise_document, person_document,
        )

        handle = self.row.person.handle
        return {
            **person_document(self.row, self.moment),
            "due": self.due,
            "status": self.status.to_json() if self.status else None,
            "balance": self.ledger.to_json() if self.ledger else None,
            "open_commitments": [open_promise_document(c) for c in self.open_commitments],
            "reliability": {"mine": self.mine.to_json(), "theirs": self.theirs.to_json()},
            "recent_interactions": [interaction_document(i, [p.handle for p in o], [p.name for p in o])
                                    for i, o in self.recent],
            "exchanges": [exchange_document(e, handle) for e in self.exchanges],
            "moves": [move_document(m) for m in self.moves],
        }


def show(session, moment: datetime, config, person_id: int) -> ShowView:
    """The profile of one person (resolved to person_id) at moment, judged by the cadence
    settings config, with their give and take over balance's window."""
    from rmlog.app.balance import balance_window_start
    from rmlog.reports.balance import balance_entry
    from rmlog.reports.cadence import verdict
    from rmlog.reports.days import staleness_days
    from rmlog.reports.due import contact_status, is_due, window_of_entry
    from rmlog.reports.promises import is_overdue
    from rmlog.reports.reliability import reliability
    from rmlog.store.queries import contact_times, exchanges_of, moves_of, person_row, recent_interactions
    from rmlog.store.rows import balance_rows, commitment_rows, counted_contact, last_notes, status_of

    row = person_row(session, person_id)
    p = row.person
    kinds = config.reset.get(p.circle)
    counted = counted_contact(session, person_id, kinds)
    balances = balance_rows(session, balance_window_start(moment), person_id)
    commitments = commitment_rows(session, person_id=person_id)
    last_note = last_notes(session, [p.handle]).get(p.handle)
    # The same status as due's, its last note included.
    person = status_of(row, counted and counted.occurred_at)._replace(last_note=last_note)
    status = None if p.archived_at else contact_status(person, moment, config)
    open_ones = [c for c in commitments if c.status == "open"]
    return ShowView(
        row=row,
        moment=moment,
        status=status,
        due=is_due(p, status, moment),
        verdict=verdict(status.days_since, window_of_entry(status)) if status else "",
        snoozed=p.snoozed_until is not None and p.snoozed_until > moment,
        last_days=staleness_days(row.last_contact, moment) if row.last_contact else None,
        reset_kinds=tuple(kinds) if kinds else None,
        counted=counted,
        counted_days=staleness_days(counted.occurred_at, moment) if counted else None,
        ledger=balance_entry(balances[0]) if balances else None,
        mine=reliability(commitments, "me", moment),
        theirs=reliability(commitments, "them", moment),
        open_commitments=open_ones,
        overdue=frozenset(c.id for c in open_ones if is_overdue(c.status, c.due_at, moment)),
        recent=recent_interactions(session, person_id),
        exchanges=exchanges_of(session, person_id),
        moves=moves_of(session, person_id),
        contacts=contact_times(session, person_id, moment - timedelta(weeks=STRIP_WEEKS)),
    )
