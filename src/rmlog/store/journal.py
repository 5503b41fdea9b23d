"""Recording interactions, with the exchanges and commitments made in them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from rmlog.store.models import Commitment, Exchange, Interaction, InteractionPerson, Person


@dataclass
class LogEntry:
    """What `rmlog log` saved."""

    interaction: Interaction
    people: list[Person]
    exchanges: list[Exchange] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)


def new_uid() -> str:
    """A fresh UUID, stable across export and import."""
    return str(uuid.uuid4())


def log_interaction(
    session: Session,
    people: list[Person],
    occurred_at: datetime,
    now: datetime,
    kind: str = "other",
    notes: str | None = None,
    initiated_by: str | None = None,
    sentiment: int | None = None,
) -> LogEntry:
    """One interaction linked to every person (each link carries occurred_at)."""
    interaction = Interaction(
        uid=new_uid(),
        occurred_at=occurred_at,
        kind=kind,
        notes=notes or None,
        initiated_by=initiated_by,
        sentiment=sentiment,
        created_at=now,
    )
    session.add(interaction)
    session.flush()
    for person in people:
        session.add(
            InteractionPerson(
                interaction_id=interaction.id, person_id=person.id, occurred_at=occurred_at
            )
        )
    return LogEntry(interaction, people)


def add_exchange(
    session: Session,
    person: Person,
    direction: str,
    what: str,
    occurred_at: datetime,
    now: datetime,
    kind: str = "other",
    weight: float = 1.0,
    interaction: Interaction | None = None,
) -> Exchange:
    """A ledger entry: value I gave to, or received from, a person."""
    exchange = Exchange(
        uid=new_uid(),
        person_id=person.id,
        interaction_id=interaction.id if interaction else None,
        direction=direction,
        kind=kind,
        weight=weight,
        what=what,
        occurred_at=occurred_at,
        created_at=now,
    )
    session.add(exchange)
    return exchange


def add_commitment(
    session: Session,
    person: Person,
    owner: str,
    what: str,
    now: datetime,
    due_at: datetime | None = None,
    interaction: Interaction | None = None,
) -> Commitment:
    """A promise: owner 'me' (I promised them) or 'them' (they promised me)."""
    commitment = Commitment(
        uid=new_uid(),
        person_id=person.id,
        interaction_id=interaction.id if interaction else None,
        owner=owner,
        what=what,
        due_at=due_at,
        created_at=now,
    )
    session.add(commitment)
    return commitment
