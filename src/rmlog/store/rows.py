"""SQL that feeds the pure reports: one aggregate query per concern, no per-row queries.

Rows come back as the plain dataclasses of rmlog.reports.data.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Iterator, Mapping, NamedTuple, Sequence

from sqlalchemy import and_, case, func, literal, or_, select, union_all

from rmlog.reports.birthdays import window_month_days
from rmlog.reports.data import BalanceRow, CadenceConfig, CommitmentRow, ExchangeRow, InteractionRow, PersonStatus
from rmlog.reports.days import end_of_window
from rmlog.reports.draining import MOOD_MIN
from rmlog.reports.due import DueReport, StaleBounds, birthday_window, build_due, overdue_before, stale_bounds
from rmlog.reports.warning_signs import MIN_RUN
from rmlog.store.tables import commitment, exchange, interaction, interaction_person, person, person_tag
from rmlog.handles import normalise_tag
from rmlog.store.queries import (
    PAGE, PEOPLE, counted_contact_query, in_circle_and_tag, last_contact_column, tag_list, tags_column,
)

if TYPE_CHECKING:  # reads get a Connection (open_reader), writes a Session: both execute Core
    from sqlalchemy.orm import Session


STATUS_COLUMNS = tuple(person.c[name] for name in PersonStatus._fields if name in person.c)
"""The person columns a report row carries, in its order (its other fields, last contact then
tags, are worked out and follow them)."""

MOODS_NEEDED = min(MIN_RUN, MOOD_MIN)
"""Moods a person needs in a window before a warning sign or a mood trend can show."""


def person_statuses(
    session: Session,
    circle: str | None = None,
    tag: str | None = None,
    stale: StaleBounds | None = None,
    created_since: datetime | None = None,
    reset: Mapping[str, Sequence[str]] | None = None,
) -> list[PersonStatus]:
    """Active people with their last contact (store/last_contact.py) and tags.

    With `reset` (circle -> kinds of interaction that count as contact there), last contact
    is the latest interaction that counts in the person's circle.
    With `stale`, only people who may be due now (plus, with created_since, anyone added
    since then): the bound runs in SQL so a large journal is not loaded person by person.
    """
    last = last_contact_column(reset)
    query = select(*STATUS_COLUMNS, last.label("last_contact"), tags_column().label("tags")).select_from(PEOPLE)
    query = query.where(person.c.archived_at.is_(None))
    if stale is not None:
        query = query.where(_may_be_due(stale, last, created_since))
    query = in_circle_and_tag(query, circle, tag)
    # positional (the columns, then last contact, then tags): several times cheaper than keywords
    return [PersonStatus(*row[:-1], tuple(tag_list(row[-1]))) for row in session.execute(query)]


def due_report(
    session: Session, moment: datetime, config: CadenceConfig, days: int = 0,
    circle: str | None = None, tag: str | None = None, promises: int | None = None,
) -> DueReport:
    """The report of `rmlog due` (people still without their last note): the one place its
    rows are read, for `due`, `prompt` and the due snapshot alike. promises: list at most
    this many of the promises overdue since before today, and count the rest (report.unlisted):
    enough for a view that shows that many (None: list them all)."""
    people = person_statuses(session, circle, tag, stale=stale_bounds(config, moment), reset=config.reset)
    birthdays = birthday_people(session, window_month_days(moment, birthday_window(config, days)), circle, tag)
    end = end_of_window(moment, days)
    if promises is None:
        commitments, unlisted = commitment_rows(session, open_only=True, due_before=end, circle=circle, tag=tag), 0
    else:
        commitments, unlisted = _first_due_promises(session, moment, end, promises, circle, tag)
    return build_due(people, commitments, moment, config, days, with_birthdays=birthdays, unlisted=unlisted)


def _first_due_promises(
    session: Session, moment: datetime, end: datetime, first: int, circle: str | None, tag: str | None,
) -> tuple[list[CommitmentRow], int]:
    """The first promises overdue since before today (by due time), every promise due from
    today until end, and how many of the former were left out: thousands of old promises
    cost one count, not a row each."""
    before = overdue_before(moment)
    old = commitment_rows(session, open_only=True, due_before=before, circle=circle, tag=tag, first=first)
    late = _commitments([func.count()], True, before, None, None, None, circle, tag)
    rest = commitment_rows(session, open_only=True, due_from=before, due_before=end, circle=circle, tag=tag)
    return old + rest, session.execute(late).scalar_one() - len(old)


def snooze_ends(session: Session, after: datetime) -> list[datetime]:
    """When the first snooze of an active person ends after a moment ([] when none does)."""
    first = session.execute(
        select(func.min(person.c.snoozed_until)).where(
            person.c.archived_at.is_(None), person.c.snoozed_until > after
        )
    ).scalar()
    return [first] if first is not None else []


class CountedContact(NamedTuple):
    """The interaction that last reset a person's clock."""

    id: int
    occurred_at: datetime
    kind: str


