"""Read helpers shared by every query module, on the Core tables (no ORM needed)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterator, Mapping, NamedTuple, Sequence

from sqlalchemy import case, func, null, select

from rmlog.handles import normalise_tag
from rmlog.resolve import Candidate, check_query, resolve
from rmlog.store.last_contact import last_contact
from rmlog.store.tables import (
    circle_move, exchange, interaction, interaction_person, person, person_alias, person_tag,
)

if TYPE_CHECKING:  # reads get a Connection (open_reader), writes a Session: both execute Core
    from sqlalchemy.orm import Session

PAGE = 1000
"""Rows a listing reads at a time (and ids a page's tag lookup names)."""


@dataclass
class PersonRow:
    """A person (any object with the person columns as attributes) with tags, aliases and
    last contact: what profiles and listings show."""

    person: Any
    tags: list[str]
    aliases: list[str]
    last_contact: datetime | None


def person_row(session: Session, person_id: int) -> PersonRow:
    """One person, read fresh (changes flushed in this transaction included)."""
    row = session.execute(
        select(*person.columns, last_contact_column().label("last_contact")).select_from(PEOPLE)
        .where(person.c.id == person_id)
    ).one()
    return PersonRow(
        row,
        tags_of(session, [person_id]).get(person_id, []),
        aliases_of(session, [person_id]).get(person_id, []),
        row.last_contact,
    )


def recent_interactions(session: Session, person_id: int, limit: int = 10) -> list[tuple[Any, list[Participant]]]:
    """The person's latest interactions (newest first) with the other people present."""
    return interactions_of(session, person_id, limit=limit)


class Participant(NamedTuple):
    """One person in an interaction, as views show them."""

    id: int
    handle: str
    name: str


def interactions_of(
    session: Session,
    person_id: int | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    everyone: bool = False,
) -> list[tuple[Any, list[Participant]]]:
    """Interactions, newest first, each with its people (but person_id, unless everyone)."""
    if person_id is None:
        query = select(interaction).order_by(interaction.c.occurred_at.desc(), interaction.c.id.desc())
        if since is not None:
            query = query.where(interaction.c.occurred_at >= since)
    else:
        query = (
            select(interaction)
            .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id)
            .where(interaction_person.c.person_id == person_id)
            .order_by(interaction_person.c.occurred_at.desc(), interaction.c.id.desc())
        )
        if since is not None:
            query = query.where(interaction_person.c.occurred_at >= since)
    rows = session.execute(query.limit(limit)).all()
    people = people_by_interaction(session, [row.id for row in rows], None if everyone else person_id)
    return [(row, people[row.id]) for row in rows]


def handles_by_interaction(
    session: Session, interaction_ids: list[int], except_person: int | None = None
) -> dict[int, list[str]]:
    """The handles of the people in each interaction, sorted (one query)."""
    people = people_by_interaction(session, interaction_ids, except_person)
    return {interaction_id: [p.handle for p in found] for interaction_id, found in people.items()}


def people_by_interaction(
    session: Session, interaction_ids: list[int], except_person: int | None = None
) -> dict[int, list[Participant]]:
    """The people in each interaction, by handle (one query)."""
    people: dict[int, list[Participant]] = {interaction_id: [] for interaction_id in interaction_ids}
    query = (
        select(interaction_person.c.interaction_id, person.c.id, person.c.handle, person.c.name)
        .join(person, person.c.id == interaction_person.c.person_id)
        .where(interaction_person.c.interaction_id.in_(interaction_ids))
        .order_by(person.c.handle)
    )
    if except_person is not None:
        query = query.where(person.c.id != except_person)
    for interaction_id, *found in session.execute(query).all():
        people[interaction_id].append(Participant(*found))
    return people


def exchanges_of(session: Session, person_id: int, limit: int = 20) -> list[Any]:
    """The person's latest exchanges both ways, newest first."""
    return session.execute(
        select(exchange).where(exchange.c.person_id == person_id)
        .order_by(exchange.c.occurred_at.desc(), exchange.c.id.desc()).limit(limit)
    ).all()


PEOPLE = person.outerjoin(last_contact, last_contact.c.person_id == person.c.id)
"""Each person with their kept last contact (store/last_contact.py): a query that reads
last_contact_column() selects from it, and finds the contact by key once per person however
often it names the column."""


