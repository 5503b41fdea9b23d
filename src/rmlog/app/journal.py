"""The writes of the daily loop and the weekly review: log a contact, move a person, snooze
them, make, keep and reschedule a promise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from rmlog.clock import to_local


@dataclass(frozen=True)
class Contact:
    """What log records besides the interaction: exchanges both ways and promises both ways
    (mine due at due_at)."""

    kind: str = "meeting"
    notes: str | None = None
    initiated_by: str | None = None
    sentiment: int | None = None
    gave: list[str] = field(default_factory=list)
    got: list[str] = field(default_factory=list)
    promises: list[tuple[str, datetime | None]] = field(default_factory=list)
    they_promise: list[str] = field(default_factory=list)


def log_contact(session, people: list, occurred_at: datetime, moment: datetime, contact: Contact):
    """Record one interaction with people, with each exchange and promise for each of them;
    returns the store's LogEntry."""
    from rmlog.store.journal import add_commitment, add_exchange, log_interaction

    entry = log_interaction(session, people, occurred_at, moment, kind=contact.kind, notes=contact.notes,
                            initiated_by=contact.initiated_by, sentiment=contact.sentiment)
    for person in people:
        for what, direction in [*((g, "gave") for g in contact.gave), *((g, "received") for g in contact.got)]:
            entry.exchanges.append(
                add_exchange(session, person, direction, what, occurred_at, moment, interaction=entry.interaction)
            )
        owed = [*((what, "me", due) for what, due in contact.promises),
                *((what, "them", None) for what in contact.they_promise)]
        for what, owner, due_at in owed:
            entry.commitments.append(
                add_commitment(session, person, owner, what, moment, due_at=due_at, interaction=entry.interaction)
            )
    session.flush()
    return entry


def move(session, person, circle: str, why: str | None, moment: datetime):
    """Move a person to another circle, keeping why; returns the recorded move."""
    from rmlog.store.people import move_person

    return move_person(session, person, circle, why, moment)


def snooze(session, person, until: datetime) -> datetime:
    """Hide a person from due until a moment (the caller checks it is in the future)."""
    person.snoozed_until = until
    return until


def make_promise(session, person, what: str, moment: datetime, due_at: datetime | None = None, theirs: bool = False):
    """A promise of mine to person (theirs: of theirs to me); returns the commitment."""
    from rmlog.store.journal import add_commitment

    commitment = add_commitment(session, person, "them" if theirs else "me", what, moment, due_at)
    session.flush()
    return commitment


def keep_promise(session, commitment_id: int, moment: datetime, status: str = "done"):
    """Mark an open promise kept (status 'done') or dropped; returns (commitment, person)."""
    from rmlog.store.ledger import resolve_commitment

    return resolve_commitment(session, commitment_id, status, moment)


def reschedule_promise(session, commitment_id: int, fields: dict):
    """Change a promise's what and/or due_at (None: no due date); returns (commitment, person)."""
    from rmlog.store.ledger import edit_commitment

    return edit_commitment(session, commitment_id, fields)


def postpone_promise(session, commitment_id: int, days: int, moment: datetime):
    """Put a promise off by days after its due date (after now when it has none), at the
    same local time of day; returns (commitment, person)."""
    from rmlog.store.ledger import get_commitment

    commitment, _ = get_commitment(session, commitment_id)
    due = to_local(commitment.due_at or moment)
    later = (due.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=due.tzinfo)  # same wall-clock time
    return reschedule_promise(session, commitment_id, {"due_at": later.astimezone(timezone.utc)})
