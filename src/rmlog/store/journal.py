"""Recording interactions, with the exchanges and commitments made in them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from rmlog.errors import InputError
from rmlog.store.models import (
    Commitment, CommitmentBase, Exchange, ExchangeBase, Interaction, InteractionBase,
    InteractionPerson, Person, option_values,
)


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
    fields = option_values(InteractionBase, dict(
        occurred_at=occurred_at, kind=kind, notes=notes, initiated_by=initiated_by, sentiment=sentiment,
    ))
    interaction = Interaction(uid=new_uid(), created_at=now, **fields)
    session.add(interaction)
    session.flush()
    for person in people:
        session.add(
            InteractionPerson(
                interaction_id=interaction.id, person_id=person.id, occurred_at=occurred_at
            )
        )
    return LogEntry(interaction, people)


def move_links(session: Session, interaction: Interaction) -> None:
    """Give the interaction's link rows its (changed) time, so last contact follows it."""
    session.flush()
    session.execute(
        update(InteractionPerson)
        .where(InteractionPerson.interaction_id == interaction.id)
        .values(occurred_at=interaction.occurred_at)
    )


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
    fields = option_values(ExchangeBase, dict(
        direction=direction, kind=kind, weight=weight, what=what, occurred_at=occurred_at,
    ))
    exchange = Exchange(
        uid=new_uid(),
        person_id=person.id,
        interaction_id=interaction.id if interaction else None,
        created_at=now,
        **fields,
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
    fields = option_values(CommitmentBase, dict(owner=owner, what=what, due_at=due_at))
    commitment = Commitment(
        uid=new_uid(),
        person_id=person.id,
        interaction_id=interaction.id if interaction else None,
        created_at=now,
        **fields,
    )
    session.add(commitment)
    return commitment


def get_interaction(session: Session, interaction_id: int) -> Interaction:
    """An interaction by id; InputError when there is none."""
    found = session.get(Interaction, interaction_id) if 0 < interaction_id < 2**63 else None
    if found is None:
        raise InputError(f"no interaction #{interaction_id}; list them with: rmlog interactions")
    return found


def participants(session: Session, interaction: Interaction) -> list[Person]:
    """The people in an interaction, by handle."""
    return list(session.execute(
        select(Person)
        .join(InteractionPerson, InteractionPerson.person_id == Person.id)
        .where(InteractionPerson.interaction_id == interaction.id)
        .order_by(Person.handle)
    ).scalars())


def edit_interaction(
    session: Session, interaction: Interaction, fields: dict, add: list[Person], remove: list[Person]
) -> None:
    """Change an interaction's fields and people; its link rows follow a new time."""
    current = {name: getattr(interaction, name) for name in InteractionBase.model_fields}
    checked = option_values(InteractionBase, {**current, **fields})
    for name in fields:
        setattr(interaction, name, checked[name])
    if "occurred_at" in fields:
        move_links(session, interaction)
    linked = {person.id for person in participants(session, interaction)}
    for person in add:
        if person.id not in linked:
            session.add(InteractionPerson(
                interaction_id=interaction.id, person_id=person.id, occurred_at=interaction.occurred_at
            ))
            linked.add(person.id)
    gone = {person.id for person in remove} & linked
    if gone == linked:
        raise InputError("an interaction needs at least one person; delete it with: rmlog delete-log "
                         f"{interaction.id} --yes")
    if gone:
        session.execute(delete(InteractionPerson).where(
            InteractionPerson.interaction_id == interaction.id, InteractionPerson.person_id.in_(gone)
        ))
    session.flush()
