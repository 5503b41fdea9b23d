"""Queries and changes for people: create, resolve, list, edit, lifecycle."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rmlog.handles import normalise_tag, slugify, unique_handle
from rmlog.resolve import Candidate, resolve
from rmlog.store.models import Interaction, InteractionPerson, Person, PersonAlias, PersonTag


@dataclass
class PersonRow:
    """A person with what listings show next to them."""

    person: Person
    tags: list[str]
    aliases: list[str]
    last_contact: datetime | None


def last_contact_column():
    """Correlated MAX over the (person_id, occurred_at) index: one seek per person."""
    return (
        select(func.max(InteractionPerson.occurred_at))
        .where(InteractionPerson.person_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )


def add_person(
    session: Session,
    name: str,
    now: datetime,
    tags: Iterable[str] = (),
    aliases: Iterable[str] = (),
    **fields,
) -> tuple[Person, list[str]]:
    """Create a person; returns it and the handles of others with the same name."""
    name = name.strip()
    base = slugify(name)
    taken = set(
        session.execute(
            select(Person.handle).where(
                (Person.handle == base) | Person.handle.like(f"{base}-%")
            )
        ).scalars()
    )
    namesakes = list(
        session.execute(
            select(Person.handle).where(func.lower(Person.name) == name.lower())
        ).scalars()
    )
    person = Person(
        uid=fields.pop("uid", None) or str(uuid.uuid4()),
        name=name,
        handle=unique_handle(name, taken),
        created_at=fields.pop("created_at", None) or now,
        **{key: value for key, value in fields.items() if value is not None},
    )
    session.add(person)
    session.flush()
    set_tags(session, person, tags)
    add_aliases(session, person, aliases)
    return person, namesakes


def set_tags(session: Session, person: Person, tags: Iterable[str], remove: Iterable[str] = ()):
    """Add tags (normalised lower-case) and remove others."""
    current = set(tags_of(session, [person.id]).get(person.id, []))
    for tag in {normalise_tag(t) for t in tags} - current - {""}:
        session.add(PersonTag(person_id=person.id, tag=tag))
    drop = {normalise_tag(t) for t in remove} & current
    if drop:
        session.execute(
            delete(PersonTag).where(PersonTag.person_id == person.id, PersonTag.tag.in_(drop))
        )


def add_aliases(session: Session, person: Person, aliases: Iterable[str]) -> None:
    """Add extra names that resolve to the person."""
    current = set(aliases_of(session, [person.id]).get(person.id, []))
    for alias in {a.strip() for a in aliases if a.strip()} - current:
        session.add(PersonAlias(person_id=person.id, alias=alias))


def tags_of(session: Session, ids: list[int] | None = None) -> dict[int, list[str]]:
    """Tags per person id (all people when ids is None)."""
    query = select(PersonTag.person_id, PersonTag.tag).order_by(PersonTag.tag)
    if ids is not None:
        query = query.where(PersonTag.person_id.in_(ids))
    return _grouped(session.execute(query))


def aliases_of(session: Session, ids: list[int] | None = None) -> dict[int, list[str]]:
    """Aliases per person id (all people when ids is None)."""
    query = select(PersonAlias.person_id, PersonAlias.alias).order_by(PersonAlias.alias)
    if ids is not None:
        query = query.where(PersonAlias.person_id.in_(ids))
    return _grouped(session.execute(query))


def _grouped(rows) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for key, value in rows:
        grouped[key].append(value)
    return grouped


def resolve_person(session: Session, text: str) -> Person:
    """The person the user means (SPEC §3); InputError when unknown or ambiguous."""
    exact = session.execute(
        select(Person).where(Person.handle == text.strip().lower())
    ).scalar_one_or_none()
    if exact is not None:
        return exact
    aliases = aliases_of(session)
    candidates = [
        Candidate(id=pid, handle=handle, name=name, aliases=tuple(aliases.get(pid, ())))
        for pid, handle, name in session.execute(select(Person.id, Person.handle, Person.name))
    ]
    return session.get(Person, resolve(text, candidates).id)


def in_circle_and_tag(query, circle: str | None, tag: str | None):
    """Narrow a query over people to a circle and/or a tag."""
    if circle:
        query = query.where(Person.circle == circle)
    if tag:
        query = query.where(
            Person.id.in_(select(PersonTag.person_id).where(PersonTag.tag == normalise_tag(tag)))
        )
    return query


def list_people(
    session: Session,
    circle: str | None = None,
    tag: str | None = None,
    archived: bool = False,
) -> list[PersonRow]:
    """People with their last contact, filtered by circle, tag and archive state.

    Read-only: each `person` is a plain row with the Person columns as attributes, which is
    several times cheaper than an ORM object when listing thousands of people.
    """
    last = last_contact_column().label("last_contact")
    query = select(*Person.__table__.columns, last)
    query = query.where(Person.archived_at.is_not(None) if archived else Person.archived_at.is_(None))
    query = in_circle_and_tag(query, circle, tag)
    rows = session.execute(query.order_by(func.lower(Person.name))).all()
    tags, aliases = tags_of(session), aliases_of(session)
    return [PersonRow(row, tags.get(row.id, []), aliases.get(row.id, []), row.last_contact) for row in rows]


def person_row(session: Session, person: Person) -> PersonRow:
    """One person with tags, aliases and last contact."""
    last = session.execute(
        select(func.max(InteractionPerson.occurred_at)).where(
            InteractionPerson.person_id == person.id
        )
    ).scalar()
    return PersonRow(
        person,
        tags_of(session, [person.id]).get(person.id, []),
        aliases_of(session, [person.id]).get(person.id, []),
        last,
    )


def keep_handle(session: Session, person: Person, handle: str | None) -> None:
    """Give a person the handle they had elsewhere (an export, a CSV) when no one here has it."""
    if handle and handle != person.handle:
        taken = session.execute(select(Person.id).where(Person.handle == handle)).first()
        if taken is None:
            person.handle = handle


def delete_person(session: Session, person: Person) -> int:
    """Delete a person and their links; interactions left with nobody go too. Returns that count."""
    own = select(InteractionPerson.interaction_id).where(InteractionPerson.person_id == person.id)
    interaction_ids = list(session.execute(own).scalars())
    session.delete(person)
    session.flush()
    orphaned = (
        delete(Interaction)
        .where(Interaction.id.in_(interaction_ids))
        .where(~select(InteractionPerson.person_id).where(
            InteractionPerson.interaction_id == Interaction.id
        ).exists())
    )
    return session.execute(orphaned).rowcount
