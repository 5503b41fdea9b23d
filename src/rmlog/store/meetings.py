"""Meetings from a calendar become interactions, once each, with the people matched by email.

An imported interaction keeps its calendar event's key in `source`: importing the same or a
newer export again adds nothing twice, and an event that moved takes its interaction (and
the link rows that carry its time) along. The calendar owns the time and who took part; the
note, kind, initiator and mood stay as the user may have edited them. The work is a fixed
number of statements however many meetings there are: one email map, one read of the
imported interactions, bulk inserts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from rmlog.handles import email_key, slugify
from rmlog.io.calendar import Meeting
from rmlog.store.journal import move_links, new_uid
from rmlog.store.models import (
    NAME_MAX, TEXT_MAX, Interaction, InteractionBase, PersonBase, interaction, interaction_person,
    person,
)
from rmlog.vocab import Circle

NEW_CIRCLE = Circle.periphery.value
BATCH = 2_000
"""New interactions are inserted this many at a time, so an import of 100k meetings never
holds all of their rows and links at once."""


@dataclass(frozen=True)
class Unmatched:
    """An address that matches nobody: how many meetings it was in, and its display name."""

    email: str
    name: str
    meetings: int


@dataclass
class MeetingImport:
    """What an import did: interactions added, updated (the event moved, or someone it has
    became known), unchanged; people added (--new); the meetings added or updated, in time
    order, with the handles of their people; the names of those people by handle; the
    addresses that matched nobody."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    people_added: int = 0
    changed: list[tuple[Meeting, list[str]]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    unmatched: list[Unmatched] = field(default_factory=list)


def import_meetings(session: Session, meetings: list[Meeting], now: datetime,
                    add_unknown: bool = False, circle: str | None = None) -> MeetingImport:
    """Add or move one interaction per meeting with at least one known person; add_unknown:
    first add a person (in circle, default periphery) for every address matching nobody."""
    result = MeetingImport()
    by_email, handles, result.names = _people_by_email(session)
    unknown = _unknown(meetings, by_email)
    if add_unknown:
        result.people_added = _add_people(session, unknown, now, circle or NEW_CIRCLE, by_email, handles, result.names)
        unknown = {}
    result.unmatched = _unmatched(meetings, unknown)
    imported = _imported(session)
    new_rows, new_links = [], {}
    for meeting in meetings:
        ids = list(dict.fromkeys(by_email[e] for e in meeting.attendees if e in by_email))
        if not ids:
            continue
        names = [handles[person_id] for person_id in ids]
        known = imported.get(meeting.key)
        if known is None:
            new_rows.append(_row(meeting, now))
            new_links[meeting.key] = ids
            result.changed.append((meeting, names))
            if len(new_rows) == BATCH:
                result.added += _insert(session, new_rows, new_links)
                new_rows, new_links = [], {}
            continue
        interaction_id, occurred_at, linked = known
        moved = occurred_at != meeting.start
        if moved:
            _move(session, interaction_id, meeting.start)
        missing = [person_id for person_id in ids if person_id not in linked]
        _link(session, [(interaction_id, person_id, meeting.start) for person_id in missing])
        if moved or missing:
            result.updated += 1
            result.changed.append((meeting, names))
        else:
            result.unchanged += 1
    result.added += _insert(session, new_rows, new_links)
    result.changed.sort(key=lambda item: (item[0].start, item[0].key))
    return result


def _add_people(session: Session, unknown: dict[str, str], now: datetime, circle: str,
                by_email: dict[str, int], handles: dict[int, str], names: dict[str, str]) -> int:
    """One person per unknown address, in one insert, with handles made in linear time; how
    many were added (an address too long to store is left out). by_email, handles and names
    learn the people added."""
    from pydantic import ValidationError

    checked = {}
    for email, name in unknown.items():
        try:
            checked[email] = PersonBase.model_validate(
                dict(name=name[:NAME_MAX], emails=[email], circle=circle)).model_dump()
        except ValidationError:
            continue
    made = _new_handles([fields["name"] for fields in checked.values()], set(handles.values()))
    rows = [{**fields, "uid": new_uid(), "handle": handle, "created_at": now}
            for fields, handle in zip(checked.values(), made)]
    if not rows:
        return 0
    session.execute(insert(person), rows)
    names.update((row["handle"], row["name"]) for row in rows)
    for start in range(0, len(rows), 500):  # stay well under SQLite's bound-parameter limit
        chunk = [row["uid"] for row in rows[start:start + 500]]
        for person_id, handle, emails in session.execute(
            select(person.c.id, person.c.handle, person.c.emails).where(person.c.uid.in_(chunk))
        ):
            by_email[emails[0]], handles[person_id] = person_id, handle
    return len(rows)


def _new_handles(names: list[str], taken: set[str]) -> list[str]:
    """unique_handle for each name in turn, each suffix search starting where the last for
    the same slug stopped (10k namesakes cost 10k steps, not 50 million)."""
    after: dict[str, int] = {}
    made = []
    for name in names:
        base = slugify(name)
        handle, n = base, after.get(base, 1)
        while handle in taken:
            n += 1
            handle = f"{base}-{n}"
        after[base] = n
        taken.add(handle)
        made.append(handle)
    return made


def _people_by_email(session: Session) -> tuple[dict[str, int], dict[int, str], dict[str, str]]:
    """Every stored address (by email_key) to its person, the first added winning; handles
    by id; names by handle."""
    by_email: dict[str, int] = {}
    handles: dict[int, str] = {}
    names: dict[str, str] = {}
    for person_id, handle, name, emails in session.execute(
        select(person.c.id, person.c.handle, person.c.name, person.c.emails).order_by(person.c.id)
    ):
        handles[person_id], names[handle] = handle, name
        for email in emails or []:
            by_email.setdefault(email_key(email), person_id)
    return by_email, handles, names


def _unknown(meetings: Iterable[Meeting], by_email: dict[str, int]) -> dict[str, str]:
    """Addresses that match nobody, in order of first appearance, with the name to give them."""
    unknown: dict[str, str] = {}
    for meeting in meetings:
        for email in meeting.attendees:
            if email not in by_email and email not in unknown:
                unknown[email] = display_name(meeting.names.get(email), email)
    return unknown


def display_name(cn: str | None, email: str) -> str:
    """The calendar's name ('Petrov, Ivan' read as 'Ivan Petrov'), else the address's local part."""
    if cn:
        last, comma, first = cn.partition(",")
        if comma and first.strip() and last.strip() and "," not in first:
            return f"{first.strip()} {last.strip()}"
        return cn
    return email.split("@")[0]


def _unmatched(meetings: list[Meeting], unknown: dict[str, str]) -> list[Unmatched]:
    """Most meetings first, then by address."""
    counts = Counter(email for meeting in meetings for email in meeting.attendees if email in unknown)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [Unmatched(email, unknown[email], count) for email, count in ranked]


def _imported(session: Session) -> dict[str, tuple[int, datetime, set[int]]]:
    """source -> (interaction id, time, linked person ids) of every imported interaction."""
    found: dict[str, tuple[int, datetime, set[int]]] = {}
    rows = session.execute(
        select(interaction.c.source, interaction.c.id, interaction.c.occurred_at,
               interaction_person.c.person_id)
        .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id, isouter=True)
        .where(interaction.c.source.is_not(None))
    )
    for source, interaction_id, occurred_at, person_id in rows:
        entry = found.setdefault(source, (interaction_id, occurred_at, set()))
        if person_id is not None:
            entry[2].add(person_id)
    return found