def status_of(row, last_contact: datetime | None) -> PersonStatus:
    """The report row of a person already loaded with tags (a PersonRow) whose clock was last
    reset at last_contact (see counted_contact)."""
    p = row.person
    return PersonStatus(
        id=p.id, handle=p.handle, name=p.name, circle=p.circle, created_at=p.created_at,
        cadence_days=p.cadence_days, tags=tuple(row.tags), last_contact=last_contact,
        snoozed_until=p.snoozed_until, archived_at=p.archived_at, birthday=p.birthday,
        needs=p.needs, offers=p.offers, cadence_max_days=p.cadence_max_days,
    )


def counted_contact(session: Session, person_id: int, kinds: Sequence[str] | None) -> CountedContact | None:
    """The person's latest interaction of one of kinds (of any kind when kinds is None)."""
    row = session.execute(counted_contact_query(person_id, kinds)).first()
    return CountedContact(*row) if row else None


def _may_be_due(stale: StaleBounds, last, created_since: datetime | None):
    tagged = select(person_tag.c.person_id).where(
        person_tag.c.tag.in_([normalise_tag(t) for t in stale.tags])
    )
    contacted = func.coalesce(last, person.c.created_at)
    return or_(
        person.c.cadence_days.is_not(None),
        person.c.id.in_(tagged),
        *(and_(person.c.circle == circle, contacted < before) for circle, before in stale.before.items()),
        *([person.c.created_at >= created_since] if created_since is not None else []),
    )


def birthday_people(
    session: Session, month_days: list[str], circle: str | None = None, tag: str | None = None
) -> list[PersonStatus]:
    """Active people whose birthday ('YYYY-MM-DD' or '--MM-DD') falls on one of the 'MM-DD'
    days given (handle, name, birthday; other fields empty)."""
    query = select(person.c.id, person.c.handle, person.c.name, person.c.circle, person.c.created_at, person.c.birthday).where(
        person.c.archived_at.is_(None),
        func.substr(person.c.birthday, func.length(person.c.birthday) - 4).in_(month_days),
    )
    return [
        PersonStatus(id=row[0], handle=row[1], name=row[2], circle=row[3], created_at=row[4], birthday=row[5])
        for row in session.execute(in_circle_and_tag(query, circle, tag)).all()
    ]


def last_notes(session: Session, handles: list[str]) -> dict[str, str | None]:
    """The note of each person's latest interaction, for the few people a report shows."""
    latest = (
        select(interaction.c.notes)
        .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id)
        .where(interaction_person.c.person_id == person.c.id)
        .order_by(interaction_person.c.occurred_at.desc())
        .limit(1)
        .correlate(person)
        .scalar_subquery()
    )
    rows = session.execute(select(person.c.handle, latest).where(person.c.handle.in_(handles)))
    return dict(rows.all())


def commitment_rows(
    session: Session,
    open_only: bool = False,
    due_before: datetime | None = None,
    touched_since: datetime | None = None,
    person_id: int | None = None,
    circle: str | None = None,
    tag: str | None = None,
    due_from: datetime | None = None,
    first: int | None = None,
) -> list[CommitmentRow]:
    """Commitments with their person's handle and name, oldest first (with first: the first
    that many by due time); circle and tag narrow them to those people's."""
    query = _commitments(
        [commitment.c.id, person.c.handle, person.c.name, commitment.c.owner, commitment.c.what,
         commitment.c.status, commitment.c.created_at, commitment.c.due_at, commitment.c.done_at],
        open_only, due_before, due_from, touched_since, person_id, circle, tag,
    )
    if first is not None:
        query = query.order_by(commitment.c.due_at, commitment.c.id).limit(first)
    return [  # one copy of each owner's and status's word, not one per row
        CommitmentRow(cid, handle, name, sys.intern(owner), what, sys.intern(status), *times)
        for cid, handle, name, owner, what, status, *times in session.execute(query.order_by(commitment.c.id))
    ]


