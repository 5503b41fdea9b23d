"""Search: case-insensitive substring match over people, interaction notes and commitments.

A LIKE scan, not FTS: it needs no shadow tables or triggers to keep in sync, works on
PostgreSQL too, and scans a million short notes within the report budget (see bench/).
PostgreSQL's ILIKE folds all of Unicode. SQLite's LIKE folds ASCII only, which is exact
for an ASCII query (ILIKE would wrap every row in lower()); a query with other letters
compares through rmlog_lower, Python's lower() registered on the connection (store/engine),
so only such searches pay a function call per row. On SQLite notes are scanned in table
order: walking the date index to avoid a sort turns a search with few hits into a million
random reads.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from rmlog.store.fields import searchable
from rmlog.store.models import Person, commitment, interaction, person, person_alias
from rmlog.store.queries import handles_by_interaction

PERSON_FIELDS = searchable(Person)


def search_all(session: Session, query: str, limit: int) -> dict[str, list[dict]]:
    """Hits per section, newest interactions first."""
    pattern = f"%{_escape(query)}%"
    sqlite = session.get_bind().dialect.name == "sqlite"

    def like(column):
        if not sqlite:
            return column.ilike(pattern, escape="\\")
        if query.isascii():
            return column.like(pattern, escape="\\")
        return func.rmlog_lower(column).like(pattern.lower(), escape="\\")

    newest = text("+interaction.occurred_at DESC") if sqlite else interaction.c.occurred_at.desc()
    return {
        "people": _people(session, query, like, limit),
        "interactions": _interactions(session, like, newest, limit),
        "commitments": _commitments(session, like, limit),
    }


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _people(session: Session, query: str, like, limit: int) -> list[dict]:
    columns = [person.c[name] for name in PERSON_FIELDS]
    aliased = select(person_alias.c.person_id).where(like(person_alias.c.alias))
    found = (
        select(person)
        .where(or_(*(like(c) for c in columns), person.c.id.in_(aliased)))
        .order_by(person.c.name)
        .limit(limit)
    )
    folded = query.casefold()
    hits = []
    for row in session.execute(found):
        matched = [f for f in PERSON_FIELDS if folded in (getattr(row, f) or "").casefold()]
        hits.append({"id": row.id, "handle": row.handle, "name": row.name,
                     "matched": ", ".join(matched) or "alias"})
    return hits


def _interactions(session: Session, like, newest, limit: int) -> list[dict]:
    query = (
        select(interaction.c.id, interaction.c.occurred_at, interaction.c.kind, interaction.c.notes)
        .where(like(interaction.c.notes))
        .order_by(newest, interaction.c.id.desc())
        .limit(limit)
    )
    rows = session.execute(query).all()
    people = handles_by_interaction(session, [row[0] for row in rows])
    return [
        {"id": i, "occurred_at": at, "kind": kind, "notes": notes, "people": people[i]}
        for i, at, kind, notes in rows
    ]


def _commitments(session: Session, like, limit: int) -> list[dict]:
    query = (
        select(commitment.c.id, person.c.handle, commitment.c.owner, commitment.c.what,
               commitment.c.status, commitment.c.due_at)
        .join(person, person.c.id == commitment.c.person_id)
        .where(like(commitment.c.what))
        .order_by(commitment.c.id.desc())
        .limit(limit)
    )
    keys = ("id", "person", "owner", "what", "status", "due_at")
    return [dict(zip(keys, row)) for row in session.execute(query)]