def last_contact_column(reset: Mapping[str, Sequence[str]] | None = None):
    """The person's latest interaction (in a query selecting from PEOPLE), NULL for someone
    never contacted.

    With reset (circle -> kinds that count as contact there), people in those circles get
    their latest interaction of a counting kind instead (see counted_contact_query)."""
    latest = last_contact.c.occurred_at
    if not reset:
        return latest
    counted = [(person.c.circle == circle, counted_contact_query(person.c.id, kinds)
                .with_only_columns(interaction_person.c.occurred_at).correlate(person).scalar_subquery())
               for circle, kinds in sorted(reset.items())]
    return case(*counted, else_=latest)


def counted_contact_query(person_id, kinds: Sequence[str] | None):
    """The person's latest interaction of one of kinds, any kind when None (id, occurred_at,
    kind): walks their links newest first on the (person_id, occurred_at) index, joining each
    interaction by its key, and stops at the first that counts."""
    query = (
        select(interaction.c.id, interaction_person.c.occurred_at, interaction.c.kind)
        .join(interaction, interaction.c.id == interaction_person.c.interaction_id)
        .where(interaction_person.c.person_id == person_id)
        .order_by(interaction_person.c.occurred_at.desc())
        .limit(1)
    )
    return query if kinds is None else query.where(interaction.c.kind.in_(list(kinds)))


def tags_of(session: Session, ids: list[int] | None = None) -> dict[int, list[str]]:
    """Tags per person id (all people when ids is None), each person's in code point order
    (sorted here, not by the database's collation: the same order on every backend, the one
    tag_list gives)."""
    query = select(person_tag.c.person_id, person_tag.c.tag)
    if ids is not None:
        query = query.where(person_tag.c.person_id.in_(ids))
    grouped = _grouped(session.execute(query).all())
    for tags in grouped.values():
        tags.sort()
    return grouped


TAG_SEPARATOR = "\x1f"
"""Between the tags of tags_column: the ASCII unit separator, which no tag holds (a tag is
letters and digits joined by dashes, see handles.normalise_tag)."""


def tags_column():
    """The person's tags as one text, TAG_SEPARATOR between them, in no set order (tag_list
    reads it): aggregated in the query that lists people, which costs a listing of tens of
    thousands less than a lookup of each page's tags by id."""
    return (
        select(func.aggregate_strings(person_tag.c.tag, TAG_SEPARATOR))
        .where(person_tag.c.person_id == person.c.id)
        .correlate(person)
        .scalar_subquery()
    )


def tag_list(text: str | None) -> list[str]:
    """The tags in tags_column's text, in code point order (as tags_of gives them)."""
    return sorted(text.split(TAG_SEPARATOR)) if text else []


def aliases_of(session: Session, ids: list[int] | None = None) -> dict[int, list[str]]:
    """Aliases per person id (all people when ids is None)."""
    query = select(person_alias.c.person_id, person_alias.c.alias).order_by(person_alias.c.alias)
    if ids is not None:
        query = query.where(person_alias.c.person_id.in_(ids))
    return _grouped(session.execute(query).all())


def _grouped(rows) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for key, value in rows:
        grouped[key].append(value)
    return grouped


def in_circle_and_tag(query, circle: str | None, tag: str | None):
    """Narrow a query over people to a circle and/or a tag."""
    if circle:
        query = query.where(person.c.circle == circle)
    if tag:
        query = query.where(
            person.c.id.in_(select(person_tag.c.person_id).where(person_tag.c.tag == normalise_tag(tag)))
        )
    return query


def resolve_person_id(session: Session, text: str, prefix: bool = True) -> int:
    """The id of the person the user means; InputError when blank, unknown or
    ambiguous. prefix=False accepts only an exact handle, name or alias."""
    exact = session.execute(
        select(person.c.id).where(person.c.handle == check_query(text).lower())
    ).scalar_one_or_none()
    if exact is not None:
        return exact
    aliases = aliases_of(session)
    candidates = [
        Candidate(id=pid, handle=handle, name=name, aliases=tuple(aliases.get(pid, ())))
        for pid, handle, name in session.execute(select(person.c.id, person.c.handle, person.c.name))
    ]
    return resolve(text, candidates, prefix).id