def _commitments(
    columns: list, open_only: bool, due_before: datetime | None, due_from: datetime | None,
    touched_since: datetime | None, person_id: int | None, circle: str | None, tag: str | None,
):
    """A select of columns over commitments and their people, narrowed as commitment_rows says."""
    query = select(*columns).select_from(commitment).join(person, person.c.id == commitment.c.person_id)
    if open_only:
        query = query.where(commitment.c.status == "open")
    if due_before is not None:
        query = query.where(commitment.c.due_at.is_not(None), commitment.c.due_at < due_before)
    if due_from is not None:
        query = query.where(commitment.c.due_at >= due_from)
    if touched_since is not None:
        query = query.where(
            or_(
                commitment.c.status == "open",
                commitment.c.created_at >= touched_since,
                commitment.c.due_at >= touched_since,
                commitment.c.done_at >= touched_since,
            )
        )
    if person_id is not None:
        query = query.where(commitment.c.person_id == person_id)
    return in_circle_and_tag(query, circle, tag)


def balance_rows(
    session: Session, since: datetime, person_id: int | None = None, initiation: bool = True
) -> list[BalanceRow]:
    """Per active person in touch since a moment, in id order (iter_balance_rows as a list)."""
    return list(iter_balance_rows(session, since, person_id, initiation))


def iter_balance_rows(
    session: Session, since: datetime, person_id: int | None = None, initiation: bool = True
) -> Iterator[BalanceRow]:
    """Per active person in touch since a moment, in id order, a page at a time: exchange
    weights by direction and, unless initiation is False (the dearest part: every interaction
    in the window), who initiated contact. One query: both aggregates are grouped in the
    database, then summed per person and joined to their name, so no per-person state is
    built in Python."""
    parts = [_ledger_sums(since, person_id)]
    if initiation:
        parts.append(_contact_counts(since, person_id))
    sums = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    totals = (func.sum(sums.c[name]) for name in BalanceRow._fields[3:])
    query = (
        select(person.c.handle, person.c.name, person.c.circle, *totals)
        .join(person, person.c.id == sums.c.person_id)
        .where(person.c.archived_at.is_(None))
        .group_by(person.c.id)
        .order_by(person.c.id)
    )
    for handle, name, circle, gave, received, *counts in session.execute(query.execution_options(yield_per=PAGE)):
        # one copy of each circle's name, not one per row
        yield BalanceRow(handle, name, sys.intern(circle), float(gave), float(received), *map(int, counts))


def _ledger_sums(since: datetime, person_id: int | None):
    """Exchange weights given and received per person since a moment (the columns of a
    BalanceRow after the name, initiation counted as 0)."""
    given = func.sum(case((exchange.c.direction == "gave", exchange.c.weight), else_=0.0))
    received = func.sum(case((exchange.c.direction == "received", exchange.c.weight), else_=0.0))
    none = literal(0)
    query = select(
        exchange.c.person_id.label("person_id"), given.label("gave"), received.label("received"),
        none.label("by_me"), none.label("by_them"), none.label("interactions"),
    ).where(exchange.c.occurred_at >= since)
    if person_id is not None:
        query = query.where(exchange.c.person_id == person_id)
    return query.group_by(exchange.c.person_id)


def _contact_counts(since: datetime, person_id: int | None):
    """Interactions per person since a moment, and how many each side started (the columns
    of a BalanceRow after the name, weights counted as 0)."""
    by_me = func.sum(case((interaction.c.initiated_by == "me", 1), else_=0))
    by_them = func.sum(case((interaction.c.initiated_by == "them", 1), else_=0))
    # Group by person_id + 0, a value rather than the indexed column: otherwise SQLite walks
    # every link in (person_id, occurred_at) order instead of seeking the window by date.
    linked = interaction_person.c.person_id + 0
    none = literal(0.0)
    query = (
        select(linked.label("person_id"), none.label("gave"), none.label("received"),
               by_me.label("by_me"), by_them.label("by_them"), func.count().label("interactions"))
        .select_from(interaction)
        .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id)
        .where(interaction.c.occurred_at >= since)
    )
    if person_id is not None:
        query = query.where(
            interaction_person.c.person_id == person_id, interaction_person.c.occurred_at >= since
        )
    return query.group_by(linked)


