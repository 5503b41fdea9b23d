"""People from address books: vCard and CSV imports merge records, `contacts sync` keeps a
vdir of cards and the journal in step.

A record matches an existing person by uid, else by any shared email, else by exact name
(case-insensitive, only when one person has it); a synced card first by the card it was
synced with before. An import updates a match with the fields the record states (lists are
unioned); a new person goes to the record's circle, else the one the command names.

A sync remembers per person the card file, its fingerprint and the card fields both sides
agreed on (contact_card). Next time, an unchanged card is skipped, and per field: what was
edited in rmlog since then wins; otherwise the card's value is taken. With write, rmlog's
values go back into the card files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rmlog.handles import email_key
from rmlog.io.vcard import VCardError
from rmlog.io.vdir import CardWriter, VdirCard, prepare_card
from rmlog.store.fields import merged, vcard_fields
from rmlog.store.models import ContactCard, Person
from rmlog.store.shapes import PersonIn
from rmlog.store.people import add_person, keep_handle, update_person
from rmlog.store.transfer import ImportReport, merge_labels, merge_lists

SCALARS = merged(Person, "replace")
"""The fields a record's stated value replaces (name, company, ..., archived_at)."""
CARD_FIELDS = vcard_fields(Person)
"""The fields a card holds (name, emails, phones, company, role, birthday)."""


class Matcher:
    """Finds the person a record means; the email map is read once, kept up to date."""

    def __init__(self, session: Session):
        self.session = session
        self.by_email = {
            email_key(email): person_id
            for person_id, emails in session.execute(select(Person.id, Person.emails).order_by(Person.id.desc()))
            for email in emails
        }

    def find(self, record: PersonIn) -> Person | None:
        if record.uid:
            found = self.session.execute(select(Person).where(Person.uid == record.uid)).scalar_one_or_none()
            if found is not None:
                return found
        for email in record.emails:
            if email_key(email) in self.by_email:
                return self.session.get(Person, self.by_email[email_key(email)])
        named = self.session.execute(
            select(Person).where(func.lower(Person.name) == record.name.strip().lower())
        ).scalars().all()
        return named[0] if len(named) == 1 else None

    def remember(self, person: Person) -> None:
        self.by_email.update({email_key(email): person.id for email in person.emails})


def merge_contacts(session: Session, records: list[PersonIn], now: datetime,
                   circle: str | None = None) -> ImportReport:
    """Add or update one person per record; returns what changed. circle: of people added
    whose record names none."""
    report = ImportReport()
    matcher = Matcher(session)
    earlier: dict[int, str] = {}  # people this import already wrote: id -> the record's name
    for record in records:
        person = matcher.find(record)
        if person is not None and person.id in earlier:
            report.notes.append(
                f"{record.name!r} shares an email with {earlier[person.id]!r}, earlier in the file: "
                f"merged into one person ({person.handle})"
            )
        if person is None:
            person = add_contact(session, record, now, circle)
            report.added["people"] += 1
        elif update_contact(session, person, record):
            report.updated["people"] += 1
        else:
            report.unchanged["people"] += 1
        matcher.remember(person)
        earlier.setdefault(person.id, record.name)
    session.flush()
    return report


def add_contact(session: Session, record: PersonIn, now: datetime, circle: str | None = None) -> Person:
    """A new person from a record, in its circle, else circle, else the default one."""
    fields = {name: getattr(record, name) for name in SCALARS if name != "name"}
    if circle and "circle" not in record.model_fields_set:
        fields["circle"] = circle
    person, _ = add_person(
        session, record.name, now, tags=record.tags, aliases=record.aliases,
        uid=record.uid, created_at=record.created_at,
        emails=list(record.emails), phones=list(record.phones),
        **{key: value for key, value in fields.items() if value is not None},
    )
    keep_handle(session, person, record.handle)
    return person


def update_contact(session: Session, person: Person, record: PersonIn) -> bool:
    """The fields the record states replace the person's (a card without a circle leaves
    the circle alone); lists and labels are unioned. True when anything changed."""
    changed = False
    for name in SCALARS:
        value = getattr(record, name)
        if name in record.model_fields_set and value not in (None, "") and getattr(person, name) != value:
            setattr(person, name, value)
            changed = True
    changed |= merge_lists(person, record)
    return merge_labels(session, person, record.tags, record.aliases) or changed


# Sync with a vdir ---------------------------------------------------------------------------


@dataclass
class CardWrite:
    """rmlog's values to write into a card, and the card fields it will then hold."""

    person_id: int
    path: Path
    expect: str
    changes: dict
    values: dict


@dataclass
class CardResult:
    """One card's outcome: action is added, updated, unchanged or duplicate (a second card
    of a person another card of the vdir already stands for); rmlog_only: fields whose
    rmlog value is not in the card (written with --write), by name."""

    path: Path
    handle: str
    action: str
    rmlog_only: list[str] = field(default_factory=list)


