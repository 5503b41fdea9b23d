"""SQL that feeds the pure reports: one aggregate query per concern, no per-row queries.

Rows come back as the plain dataclasses of rmlog.reports.data.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from rmlog.reports.data import BalanceRow, CommitmentRow, ExchangeRow, InteractionRow, PersonStatus
from rmlog.reports.due import StaleBounds
from rmlog.store.models import (
    Commitment,
    Exchange,
    Interaction,
    InteractionPerson,
    Person,
    PersonTag,
)
from rmlog.handles import normalise_tag
from rmlog.store.people import PersonRow, in_circle_and_tag, last_contact_column, tags_of


def person_statuses(
    session: Session,
    circle: str | None = None,
    tag: str | None = None,
    stale: StaleBounds | None = None,
    created_since: datetime | None = None,
) -> list[PersonStatus]:
    """Active people with their last contact (one index seek each) and tags.

    With `stale`, only people who may be due now (plus, with created_since, anyone added
    since then): the bound runs in SQL so a large journal is not loaded person by person.
    """
    last = last_contact_column()
    query = select(
        Person.id, Person.handle, Person.name, Person.circle, Person.created_at,
        Person.cadence_days, Person.snoozed_until, Person.birthday, Person.needs,
        Person.offers, last,
    ).where(Person.archived_at.is_(None))
    if stale is not None:
        query = query.where(_may_be_due(stale, last, created_since))
    query = in_circle_and_tag(query, circle, tag)
    rows = session.execute(query).all()
    tags = tags_of(session)
    return [
        PersonStatus(
            id=row[0], handle=row[1], name=row[2], circle=row[3], created_at=row[4],
            cadence_days=row[5], snoozed_until=row[6], birthday=row[7], needs=row[8],
            offers=row[9], last_contact=row[10], tags=tuple(tags.get(row[0], ())),
        )
        for row in rows
    ]


def status_of(row: PersonRow) -> PersonStatus:
    """The report row of a person already loaded with tags and last contact."""
    p = row.person
    return PersonStatus(
        id=p.id, handle=p.handle, name=p.name, circle=p.circle, created_at=p.created_at,
        cadence_days=p.cadence_days, tags=tuple(row.tags), last_contact=row.last_contact,
        snoozed_until=p.snoozed_until, archived_at=p.archived_at, birthday=p.birthday,
        needs=p.needs, offers=p.offers,
    )


def _may_be_due(stale: StaleBounds, last, created_since: datetime | None):
    tagged = select(PersonTag.person_id).where(
        PersonTag.tag.in_([normalise_tag(t) for t in stale.tags])
    )
    contacted = func.coalesce(last, Person.created_at)
    return or_(
        Person.cadence_days.is_not(None),
        Person.id.in_(tagged),
        *(and_(Person.circle == circle, contacted < before) for circle, before in stale.before.items()),
        *([Person.created_at >= created_since] if created_since is not None else []),
    )


def birthday_people(
    session: Session, month_days: list[str], circle: str | None = None, tag: str | None = None
) -> list[PersonStatus]:
    """Active people whose birthday ('YYYY-MM-DD' or '--MM-DD') falls on one of the 'MM-DD'
    days given (handle, name, birthday; other fields empty)."""
    query = select(Person.id, Person.handle, Person.name, Person.circle, Person.created_at, Person.birthday).where(
        Person.archived_at.is_(None),
        func.substr(Person.birthday, func.length(Person.birthday) - 4).in_(month_days),
    )
    return [
        PersonStatus(id=row[0], handle=row[1], name=row[2], circle=row[3], created_at=row[4], birthday=row[5])
        for row in session.execute(in_circle_and_tag(query, circle, tag))
    ]


def handles_in(session: Session, circle: str | None, tag: str | None) -> set[str]:
    """Handles of active people in a circle and/or with a tag."""
    query = select(Person.handle).where(Person.archived_at.is_(None))
    return set(session.execute(in_circle_and_tag(query, circle, tag)).scalars())


def last_notes(session: Session, handles: list[str]) -> dict[str, str | None]:
    """The note of each person's latest interaction, for the few people a report shows."""
    latest = (
        select(Interaction.notes)
        .join(InteractionPerson, InteractionPerson.interaction_id == Interaction.id)
        .where(InteractionPerson.person_id == Person.id)
        .order_by(InteractionPerson.occurred_at.desc())
        .limit(1)
        .correlate(Person)
        .scalar_subquery()
    )
    rows = session.execute(select(Person.handle, latest).where(Person.handle.in_(handles)))
    return dict(rows.all())


