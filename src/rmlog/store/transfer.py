"""Whole-journal export as rows with uids (streamed), and the idempotent merge that imports it.

Rows refer to each other by uid, never by local id, so a journal moves between machines.
Times are UTC ISO 8601 at full precision, so export -> import -> export is lossless.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from rmlog.errors import InputError
from rmlog.handles import unique_handle
from rmlog.store.fields import csv_columns, exported, merged
from rmlog.store.journal import move_links
from rmlog.store.models import (
    CircleMove,
    Commitment,
    Exchange,
    Interaction,
    InteractionPerson,
    Person,
    PersonAlias,
    PersonTag,
    UTCDateTime,
    checked,
    circle_move,
    commitment,
    exchange,
    interaction,
    interaction_person,
    person,
    unique_emails,
)
from rmlog.store.shapes import CircleMoveIn, CommitmentIn, ExchangeIn, InteractionIn, PersonIn
from rmlog.store.people import add_aliases, aliases_of, set_tags, tags_of

EXPORT_FORMAT = 1
BATCH = 1000
PERSON_FIELDS, INTERACTION_FIELDS = exported(Person), exported(Interaction)
EXCHANGE_FIELDS, COMMITMENT_FIELDS, MOVE_FIELDS = exported(Exchange), exported(Commitment), exported(CircleMove)
LINKS = {"people": ("aliases", "tags"), "interactions": ("people",), "exchanges": ("person", "interaction"),
         "commitments": ("person", "interaction"), "moves": ("person",)}
"""What a section's records carry besides their table's exported fields: labels, and the
rows they refer to, by uid."""
UNMERGED = (*merged(Person, "keep"), *merged(Person, "union"), *LINKS["people"])
"""What an import does not overwrite on a person it has: identity, and what it adds to."""
CSV_COLUMNS = (*csv_columns(Person), *LINKS["people"])
CSV_LISTS = (*merged(Person, "union"), *LINKS["people"])
"""People as CSV (io.people_csv): the person's columns, then aliases and tags; the lists."""


def record_keys() -> dict[str, tuple[str, ...]]:
    """The keys of each section's records, in the order the export writes them."""
    return {
        "people": (*PERSON_FIELDS, *LINKS["people"]),
        "interactions": (*INTERACTION_FIELDS, *LINKS["interactions"]),
        "exchanges": (*LINKS["exchanges"], *EXCHANGE_FIELDS),
        "commitments": (*LINKS["commitments"], *COMMITMENT_FIELDS),
        "moves": (*LINKS["moves"], *MOVE_FIELDS),
    }


@dataclass
class ImportReport:
    """What an import added, updated or left alone, per kind of row."""

    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    """Things the user should know, such as two records merged into one person."""

    def to_json(self) -> dict:
        return {"added": dict(self.added), "updated": dict(self.updated), "unchanged": dict(self.unchanged)}


def export_sections(session: Session) -> Iterator[tuple[str, Iterator[dict]]]:
    """(name, rows) per table; rows are produced lazily, in id order."""
    yield "people", people_rows(session)
    yield "interactions", _interactions(session)
    yield "exchanges", _ledger(session, "exchanges", exchange, EXCHANGE_FIELDS)
    yield "commitments", _ledger(session, "commitments", commitment, COMMITMENT_FIELDS)
    yield "moves", _moves(session)


def _stream(session: Session, query) -> Iterator:
    """The rows of a query, fetched BATCH at a time (whole batches are cheaper than row by row)."""
    for rows in session.execute(query.execution_options(yield_per=BATCH)).partitions():
        yield from rows


def people_rows(session: Session) -> Iterator[dict]:
    """Every person as an export row (uid, fields, aliases, tags), in id order."""
    tags, aliases = tags_of(session), aliases_of(session)
    columns, encode = _columns(session, person, (), PERSON_FIELDS)
    for row in _stream(session, select(person.c.id, *columns).order_by(person.c.id)):
        record = encode(row[1:])
        record["aliases"] = aliases.get(row[0], [])
        record["tags"] = tags.get(row[0], [])
        yield record


