"""Search: case-insensitive substring match over people, interaction notes and commitments.

A LIKE scan, not FTS: it needs no shadow tables or triggers to keep in sync, runs unchanged
on PostgreSQL, and scans a million short notes within the report budget (see bench/).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlmodel import Session

from rmlog.store.models import Commitment, Interaction, InteractionPerson, Person, PersonAlias

PERSON_FIELDS = ("name", "handle", "company", "role", "how_met", "needs", "offers", "notes")


def search_all(session: Session, text: str, limit: int) -> dict[str, list[dict]]:
    """Hits per section, newest interactions first."""
    pattern = f"%{_escape(text)}%"
    return {
        "people": _people(session, text, pattern, limit),
        "interactions": _interactions(session, pattern, limit),
        "commitments": _commitments(session, pattern, limit),
    }


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(column, pattern: str):
    return column.ilike(pattern, escape="\\")


def _people(session: Session, text: str, pattern: str, limit: int) -> list[dict]:
    columns = [getattr(Person, name) for name in PERSON_FIELDS]
    aliased = select(PersonAlias.person_id).where(_like(PersonAlias.alias, pattern))
    query = (
        select(Person)
        .where(or_(*(_like(c, pattern) for c in columns), Person.id.in_(aliased)))
        .order_by(Person.name)
        .limit(limit)
    )
    folded = text.casefold()
    hits = []
    for person in session.execute(query).scalars():
        matched = [f for f in PERSON_FIELDS if folded in (getattr(person, f) or "").casefold()]
        hits.append({"id": person.id, "handle": person.handle, "name": person.name,
                     "matched": ", ".join(matched) or "alias"})
    return hits


def _interactions(session: Session, pattern: str, limit: int) -> list[dict]:
    query = (
        select(Interaction.id, Interaction.occurred_at, Interaction.kind, Interaction.notes)
        .where(_like(Interaction.notes, pattern))
        .order_by(Interaction.occurred_at.desc())
        .limit(limit)
    )
    rows = session.execute(query).all()
    people: dict[int, list[str]] = {row[0]: [] for row in rows}
    links = session.execute(
        select(InteractionPerson.interaction_id, Person.handle)
        .join(Person, Person.id == InteractionPerson.person_id)
        .where(InteractionPerson.interaction_id.in_(list(people)))
        .order_by(Person.handle)
    )
    for interaction_id, handle in links:
        people[interaction_id].append(handle)
    return [
        {"id": i, "occurred_at": at, "kind": kind, "notes": notes, "people": people[i]}
        for i, at, kind, notes in rows
    ]


def _commitments(session: Session, pattern: str, limit: int) -> list[dict]:
    query = (
        select(Commitment.id, Person.handle, Commitment.owner, Commitment.what,
               Commitment.status, Commitment.due_at)
        .join(Person, Person.id == Commitment.person_id)
        .where(_like(Commitment.what, pattern))
        .order_by(Commitment.id.desc())
        .limit(limit)
    )
    keys = ("id", "person", "owner", "what", "status", "due_at")
    return [dict(zip(keys, row)) for row in session.execute(query)]