@dataclass
class SyncReport:
    cards: list[CardResult] = field(default_factory=list)
    writes: list[CardWrite] = field(default_factory=list)
    unwritable: list[tuple[Path, str]] = field(default_factory=list)  # path, why

    def count(self, action: str) -> int:
        return sum(card.action == action for card in self.cards)


def sync_contacts(session: Session, cards: list[tuple[VdirCard, PersonIn]], now: datetime,
                  circle: str, write: bool = False) -> SyncReport:
    """Add or update the person of every card; plan the writes back when write is set."""
    report = SyncReport()
    matcher = Matcher(session)
    links = {link.path: link for link in session.execute(select(ContactCard)).scalars()}
    claimed: dict[int, Path] = {}
    known_first = sorted(cards, key=lambda item: _card_key(item[0]) not in links)
    for card, record in known_first:
        link = links.get(_card_key(card))
        person = session.get(Person, link.person_id) if link else matcher.find(record)
        if person is not None and person.id in claimed:
            report.cards.append(CardResult(card.path, person.handle, "duplicate"))
            continue
        if link is None and person is not None:
            link = session.get(ContactCard, person.id)  # the same person's card, elsewhere before
        person, result = _sync_card(session, card, record, person, link, now, circle)
        claimed[person.id] = card.path
        matcher.remember(person)
        theirs, mine = card_values(record), card_values(person)
        result.rmlog_only = sorted(name for name in CARD_FIELDS if _norm(name, mine[name]) != _norm(name, theirs[name]))
        report.cards.append(result)
        if write and result.rmlog_only:
            changes = {name: mine[name] for name in result.rmlog_only}
            report.writes.append(CardWrite(person.id, card.path, card.fingerprint, changes, mine))
    session.flush()
    return report


def _sync_card(session: Session, card: VdirCard, record: PersonIn, person: Person | None,
               link: ContactCard | None, now: datetime, circle: str) -> tuple[Person, CardResult]:
    """Add or update the card's person: the first time as an import does, then field by field."""
    theirs = card_values(record)
    if person is None:
        person = add_contact(session, record, now, circle)
        _keep_link(session, person, card, theirs, now)
        return person, CardResult(card.path, person.handle, "added")
    if link is not None and link.fingerprint == card.fingerprint:
        return person, CardResult(card.path, person.handle, "unchanged")
    if link is None:
        changed = update_contact(session, person, record)
    else:
        changed = _three_way(session, person, link.fields, theirs)
    _keep_link(session, person, card, theirs, now)
    return person, CardResult(card.path, person.handle, "updated" if changed else "unchanged")


def _three_way(session: Session, person: Person, base: dict, theirs: dict) -> bool:
    """Per field: rmlog's value when it was edited since the last sync, else the card's."""
    mine = card_values(person)
    changes = {
        name: theirs[name] for name in CARD_FIELDS
        if _norm(name, mine[name]) == _norm(name, base.get(name))
        and _norm(name, theirs[name]) != _norm(name, mine[name])
    }
    if changes:
        update_person(session, person, changes)
    return bool(changes)


def _keep_link(session: Session, person: Person, card: VdirCard, values: dict, now: datetime) -> None:
    """Remember the card the person was synced with (one card per person)."""
    link = session.get(ContactCard, person.id)
    if link is None:
        session.flush()
        session.add(ContactCard(person_id=person.id, path=_card_key(card), fingerprint=card.fingerprint,
                                fields=values, synced_at=now))
        return
    link.path, link.fingerprint, link.fields, link.synced_at = _card_key(card), card.fingerprint, values, now


def write_cards(session: Session, report: SyncReport, now: datetime, writer: CardWriter,
                dry_run: bool = False) -> None:
    """Write rmlog's values into the cards (atomically, other properties kept); the links
    then hold the new fingerprints. A card rmlog cannot write (not UTF-8, a link, changed
    since it was read) is left as it is and moved to report.unwritable; its person is synced
    all the same. dry_run: only find those cards."""
    for planned in list(report.writes):
        try:
            if dry_run:
                prepare_card(planned.path, planned.changes, expect=planned.expect)
                continue
            new = writer.write(planned.path, planned.changes, expect=planned.expect)
        except VCardError as error:
            report.writes.remove(planned)
            report.unwritable.append((planned.path, str(error)))
            continue
        link = session.get(ContactCard, planned.person_id)
        link.path, link.fingerprint = str(planned.path.resolve()), new
        link.fields, link.synced_at = planned.values, now
    session.flush()


def card_values(source) -> dict:
    """The card fields of a person or a record, as the card writer takes them."""
    return {name: getattr(source, name) for name in CARD_FIELDS} | {
        "emails": list(source.emails), "phones": list(source.phones),
    }


def _norm(name: str, value):
    """Values compared as the card writer compares them: addresses case-blind, lists as sets."""
    if name == "emails":
        return frozenset(email_key(v) for v in value or [])
    if name == "phones":
        return frozenset(v.strip() for v in value or [])
    return " ".join(str(value).split()) if value else None


def _card_key(card: VdirCard) -> str:
    return str(card.path.resolve())