def _interactions(session: Session) -> Iterator[dict]:
    """Interactions in id order, each with the uids of its people (sorted): two streams in id
    order merged, so no interaction row is repeated per person and grouped again."""
    columns, encode = _columns(session, interaction, (), INTERACTION_FIELDS)
    rows = _stream(session, select(interaction.c.id, *columns).order_by(interaction.c.id))
    links = _stream(session, (
        select(interaction_person.c.interaction_id, person.c.uid)
        .join(person, person.c.id == interaction_person.c.person_id)
        .order_by(interaction_person.c.interaction_id)
    ))
    link = next(links, None)
    for row in rows:
        people = []
        while link is not None and link[0] <= row[0]:
            if link[0] == row[0]:
                people.append(link[1])
            link = next(links, None)
        people.sort()
        record = encode(row[1:])
        record["people"] = people
        yield record


def _ledger(session: Session, section: str, table, names: tuple[str, ...]) -> Iterator[dict]:
    owner = select(person.c.uid).where(person.c.id == table.c.person_id).scalar_subquery()
    made_in = select(interaction.c.uid).where(interaction.c.id == table.c.interaction_id).scalar_subquery()
    columns, encode = _columns(session, table, LINKS[section], names, owner, made_in)
    for row in _stream(session, select(*columns).order_by(table.c.id)):
        yield encode(row)


def _moves(session: Session) -> Iterator[dict]:
    """Circle moves in id order, each with its person's uid (a move has no uid of its own)."""
    owner = select(person.c.uid).where(person.c.id == circle_move.c.person_id).scalar_subquery()
    columns, encode = _columns(session, circle_move, LINKS["moves"], MOVE_FIELDS, owner)
    for row in _stream(session, select(*columns).order_by(circle_move.c.id)):
        yield encode(row)


def _columns(session: Session, table, keys: tuple[str, ...], names: tuple[str, ...], *given):
    """What to select for the record keys + names (the `given` columns for the keys, then the
    table's named columns), and the function turning such a row into the record.

    Datetimes become UTC ISO 8601 text; on SQLite straight from the stored text, without
    making datetime objects first."""
    dialect = session.get_bind().dialect
    sqlite = dialect.name == "sqlite"
    parse = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
    times = [len(keys) + i for i, name in enumerate(names) if isinstance(table.c[name].type, UTCDateTime)]
    columns = [*given, *(
        type_coerce(table.c[name], String) if sqlite and len(keys) + i in times else table.c[name]
        for i, name in enumerate(names)
    )]
    keys = (*keys, *names)

    def encode(row) -> dict:
        values = list(row)
        for i in times:
            value = values[i]
            if value is not None:
                values[i] = _sqlite_iso(value, parse) if sqlite else value.isoformat()
        return dict(zip(keys, values))

    return columns, encode


def _sqlite_iso(text: str, parse) -> str:
    """The stored '2026-03-10 09:00:00.000000' (naive UTC, as SQLAlchemy writes it) as
    '2026-03-10T09:00:00+00:00', which is what isoformat() of the parsed datetime gives; any
    other stored form goes through the column type's own parser."""
    if len(text) == 26 and text[10] == " " and text[19] == ".":
        if text.endswith("000000"):
            return f"{text[:10]}T{text[11:19]}+00:00"
        return f"{text[:10]}T{text[11:]}+00:00"
    return parse(text).isoformat()


def import_document(session: Session, document: dict, now: datetime, source: str = "the export") -> ImportReport:
    """Merge an export into this store by uid: new rows are added, changed rows updated.

    Every record is checked by its model first (`source people[3]: field: problem`). A key
    the record lacks keeps the stored value; a record older than the stored row (by
    updated_at) changes nothing but adds its emails, phones, tags and aliases.
    """
    if not isinstance(document.get("rmlog_export"), int):
        raise InputError("not an rmlog JSON export (no 'rmlog_export' key); use --format csv or vcard")
    if document["rmlog_export"] > EXPORT_FORMAT:
        raise InputError("the export comes from a newer rmlog; upgrade rmlog to import it")
    report = ImportReport()
    sections = {name: _section(document, name, source) for name in SECTIONS}
    people = _merge_people(session, sections["people"], now, report)
    interactions = _merge_interactions(session, sections["interactions"], people, now, report)
    for name, model in (("exchanges", Exchange), ("commitments", Commitment)):
        _merge_ledger(session, name, model, sections[name], people, interactions, now, report)
    moves = [checked(CircleMoveIn, row, f"{source} moves[{i}]") for i, row in enumerate(_rows(document, "moves", source))]
    _merge_moves(session, moves, people, report)
    session.flush()
    return report


SECTIONS = {"people": PersonIn, "interactions": InteractionIn, "exchanges": ExchangeIn, "commitments": CommitmentIn}


