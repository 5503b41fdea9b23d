"""Merge checked person records (CSV rows, vCards) into people without duplicating anyone.

A record matches an existing person by uid, else by any shared email, else by exact name
(case-insensitive, only when one person has it). A match is updated: fields the record has
replace stored ones, lists (emails, phones, tags, aliases) are unioned.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmlog.store.models import Person, PersonIn
from rmlog.store.people import add_person, keep_handle
from rmlog.store.transfer import ImportReport, merge_labels, merge_lists

SCALARS = ("name", "company", "role", "circle", "cadence_days", "birthday", "how_met",
           "needs", "offers", "notes", "archived_at")


def merge_contacts(session: Session, records: list[PersonIn], now: datetime) -> ImportReport:
    """Add or update one person per record; returns what changed."""
    report = ImportReport()
    by_email = {
        email.casefold(): person_id
        for person_id, emails in session.execute(select(Person.id, Person.emails))
        for email in emails
    }
    earlier: dict[int, str] = {}  # people this import already wrote: id -> the record's name
    for record in records:
        person = _match(session, record, by_email)
        if person is not None and person.id in earlier:
            report.notes.append(
                f"{record.name!r} shares an email with {earlier[person.id]!r}, earlier in the file: "
                f"merged into one person ({person.handle})"
            )
        if person is None:
            person = _add(session, record, now)
            report.added["people"] += 1
        elif _update(session, person, record):
            report.updated["people"] += 1
        else:
            report.unchanged["people"] += 1
        by_email.update({email.casefold(): person.id for email in person.emails})
        earlier.setdefault(person.id, record.name)
    session.flush()
    return report


def _match(session: Session, record: PersonIn, by_email: dict[str, int]) -> Person | None:
    if record.uid:
        found = session.execute(select(Person).where(Person.uid == record.uid)).scalar_one_or_none()
        if found is not None:
            return found
    for email in record.emails:
        if email.casefold() in by_email:
            return session.get(Person, by_email[email.casefold()])
    named = session.execute(
        select(Person).where(func.lower(Person.name) == record.name.strip().lower())
    ).scalars().all()
    return named[0] if len(named) == 1 else None


def _add(session: Session, record: PersonIn, now: datetime) -> Person:
    fields = {name: getattr(record, name) for name in SCALARS if name != "name"}
    person, _ = add_person(
        session, record.name, now, tags=record.tags, aliases=record.aliases,
        uid=record.uid, created_at=record.created_at,
        emails=list(record.emails), phones=list(record.phones),
        **{key: value for key, value in fields.items() if value is not None},
    )
    keep_handle(session, person, record.handle)
    return person


def _update(session: Session, person: Person, record: PersonIn) -> bool:
    changed = False
    for name in SCALARS:
        value = getattr(record, name)
        if value not in (None, "") and getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    changed |= merge_lists(person, record)
    return merge_labels(session, person, record.tags, record.aliases) or changed