def commitment_rows(
    session: Session,
    open_only: bool = False,
    due_before: datetime | None = None,
    touched_since: datetime | None = None,
    person_id: int | None = None,
) -> list[CommitmentRow]:
    """Commitments with their person's handle and name, oldest first."""
    query = select(
        Commitment.id, Person.handle, Person.name, Commitment.owner, Commitment.what,
        Commitment.status, Commitment.created_at, Commitment.due_at, Commitment.done_at,
    ).join(Person, Person.id == Commitment.person_id)
    if open_only:
        query = query.where(Commitment.status == "open")
    if due_before is not None:
        query = query.where(Commitment.due_at.is_not(None), Commitment.due_at < due_before)
    if touched_since is not None:
        query = query.where(
            or_(
                Commitment.status == "open",
                Commitment.created_at >= touched_since,
                Commitment.due_at >= touched_since,
                Commitment.done_at >= touched_since,
            )
        )
    if person_id is not None:
        query = query.where(Commitment.person_id == person_id)
    return [CommitmentRow(*row) for row in session.execute(query.order_by(Commitment.id))]


def balance_rows(
    session: Session, since: datetime, person_id: int | None = None, initiation: bool = True
) -> list[BalanceRow]:
    """Per person since a moment: exchange weights by direction and, unless initiation is
    False (the dearest query: every interaction in the window), who initiated contact."""
    given = func.sum(case((Exchange.direction == "gave", Exchange.weight), else_=0.0))
    received = func.sum(case((Exchange.direction == "received", Exchange.weight), else_=0.0))
    ledger = select(Exchange.person_id, given, received).where(Exchange.occurred_at >= since)
    by_me = func.sum(case((Interaction.initiated_by == "me", 1), else_=0))
    by_them = func.sum(case((Interaction.initiated_by == "them", 1), else_=0))
    # Group by person_id + 0, a value rather than the indexed column: otherwise SQLite walks
    # every link in (person_id, occurred_at) order instead of seeking the window by date.
    person = (InteractionPerson.person_id + 0).label("person")
    contact = (
        select(person, by_me, by_them, func.count())
        .select_from(Interaction)
        .join(InteractionPerson, InteractionPerson.interaction_id == Interaction.id)
        .where(Interaction.occurred_at >= since)
    )
    if person_id is not None:
        ledger = ledger.where(Exchange.person_id == person_id)
        contact = contact.where(
            InteractionPerson.person_id == person_id, InteractionPerson.occurred_at >= since
        )
    sums: dict[int, list] = defaultdict(lambda: [0.0, 0.0, 0, 0, 0])
    for pid, gave, got in session.execute(ledger.group_by(Exchange.person_id)):
        sums[pid][0:2] = [float(gave or 0), float(got or 0)]
    if initiation:
        for pid, me, them, count in session.execute(contact.group_by(person)):
            sums[pid][2:5] = [int(me or 0), int(them or 0), int(count)]
    if not sums:
        return []
    people = select(Person.id, Person.handle, Person.name, Person.circle).where(Person.archived_at.is_(None))
    if person_id is not None:
        people = people.where(Person.id == person_id)
    people = session.execute(people)
    return [BalanceRow(handle, name, circle, *sums[pid]) for pid, handle, name, circle in people if pid in sums]


def interaction_rows(session: Session, since: datetime, moods_only: bool = False) -> list[InteractionRow]:
    """One row per (interaction, person) since a moment, oldest first; with moods_only,
    only interactions whose mood was recorded."""
    query = (
        select(
            Interaction.id, Interaction.occurred_at, Person.handle, Person.name,
            Interaction.sentiment, Interaction.initiated_by,
        )
        .join(InteractionPerson, InteractionPerson.interaction_id == Interaction.id)
        .join(Person, Person.id == InteractionPerson.person_id)
        .where(Interaction.occurred_at >= since)
        .order_by(Interaction.occurred_at, Interaction.id)
    )
    if moods_only:
        query = query.where(Interaction.sentiment.is_not(None))
    return [InteractionRow(*row) for row in session.execute(query)]


def activity_counts(session: Session, since: datetime, until: datetime) -> tuple[int, int]:
    """How many interactions, and with how many different people, in [since, until]."""
    row = session.execute(
        select(func.count(func.distinct(Interaction.id)), func.count(func.distinct(InteractionPerson.person_id)))
        .join(InteractionPerson, InteractionPerson.interaction_id == Interaction.id)
        .where(Interaction.occurred_at >= since, Interaction.occurred_at <= until)
    ).one()
    return row[0], row[1]


def received_rows(session: Session, since: datetime) -> list[ExchangeRow]:
    """What people gave me since a moment, newest first."""
    query = (
        select(
            Person.handle, Exchange.direction, Exchange.kind, Exchange.what,
            Exchange.occurred_at, Exchange.weight,
        )
        .join(Person, Person.id == Exchange.person_id)
        .where(and_(Exchange.direction == "received", Exchange.occurred_at >= since))
        .order_by(Exchange.occurred_at.desc(), Exchange.id.desc())
    )
    return [ExchangeRow(*row) for row in session.execute(query)]