def interaction_rows(session: Session, since: datetime, moods_only: bool = False) -> list[InteractionRow]:
    """One row per (interaction, person) since a moment, oldest first; with moods_only, only
    interactions whose mood was recorded, of the people with MOODS_NEEDED of them or more
    since then (the others can show neither a run of bad moods nor a trend)."""
    query = (
        select(
            interaction.c.id, interaction.c.occurred_at, person.c.handle, person.c.name,
            interaction.c.sentiment, interaction.c.initiated_by,
        )
        .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id)
        .join(person, person.c.id == interaction_person.c.person_id)
        .where(interaction.c.occurred_at >= since)
        .order_by(interaction.c.occurred_at, interaction.c.id)
    )
    if moods_only:
        query = query.where(  # each of those people's links since then, on their (person, time) index
            interaction.c.sentiment.is_not(None), person.c.id.in_(_moody(since)),
            interaction_person.c.occurred_at >= since,
        )
    return [  # one copy of each initiator's word, not one per row
        InteractionRow(*row[:5], row[5] and sys.intern(row[5]))
        for row in session.execute(query.execution_options(yield_per=PAGE))
    ]


def _moody(since: datetime):
    """The ids of people with MOODS_NEEDED or more interactions with a mood since a moment."""
    linked = interaction_person.c.person_id + 0  # seek the window by date, as balance_rows does
    return (
        select(linked)
        .select_from(interaction)
        .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id)
        .where(interaction.c.occurred_at >= since, interaction.c.sentiment.is_not(None))
        .group_by(linked)
        .having(func.count() >= MOODS_NEEDED)
    )


def activity_counts(session: Session, since: datetime, until: datetime) -> tuple[int, int]:
    """How many interactions, and with how many different people, in [since, until]."""
    row = session.execute(
        select(func.count(func.distinct(interaction.c.id)), func.count(func.distinct(interaction_person.c.person_id)))
        .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id)
        .where(interaction.c.occurred_at >= since, interaction.c.occurred_at <= until)
    ).one()
    return row[0], row[1]


def received_rows(session: Session, since: datetime) -> list[ExchangeRow]:
    """What people gave me since a moment, newest first."""
    query = (
        select(
            person.c.handle, exchange.c.direction, exchange.c.kind, exchange.c.what,
            exchange.c.occurred_at, exchange.c.weight,
        )
        .join(person, person.c.id == exchange.c.person_id)
        .where(and_(exchange.c.direction == "received", exchange.c.occurred_at >= since))
        .order_by(exchange.c.occurred_at.desc(), exchange.c.id.desc())
    )
    return [ExchangeRow(*row) for row in session.execute(query).all()]



def last_initiations(session: Session, person_ids: list[int], last: int) -> dict[int, tuple[int, int]]:
    """Per person id: (how many of their `last` latest interactions there are, how many of
    those they started). Only for the few ids given: a window over their links."""
    if not person_ids:
        return {}
    place = func.row_number().over(
        partition_by=interaction_person.c.person_id,
        order_by=(interaction_person.c.occurred_at.desc(), interaction_person.c.interaction_id.desc()),
    )
    ranked = (
        select(interaction_person.c.person_id, interaction.c.initiated_by, place.label("place"))
        .join(interaction, interaction.c.id == interaction_person.c.interaction_id)
        .where(interaction_person.c.person_id.in_(person_ids))
        .subquery()
    )
    by_them = func.sum(case((ranked.c.initiated_by == "them", 1), else_=0))
    rows = session.execute(
        select(ranked.c.person_id, func.count(), by_them).where(ranked.c.place <= last).group_by(ranked.c.person_id)
    )
    return {pid: (int(count), int(them or 0)) for pid, count, them in rows}
