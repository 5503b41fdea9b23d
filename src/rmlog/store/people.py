"""Queries and changes for people: create, resolve, list, edit, lifecycle."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rmlog.errors import InputError
from rmlog.handles import normalise_tag, slugify, unique_handle
from rmlog.store.models import (
    LABEL_MAX, CircleMove, Interaction, InteractionPerson, Person, PersonAlias, PersonBase, PersonTag, option_values,
)
from rmlog.store.queries import aliases_of, resolve_person_id, tags_of


def add_person(
    session: Session,
    name: str,
    now: datetime,
    tags: Iterable[str] = (),
    aliases: Iterable[str] = (),
    uid: str | None = None,
    created_at: datetime | None = None,
    **fields,
) -> tuple[Person, list[str]]:
    """Create a person; returns it and the handles of others with the same name.

    The fields are checked by the person model first (InputError names the option); uid and
    created_at come from an imported record, checked already (default: new, now).
    """
    fields = option_values(PersonBase, {"name": name, **fields})
    name = fields.pop("name")
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
        uid=uid or str(uuid.uuid4()),
        name=name,
        handle=unique_handle(name, taken),
        created_at=created_at or now,
        **{key: value for key, value in fields.items() if value is not None},
    )
    session.add(person)
    session.flush()
    set_tags(session, person, tags)
    add_aliases(session, person, aliases)
    return person, namesakes


def update_person(session: Session, person: Person, fields: dict) -> None:
    """Change a person's fields after checking them as the person they would become."""
    checked = option_values(PersonBase, {"name": person.name, **fields})
    for key in fields:
        setattr(person, key, checked[key])


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


def resolve_person(session: Session, text: str, prefix: bool = True) -> Person:
    """The person the user means, as an ORM object to change."""
    return session.get(Person, resolve_person_id(session, text, prefix))


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


def move_person(session: Session, person: Person, circle: str, why: str | None, now: datetime) -> CircleMove:
    """Move a person to another circle and record the decision with its reason."""
    fields = option_values(PersonBase, {"name": person.name, "circle": circle})
    if fields["circle"] == person.circle:
        raise InputError(f"{person.handle} is already in {person.circle}")
    why = why.strip() if why else None
    if why and len(why) > LABEL_MAX:
        raise InputError(f"--why: at most {LABEL_MAX} characters")
    move = CircleMove(person_id=person.id, from_circle=person.circle, to_circle=fields["circle"], why=why or None, at=now)
    person.circle = fields["circle"]
    session.add(move)
    session.flush()
    return move