def list_people(
    session: Session,
    circle: str | None = None,
    tag: str | None = None,
    archived: bool = False,
    sort: str = "name",
) -> Iterator[PersonRow]:
    """People with their last contact, filtered by circle, tag and archive state, ordered
    by name (case-insensitive) or, for sort "last", longest since contact (or since they
    were added) first, in SQL.

    Read-only: each `person` is a plain row with the Person columns as attributes, which is
    several times cheaper than an ORM object when listing thousands of people. Read PAGE
    rows at a time (each with its tags, see tags_column; each page with its aliases), so
    memory stays flat however many people there are: consume it inside the session.
    listed_people gives the same people as the people table shows them.
    """
    last = last_contact_column().label("last_contact")
    query = _listing(select(*person.columns, tags_column().label("tags"), last), circle, tag, archived, sort)
    n = len(person.columns)
    for rows in session.execute(query.execution_options(yield_per=PAGE)).partitions():
        aliases = aliases_of(session, [row.id for row in rows])
        yield from (PersonRow(row, tag_list(row[n]), aliases.get(row.id, []), row[n + 1]) for row in rows)


class Listed(NamedTuple):
    """A person as the people table shows them (listed_people): the columns it shows and
    their status needs, their tags (tags_column's text: tag_list reads it), since (their last
    contact, or when they were added when there is none: contacted says which) and, with
    [reset], counted_since (the same for the contact that resets their clock in their
    circle, as due counts it; None without [reset]: since is that contact too)."""

    handle: str
    name: str
    circle: str
    cadence_days: int | None
    snoozed_until: datetime | None
    archived_at: datetime | None
    cadence_max_days: int | None
    tags: str | None
    since: datetime
    contacted: bool
    counted_since: datetime | None = None


def listed_people(
    session: Session,
    circle: str | None = None,
    tag: str | None = None,
    archived: bool = False,
    reset: Mapping[str, Sequence[str]] | None = None,
    sort: str = "name",
) -> Iterator[Listed]:
    """list_people's people as flat Listed rows: no aliases, emails or phones to decode, one
    time per person to read rather than two, no row object around each; tens of thousands
    cost a fifth less to read."""
    last = last_contact_column()
    columns = [person.c[name] for name in Listed._fields[:Listed._fields.index("tags")]]  # the person's own
    since, contacted = func.coalesce(last, person.c.created_at), last.is_not(None)
    counted = func.coalesce(last_contact_column(reset), person.c.created_at) if reset else null()
    query = select(*columns, tags_column().label("tags"), since.label("since"), contacted.label("contacted"),
                   counted.label("counted_since"))
    query = _listing(query, circle, tag, archived, sort)
    for rows in session.execute(query.execution_options(yield_per=PAGE)).partitions():
        yield from map(Listed._make, rows)


def _listing(query, circle: str | None, tag: str | None, archived: bool, sort: str):
    """A query over people (with their last contact), narrowed and ordered as list_people says."""
    query = query.select_from(PEOPLE)
    query = query.where(person.c.archived_at.is_not(None) if archived else person.c.archived_at.is_(None))
    query = in_circle_and_tag(query, circle, tag)
    if sort == "last":
        query = query.order_by(func.coalesce(last_contact_column(), person.c.created_at))
    return query.order_by(func.lower(person.c.name))


def has_people(session: Session) -> bool:
    """Whether the journal holds anyone at all (archived people included)."""
    return session.execute(select(person.c.id).limit(1)).first() is not None


def contact_times(session: Session, person_id: int, since: datetime) -> list[datetime]:
    """When the person's interactions since a moment happened (the person's index covers it)."""
    return list(session.scalars(
        select(interaction_person.c.occurred_at)
        .where(interaction_person.c.person_id == person_id, interaction_person.c.occurred_at >= since)
    ))


def circle_sizes(session: Session) -> dict[str, int]:
    """How many active (not archived) people each circle holds."""
    query = select(person.c.circle, func.count()).where(person.c.archived_at.is_(None)).group_by(person.c.circle)
    return dict(session.execute(query).all())


def interaction_times(session: Session, since: datetime, until: datetime) -> list[datetime]:
    """When each interaction in [since, until] happened (one row each, whoever was there)."""
    return list(session.scalars(
        select(interaction.c.occurred_at).where(interaction.c.occurred_at >= since, interaction.c.occurred_at <= until)
    ))


def moves_of(session: Session, person_id: int) -> list:
    """The person's circle moves, oldest first (plain rows with CircleMove's columns)."""
    query = select(circle_move).where(circle_move.c.person_id == person_id).order_by(circle_move.c.at, circle_move.c.id)
    return list(session.execute(query))