def _row(meeting: Meeting, now: datetime) -> dict:
    """The interaction's columns, checked by the interaction model (notes clipped to fit)."""
    fields = InteractionBase.model_validate(dict(
        occurred_at=meeting.start, kind=meeting.kind, notes=meeting.note[:TEXT_MAX] or None,
        initiated_by=meeting.initiated_by,
    )).model_dump()
    return {**fields, "uid": new_uid(), "source": meeting.key, "created_at": now, "updated_at": now}


def _insert(session: Session, rows: list[dict], links: dict[str, list[int]]) -> int:
    """Insert the rows and their links; how many rows."""
    if not rows:
        return 0
    session.execute(insert(interaction), rows)
    keys = [row["source"] for row in rows]
    ids = {}
    for start in range(0, len(keys), 500):  # stay well under SQLite's bound-parameter limit
        chunk = keys[start:start + 500]
        ids.update(session.execute(
            select(interaction.c.source, interaction.c.id).where(interaction.c.source.in_(chunk))
        ).all())
    occurred = {row["source"]: row["occurred_at"] for row in rows}
    _link(session, [(ids[key], person_id, occurred[key]) for key in keys for person_id in links[key]])
    return len(rows)


def _link(session: Session, links: list[tuple[int, int, datetime]]) -> None:
    if links:
        session.execute(insert(interaction_person), [
            {"interaction_id": i, "person_id": p, "occurred_at": at} for i, p, at in links
        ])


def _move(session: Session, interaction_id: int, start: datetime) -> None:
    """The interaction and its link rows to the event's new time."""
    moved = session.get(Interaction, interaction_id)
    moved.occurred_at = start
    move_links(session, moved)