def _section(document: dict, name: str, source: str) -> list:
    model = SECTIONS[name]
    return [_checked_with_uid(model, row, f"{source} {name}[{index}]") for index, row in enumerate(_rows(document, name, source))]


def _rows(document: dict, name: str, source: str) -> list:
    """A section of the export (none: an empty list, as from an rmlog that did not export it)."""
    rows = document.get(name, [])
    if not isinstance(rows, list):
        raise InputError(f"{source}: '{name}' must be a list of objects")
    return rows


def _checked_with_uid(model, row, where: str):
    if isinstance(row, dict) and not row.get("uid"):
        raise InputError(f"{where}: uid: is missing")
    return checked(model, row, where)


def _given(record, *links: str) -> dict:
    """The fields the record states (a missing key keeps the stored value)."""
    return record.model_dump(exclude_unset=True, exclude={"uid", *links})


def _newer(incoming: datetime | None, stored: datetime | None) -> bool:
    """Whether an incoming row may overwrite the stored one: not older (unknown ages are not)."""
    return incoming is None or stored is None or incoming >= stored


def _apply(row, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _merge_people(session: Session, records: list[PersonIn], now: datetime, report: ImportReport) -> dict[str, int]:
    """Update the people this store has; insert the new ones, their tags and aliases in bulk."""
    ids = dict(session.execute(select(Person.uid, Person.id)).all())
    new: dict[str, PersonIn] = {}
    for record in records:
        if record.uid in ids:
            person = session.get(Person, ids[record.uid])
            values = _given(record, *UNMERGED)
            changed = _newer(record.updated_at, person.updated_at) and _apply(person, values)
            changed |= merge_lists(person, record)
            changed |= merge_labels(session, person, record.tags, record.aliases)
            (report.updated if changed else report.unchanged)["people"] += 1
        elif record.created_at is None:
            raise InputError(f"bad export: person {record.uid}: created_at: is missing")
        elif record.uid in new:
            raise InputError(f"bad export: person {record.uid} appears twice")
        else:
            new[record.uid] = record
    if new:
        _insert_people(session, list(new.values()), now)
        ids = dict(session.execute(select(Person.uid, Person.id)).all())
        _insert_labels(session, PersonTag, "tag", [(ids[r.uid], r.tags) for r in new.values()])
        _insert_labels(session, PersonAlias, "alias", [(ids[r.uid], r.aliases) for r in new.values()])
        report.added["people"] += len(new)
    return ids


def _insert_people(session: Session, records: list[PersonIn], now: datetime) -> None:
    """New people keep the handle they had elsewhere when nobody here has it."""
    taken = set(session.execute(select(Person.handle)).scalars())
    rows = []
    for record in records:
        handle = record.handle if record.handle and record.handle not in taken else unique_handle(record.name, taken)
        taken.add(handle)
        row = record.model_dump(exclude={"handle", "tags", "aliases"})
        rows.append({**row, "handle": handle, "updated_at": row["updated_at"] or now})
    session.execute(Person.__table__.insert(), rows)


def _insert_labels(session: Session, model, column: str, labels: list[tuple[int, list[str]]]) -> None:
    rows = [{"person_id": person_id, column: label} for person_id, values in labels for label in values]
    if rows:
        session.execute(model.__table__.insert(), rows)


def merge_lists(person: Person, record: PersonIn) -> bool:
    """Add the values of the record's lists (merge "union": emails, phones) to the person's,
    each once (emails compared case-insensitively); True when that changed anything."""
    changed = False
    for name in merged(Person, "union"):
        values = UNIQUE.get(name, _unique)([*getattr(person, name), *getattr(record, name)])
        if values != getattr(person, name):
            setattr(person, name, values)
            changed = True
    return changed


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


UNIQUE = {"emails": unique_emails}
"""How a list field tells two values apart, where not by equality."""


def merge_labels(session: Session, person: Person, tags: list[str], aliases: list[str]) -> bool:
    """Add tags and aliases to a person; True when that changed anything."""
    def labels():
        return (tags_of(session, [person.id]).get(person.id, []),
                aliases_of(session, [person.id]).get(person.id, []))

    before = labels()
    set_tags(session, person, tags)
    add_aliases(session, person, aliases)
    session.flush()
    return labels() != before


def _merge_interactions(session, records: list[InteractionIn], people, now, report) -> dict[str, int]:
    """Update the interactions this store has; insert the new ones and their links in bulk.

    An interaction is the one this store has with its uid, else with its source: the same
    calendar event, imported here too (the export's uid then refers to it as well)."""
    ids = dict(session.execute(select(Interaction.uid, Interaction.id)).all())
    sources = dict(session.execute(
        select(Interaction.source, Interaction.id).where(Interaction.source.is_not(None))
    ).all())
    new: dict[str, tuple[dict, list[int]]] = {}
    new_sources: set[str] = set()
    for record in records:
        values = _given(record, "people")
        participants = [_person_id(people, uid, record) for uid in record.people]
        if record.uid not in ids and record.source in sources:
            ids[record.uid] = sources[record.source]
        if record.uid in ids:
            interaction = session.get(Interaction, ids[record.uid])
            changed = _newer(record.updated_at, interaction.updated_at) and _apply(interaction, values)
            if changed:
                move_links(session, interaction)
            changed |= _link(session, interaction, participants)
            (report.updated if changed else report.unchanged)["interactions"] += 1
            continue
        if record.uid in new:
            raise InputError(f"bad export: interaction {record.uid} appears twice")
        if record.source is not None and record.source in new_sources:
            raise InputError(f"bad export: two interactions come from calendar event {record.source}")
        new_sources.add(record.source)
        new[record.uid] = (_new_row(record, now, "people"), participants)
    if new:
        session.execute(Interaction.__table__.insert(), [row for row, _ in new.values()])
        ids.update(session.execute(select(Interaction.uid, Interaction.id)).all())
        links = [
            {"interaction_id": ids[uid], "person_id": person_id, "occurred_at": row["occurred_at"]}
            for uid, (row, participants) in new.items()
            for person_id in dict.fromkeys(participants)
        ]
        if links:
            session.execute(InteractionPerson.__table__.insert(), links)
        report.added["interactions"] += len(new)
    return ids


def _new_row(record, now: datetime, *links: str) -> dict:
    """Every column of a record this store lacks: defaults for what it leaves out."""
    row = record.model_dump(exclude=set(links))
    return {**row, "created_at": row["created_at"] or now, "updated_at": row["updated_at"] or now}


def _person_id(people: dict[str, int], uid: str | None, record) -> int:
    if uid not in people:
        raise InputError(f"bad export: {record.uid} refers to unknown person {uid}")
    return people[uid]


def _link(session: Session, interaction: Interaction, person_ids: list[int]) -> bool:
    linked = set(
        session.execute(
            select(InteractionPerson.person_id).where(InteractionPerson.interaction_id == interaction.id)
        ).scalars()
    )
    for person_id in set(person_ids) - linked:
        session.add(InteractionPerson(
            interaction_id=interaction.id, person_id=person_id, occurred_at=interaction.occurred_at
        ))
    return bool(set(person_ids) - linked)


def _merge_moves(session: Session, records: list[CircleMoveIn], people: dict[str, int], report: ImportReport) -> None:
    """Add the moves this store lacks; a move is the same when its person, time and target
    circle are (imports repeat safely)."""
    known = set(session.execute(select(circle_move.c.person_id, circle_move.c.at, circle_move.c.to_circle)).all())
    new = []
    for record in records:
        if record.person not in people:
            raise InputError(f"bad export: a circle move refers to unknown person {record.person}")
        key = (people[record.person], record.at, record.to_circle)
        if key in known:
            report.unchanged["moves"] += 1
            continue
        known.add(key)
        new.append({**record.model_dump(exclude={"person"}), "person_id": key[0]})
    if new:
        session.execute(circle_move.insert(), new)
        report.added["moves"] += len(new)


def _merge_ledger(session, section, model, records, people, interactions, now, report) -> None:
    ids = dict(session.execute(select(model.uid, model.id)).all())
    new: dict[str, dict] = {}
    for record in records:
        values = _given(record, "person", "interaction")
        values["person_id"] = _person_id(people, record.person, record)
        values["interaction_id"] = interactions.get(record.interaction)
        if record.uid in ids:
            row = session.get(model, ids[record.uid])
            changed = _newer(record.updated_at, row.updated_at) and _apply(row, values)
            (report.updated if changed else report.unchanged)[section] += 1
            continue
        if record.uid in new:
            raise InputError(f"bad export: {section} {record.uid} appears twice")
        new[record.uid] = {**_new_row(record, now, "person", "interaction"), **values}
    if new:
        session.execute(model.__table__.insert(), list(new.values()))
        report.added[section] += len(new)
