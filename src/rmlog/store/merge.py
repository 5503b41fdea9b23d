"""Duplicate people: finding likely pairs (dedupe) and folding one into the other (merge).

A merge is a handful of set-based statements whatever the history's size: the other
person's links are copied to the kept person and deleted (a link's key is its two ids, which
the operation log must see unchanged), their exchanges, promises and circle moves re-pointed; their
tags, aliases, addresses and empty fields are folded into the kept person in Python (a few
rows). The other person is then deleted, so the operation log (and so undo and sync) sees
one command that changed some rows, added some and deleted one person.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from rmlog.errors import InputError
from rmlog.handles import ascii_words, email_key
from rmlog.store.fields import command_options
from rmlog.store.models import Person, PersonBase, circle_move, commitment, exchange, interaction, interaction_person, person
from rmlog.store.people import add_aliases, set_tags
from rmlog.store.queries import aliases_of, tags_of

FILLED = tuple(name for name in PersonBase.model_fields if name in {*command_options(PersonBase), "birthday"})
"""Fields of the kept person that the other person's value fills when empty: the plain ones
(those add and edit set as given: store/fields.py command_options) and the birthday."""
CLOSE = 90
"""The least rapidfuzz token-sort score (0-100) for two names to count as close."""
SHORTEST_FUZZY = 5
"""Names shorter than this are too short to compare loosely ('Bo' and 'Bob')."""
PHONE_DIGITS = 9
"""Phones match on their last digits, so +44 20 7946 0958 is 020 7946 0958."""


@dataclass
class MergeReport:
    """What a merge moved or added to the kept person."""

    interactions: int = 0
    shared: int = 0
    exchanges: int = 0
    commitments: int = 0
    moves: int = 0
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)


def merge_people(session: Session, keep: Person, other: Person, now: datetime) -> MergeReport:
    """Move everything of other to keep, fill keep's empty fields, record other's name as an
    alias of keep, and delete other."""
    if keep.id == other.id:
        raise InputError(f"{keep.handle} is one person; name two different people to merge")
    report = MergeReport()
    _move_links(session, keep.id, other.id, now, report)
    report.exchanges = _repoint(session, exchange, keep.id, other.id, now)
    report.commitments = _repoint(session, commitment, keep.id, other.id, now)
    report.moves = session.execute(
        update(circle_move).where(circle_move.c.person_id == other.id).values(person_id=keep.id)
    ).rowcount
    _fold_person(session, keep, other, report)
    session.delete(other)
    session.flush()
    return report


def _move_links(session: Session, keep_id: int, other_id: int, now: datetime, report: MergeReport) -> None:
    """Other's interactions become keep's; one both were in keeps keep's link only. Links are
    copied and deleted, never re-keyed, so the operation log can put each one back."""
    link = interaction_person
    theirs = select(link.c.interaction_id).where(link.c.person_id == other_id)
    session.execute(update(interaction).where(interaction.c.id.in_(theirs)).values(updated_at=now))
    both = select(link.c.interaction_id).where(link.c.person_id == keep_id)
    report.shared = session.execute(select(func.count()).where(
        link.c.person_id == other_id, link.c.interaction_id.in_(both)
    )).scalar()
    session.execute(insert(link).from_select(
        ["interaction_id", "person_id", "occurred_at"],
        select(link.c.interaction_id, literal(keep_id), link.c.occurred_at)
        .where(link.c.person_id == other_id, link.c.interaction_id.not_in(both)),
    ))
    moved = session.execute(delete(link).where(link.c.person_id == other_id)).rowcount
    report.interactions = moved - report.shared


def _repoint(session: Session, table, keep_id: int, other_id: int, now: datetime) -> int:
    return session.execute(
        update(table).where(table.c.person_id == other_id).values(person_id=keep_id, updated_at=now)
    ).rowcount


def _fold_person(session: Session, keep: Person, other: Person, report: MergeReport) -> None:
    """Tags, aliases (other's name among them), addresses and empty fields of other onto keep."""
    keep_tags = set(tags_of(session, [keep.id]).get(keep.id, []))
    report.tags = [t for t in tags_of(session, [other.id]).get(other.id, []) if t not in keep_tags]
    set_tags(session, keep, report.tags)
    keep_aliases = {a.lower() for a in aliases_of(session, [keep.id]).get(keep.id, [])} | {keep.name.lower()}
    names = [other.name, *aliases_of(session, [other.id]).get(other.id, [])]
    report.aliases = list(dict.fromkeys(a for a in names if a.lower() not in keep_aliases))
    add_aliases(session, keep, report.aliases)
    report.emails = _new_items(keep.emails, other.emails, email_key)
    report.phones = _new_items(keep.phones, other.phones, phone_key)
    if report.emails:
        keep.emails = [*keep.emails, *report.emails]
    if report.phones:
        keep.phones = [*keep.phones, *report.phones]
    for name in FILLED:
        if getattr(keep, name) is None and getattr(other, name) is not None:
            setattr(keep, name, getattr(other, name))
            report.filled.append(name)
    if keep.cadence_days is None and other.cadence_days is not None:
        keep.cadence_days, keep.cadence_max_days = other.cadence_days, other.cadence_max_days
        report.filled.append("cadence")


def _new_items(have: list[str] | None, more: list[str] | None, key) -> list[str]:
    seen = {key(item) for item in have or []}
    added = []
    for item in more or []:
        if key(item) not in seen:
            seen.add(key(item))
            added.append(item)
    return added


def phone_key(phone: str) -> str:
    """The last digits of a number: the same for every way of writing it."""
    digits = re.sub(r"\D", "", phone)
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_DIGITS else digits


# Finding duplicates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    """Two people who may be one: the older one to keep, the other, and why."""

    keep: tuple[str, str]
    other: tuple[str, str]
    reasons: tuple[str, ...]


def find_duplicates(session: Session) -> list[Duplicate]:
    """Likely pairs: a shared address or phone, the same or a close name, a name that is the
    other's alias. The older person (added first) is the one to keep."""
    rows = session.execute(
        select(person.c.id, person.c.handle, person.c.name, person.c.emails, person.c.phones).order_by(person.c.id)
    ).all()
    people = {row.id: (row.handle, row.name) for row in rows}
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    emails = [(email_key(e), e.strip(), row.id) for row in rows for e in row.emails or []]
    phones = [(phone_key(p), p, row.id) for row in rows for p in row.phones or [] if len(phone_key(p)) >= 6]
    for label, found in (("same email", emails), ("same phone", phones)):
        shown = {}
        for key, text, _ in found:
            shown.setdefault(key, text)
        for key, ids in _groups((key, pid) for key, _, pid in found).items():
            _pairs(reasons, ids, f"{label} {shown[key]}")
    keys = {row.id: name_key(row.name) for row in rows}
    named: dict[str, list[int]] = defaultdict(list)
    for pid, key in keys.items():
        if key:
            named[key].append(pid)
    for ids in named.values():
        spellings = {" ".join(people[pid][1].lower().split()) for pid in ids}
        _pairs(reasons, ids, "same name" if len(spellings) == 1 else "same name in other letters")
    for pid, alias in _aliases(session):
        for other in named.get(name_key(alias), []):
            if other != pid:
                _pairs(reasons, [pid, other], "a name is the other's alias")
    _close_names(keys, reasons)
    return [
        Duplicate(people[a], people[b], tuple(dict.fromkeys(why)))
        for (a, b), why in sorted(reasons.items())
    ]


def name_key(name: str) -> str:
    """A name in lower-case ASCII, its words sorted: 'Müller, Jürgen' is 'jurgen muller'."""
    return " ".join(sorted(ascii_words(name)))


def _groups(pairs) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for value, pid in pairs:
        if pid not in groups[value]:
            groups[value].append(pid)
    return {value: ids for value, ids in groups.items() if len(ids) > 1}


def _pairs(reasons: dict[tuple[int, int], list[str]], ids: list[int], why: str) -> None:
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            reasons[(min(first, second), max(first, second))].append(why)


def _aliases(session: Session) -> list[tuple[int, str]]:
    return [(pid, alias) for pid, aliases in aliases_of(session).items() for alias in aliases]


def _close_names(keys: dict[int, str], reasons: dict[tuple[int, int], list[str]]) -> None:
    """Pairs whose names are close but not the same (rapidfuzz compares in C)."""
    from rapidfuzz import fuzz, process

    ids = [pid for pid, key in keys.items() if len(key) >= SHORTEST_FUZZY]
    names = [keys[pid] for pid in ids]
    for i, name in enumerate(names):
        for _, score, j in process.extract(name, names[i + 1:], scorer=fuzz.ratio,
                                           score_cutoff=CLOSE, limit=None):
            if names[i + 1 + j] != name:
                reasons[(ids[i], ids[i + 1 + j])].append(f"close name ({round(score)}%)")
