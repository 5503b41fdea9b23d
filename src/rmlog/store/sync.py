"""Sync: merge two journals (SQLite or PostgreSQL) both ways by uid, idempotently.

Rows are matched by uid; handles stay local (a person whose handle is taken on the other
side gets a suffixed one there). What each side changed since the two last synced comes from
its operation log (store/oplog.py): the changes after the operation recorded for that peer in
rmlog_peer. With that, the merge is per field:

- a field changed on one side only takes that side's value;
- a field changed on both sides, or rows that differ with no record of why (a first sync),
  take the newer row's value by updated_at;
- tags, aliases and the people in an interaction merge as sets: what either side added since
  the last sync is added, what either removed is removed;
- a row deleted on one side since the last sync is deleted on the other, unless the other
  changed it after the deletion (a tombstone beats an older update, not a newer one). A
  tombstone keeps the time of the original deletion when a sync passes it on, so the result
  does not depend on which journal reaches a hub first;
- a person deleted on one side comes back when the other side changed them or wrote a row
  about them (an exchange, a promise, an interaction) after the deletion; otherwise the rows
  about them go too, and an interaction left with nobody in it is deleted on both sides.

A sync commits each side, then records on each what the other has seen (the watermark), so
a sync stopped at any point re-syncs to the same result.

The operation log keeps the last 1,000 operations or 90 days: journals that sync less often
than that merge per row by updated_at, and a delete older than that can come back.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from rmlog.handles import unique_handle
from rmlog.store.bookkeeping import change, operation, peer, setting
from rmlog.store.coltypes import UTCDateTime, as_utc
from rmlog.store.fields import not_merged
from rmlog.store.models import (
    Commitment, Exchange, Interaction, Person, interaction, interaction_person, person, person_alias, person_tag,
)

MODELS = {"people": Person, "interactions": Interaction, "exchanges": Exchange, "commitments": Commitment}
ENTITIES: dict[str, Table] = {section: model.__table__ for section, model in MODELS.items()}
UNMERGED = {section: {*not_merged(model), "updated_at"} for section, model in MODELS.items()}
"""Per section, the columns that are not merged: as the models declare them, the journal's own
(ids, keys to other rows) and identity (uid, the local handle); and updated_at, of which the
merge keeps the newer."""
REFERENCES = {"person_id": ("person", person), "interaction_id": ("interaction", interaction)}
LINKS = {  # link table: (section of the parent, set field, parent key column, member column)
    person_tag: ("people", "tags", "person_id", "tag"),
    person_alias: ("people", "aliases", "person_id", "alias"),
    interaction_person: ("interactions", "people", "interaction_id", "person_id"),
}


@dataclass
class Side:
    """One journal as the merge sees it: rows by uid in uid terms, and what changed lately."""

    session: Session
    journal: str
    rows: dict[str, dict[str, dict]] = field(default_factory=dict)
    changed: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    deleted: dict[str, dict[str, datetime]] = field(default_factory=lambda: defaultdict(dict))
    added_links: dict[tuple[str, str], set] = field(default_factory=lambda: defaultdict(set))
    removed_links: dict[tuple[str, str], set] = field(default_factory=lambda: defaultdict(set))
    person_writes: dict[str, datetime] = field(default_factory=dict)
    """Per person uid, the newest updated_at of a changed row about them (see _person_writes)."""


@dataclass
class Plan:
    """What one side gets: rows to write (merged, in uid terms) and uids to delete with the
    time of their original deletion, per section."""

    upserts: dict[str, dict[str, dict]] = field(default_factory=lambda: defaultdict(dict))
    deletes: dict[str, dict[str, datetime]] = field(default_factory=lambda: defaultdict(dict))

    def counts(self) -> dict[str, dict[str, int]]:
        sections = [s for s in ENTITIES if self.upserts[s] or self.deletes[s]]
        return {s: {"written": len(self.upserts[s]), "deleted": len(self.deletes[s])} for s in sections}


def journal_id(session: Session) -> str:
    """This journal's own uid, made on first use."""
    found = session.execute(select(setting.c.value).where(setting.c.key == "journal")).scalar()
    if found is None:
        found = str(uuid.uuid4())
        session.execute(setting.insert().values(key="journal", value=found))
    return found


def read_side(session: Session, other_journal: str) -> Side:
    """The journal's rows and, since it last synced with other_journal, its changes."""
    side = Side(session, journal_id(session))
    ids: dict[str, dict[int, str]] = {}
    for section, table in ENTITIES.items():
        raw = {row["uid"]: dict(row) for row in session.execute(select(table)).mappings()}
        ids[table.name] = {row["id"]: uid for uid, row in raw.items()}
        side.rows[section] = raw
    for section, table in ENTITIES.items():
        for row in side.rows[section].values():
            for column, (name, target) in REFERENCES.items():
                if column in row:
                    row[name] = ids[target.name].get(row.pop(column))
    for table, (section, name, parent, member) in LINKS.items():
        for row in side.rows[section].values():
            row[name] = set()
        for parent_id, value in session.execute(select(table.c[parent], table.c[member])):
            uid = ids[ENTITIES[section].name][parent_id]
            side.rows[section][uid][name].add(_member(value, member, ids))
    mark = session.execute(select(peer.c.mark).where(peer.c.journal == other_journal)).scalar() or 0
    _read_changes(side, mark, ids)
    return side


def _member(value, member: str, ids) -> Any:
    return ids["person"].get(value) if member == "person_id" else value


def _read_changes(side: Side, mark: int, ids) -> None:
    rows = side.session.execute(
        select(change.c.tbl, change.c.key, change.c.before, change.c.action, change.c.deleted_at, operation.c.at)
        .join(operation, operation.c.id == change.c.op_id)
        .where(change.c.op_id > mark)
        .order_by(change.c.op_id)
    )
    for tbl, key, before, action, deleted_at, at in rows:
        section = next((s for s, t in ENTITIES.items() if t.name == tbl), None)
        if section is not None:
            _entity_change(side, section, key, before, action, deleted_at or at)
        else:
            _link_change(side, tbl, key, before, action, ids)


def _entity_change(side: Side, section: str, uid: str, before: str | None, action: str, at) -> None:
    current = side.rows[section].get(uid)
    if current is None:
        if before is not None and action == "delete":
            side.deleted[section][uid] = at
        return
    fields = side.changed[section].setdefault(uid, set())
    if before is None:
        fields.add("*")  # new since the last sync: every field is its own
        return
    table = ENTITIES[section]
    old = json.loads(before)
    for column in table.columns:
        if column.name in UNMERGED[section] or column.name not in old:
            continue  # a changed reference is merged as the newer row's
        if _typed(column, old[column.name]) != current.get(column.name):
            fields.add(column.name)


def _typed(column, value) -> Any:
    """A before-image value (JSON from a trigger) as the column's Python value."""
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        return as_utc(_moment(value))
    if isinstance(column.type, JSON) and isinstance(value, str):
        return json.loads(value)
    return value


def _moment(text: str) -> datetime:
    """A before-image's time: SQLite's text, or PostgreSQL's JSON, whose fraction of a second
    drops trailing zeros ('09:00:00.5+00:00'), which fromisoformat reads only from Python 3.11."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        from dateutil.parser import isoparse

        return isoparse(text)


def _link_change(side: Side, tbl: str, key: str, before: str | None, action: str, ids) -> None:
    table = next((t for t in LINKS if t.name == tbl), None)
    if table is None:
        return
    section, name, parent, member = LINKS[table]
    parent_id, value = key.split("/", 1)
    uid = ids[ENTITIES[section].name].get(int(parent_id))
    if uid is None:
        return
    value = ids["person"].get(int(value)) if member == "person_id" else value
    if value is None:
        return
    present = value in side.rows[section][uid][name]
    if before is None and present:
        side.added_links[(section, uid)].add((name, value))
    elif before is not None and not present:
        side.removed_links[(section, uid)].add((name, value))


def plan(a: Side, b: Side) -> tuple[Plan, Plan]:
    """What each side must change so that both hold the merged journal."""
    for_a, for_b = Plan(), Plan()
    for side in (a, b):
        side.person_writes = _person_writes(side)
    for section in ENTITIES:
        for uid in a.rows[section].keys() | b.rows[section].keys():
            ra, rb = a.rows[section].get(uid), b.rows[section].get(uid)
            if ra is None or rb is None:
                _one_sided(section, uid, (a, for_a, ra), (b, for_b, rb))
                continue
            merged = _merge(section, uid, ra, rb, a, b)
            for row, target in ((ra, for_a), (rb, for_b)):
                if _differs(merged, row):
                    target.upserts[section][uid] = merged
    _without_deleted_people((a, for_a), (b, for_b))
    return for_a, for_b


def _person_writes(side: Side) -> dict[str, datetime]:
    """Per person uid, the newest updated_at among the exchanges, promises and interactions
    about them that the side changed since the last sync: writes that outrank an older delete."""
    newest: dict[str, datetime] = {}
    for section, column in (("exchanges", "person"), ("commitments", "person"), ("interactions", "people")):
        for uid in side.changed[section]:
            row = side.rows[section][uid]
            stamp = row["updated_at"]
            if stamp is None:
                continue
            for person_uid in row[column] if column == "people" else {row[column]}:
                if person_uid is not None and (person_uid not in newest or stamp > newest[person_uid]):
                    newest[person_uid] = stamp
    return newest


def _one_sided(section: str, uid: str, first, second) -> None:
    """A row only one side has: new there, or deleted on the other since the last sync."""
    holder, other = (first, second) if first[2] is not None else (second, first)
    (side, plan_here, row), (other_side, plan_there, _) = holder, other
    deleted_at = other_side.deleted[section].get(uid)
    if deleted_at is not None and not _written_after(side, section, uid, row, deleted_at):
        plan_here.deletes[section][uid] = deleted_at
        return
    plan_there.upserts[section][uid] = row


def _written_after(side: Side, section: str, uid: str, row: dict, moment: datetime) -> bool:
    """Whether the side changed the row after moment, or for a person, a row about them."""
    stamps = [row["updated_at"]] if uid in side.changed[section] else []
    if section == "people":
        stamps.append(side.person_writes.get(uid))
    return any(stamp is not None and stamp > moment for stamp in stamps)


def _without_deleted_people(*sides: tuple[Side, Plan]) -> None:
    """Rows about a person the merge deletes go with them (deleted where they are, written
    nowhere), and an interaction left with nobody in it is deleted on both sides. A row is
    judged as merged: one moved to someone else (rmlog merge) stays with them."""
    gone = {uid: at for _, changes in sides for uid, at in changes.deletes["people"].items()}
    if not gone:
        return
    plans = [changes for _, changes in sides]
    for side, changes in sides:
        for section in ("exchanges", "commitments"):
            for uid, row in side.rows[section].items():
                merged = next((p.upserts[section][uid] for p in plans if uid in p.upserts[section]), row)
                if merged["person"] in gone:
                    _drop(plans, section, uid)
                    changes.deletes[section][uid] = gone[row["person"]]
    for side, changes in sides:
        for uid, row in side.rows["interactions"].items():
            merged = next((p.upserts["interactions"][uid] for p in plans if uid in p.upserts["interactions"]), row)
            left, lost = merged["people"] - gone.keys(), merged["people"] & gone.keys()
            if not lost:
                continue
            if left:
                for p in plans:
                    if uid in p.upserts["interactions"]:
                        p.upserts["interactions"][uid] = {**merged, "people": left}
                continue
            _drop(plans, "interactions", uid)
            changes.deletes["interactions"][uid] = max(gone[person] for person in lost)


def _drop(plans: list[Plan], section: str, uid: str) -> None:
    for changes in plans:
        changes.upserts[section].pop(uid, None)


def _merge(section: str, uid: str, ra: dict, rb: dict, a: Side, b: Side) -> dict:
    newer_is_a = (ra["updated_at"] or datetime.min.replace(tzinfo=timezone.utc)) >= (
        rb["updated_at"] or datetime.min.replace(tzinfo=timezone.utc))
    changed_a, changed_b = a.changed[section].get(uid, set()), b.changed[section].get(uid, set())
    merged = dict(ra)
    for name in ra:
        if name in UNMERGED[section] or ra[name] == rb.get(name):
            continue
        if isinstance(ra[name], set):
            merged[name] = _merged_set(name, ra[name], rb[name], a, b, (section, uid))
            continue
        mine = name in changed_a or "*" in changed_a
        theirs = name in changed_b or "*" in changed_b
        take_b = theirs and not mine or (mine == theirs and not newer_is_a)
        merged[name] = rb[name] if take_b else ra[name]
    merged["updated_at"] = max(filter(None, (ra["updated_at"], rb["updated_at"])), default=None)
    return merged


def _merged_set(name: str, mine: set, theirs: set, a: Side, b: Side, key) -> set:
    added = {v for n, v in a.added_links[key] | b.added_links[key] if n == name}
    removed = {v for n, v in a.removed_links[key] | b.removed_links[key] if n == name}
    return ((mine | theirs) - removed) | added


def _differs(merged: dict, row: dict) -> bool:
    return any(merged[name] != row.get(name) for name in merged if name not in {"id", "handle"})


# Writing ---------------------------------------------------------------------------------------


def apply(side: Side, changes: Plan) -> None:
    """Write the plan: parents before children, deletes last; updated_at as merged."""
    session = side.session
    ids = {name: dict(session.execute(select(t.c.uid, t.c.id)).all()) for name, t in
           (("person", person), ("interaction", interaction))}
    taken = set(session.execute(select(person.c.handle)).scalars())
    for section, table in ENTITIES.items():
        for uid, row in changes.upserts[section].items():
            _upsert(session, table, section, row, ids, taken, side.rows[section].get(uid))
        if table.name in ids:
            ids[table.name] = dict(session.execute(select(table.c.uid, table.c.id)).all())
        _write_links(session, section, changes.upserts[section], ids)
    for section, table in reversed(ENTITIES.items()):
        if changes.deletes[section]:
            session.execute(delete(table).where(table.c.uid.in_(list(changes.deletes[section]))))
            _keep_deletion_times(session, table, changes.deletes[section])


def _keep_deletion_times(session: Session, table: Table, deletes: dict[str, datetime]) -> None:
    """Give the tombstones this sync wrote the time of the original deletions."""
    session.execute(
        update(change)
        .where(change.c.op_id == session.info["op_id"], change.c.tbl == table.name, change.c.key == bindparam("uid"))
        .values(deleted_at=bindparam("at")),
        [{"uid": uid, "at": at} for uid, at in deletes.items()],
    )


def _upsert(session: Session, table: Table, section: str, row: dict, ids, taken: set, current) -> None:
    values = {c.name: row[c.name] for c in table.columns if c.name in row and c.name not in {"id", "handle"}}
    for column, (name, target) in REFERENCES.items():
        if column in table.c:
            values[column] = ids[target.name].get(row[name])
    if current is None:
        if table is person:
            handle = row["handle"] if row["handle"] not in taken else unique_handle(row["name"], taken)
            taken.add(handle)
            values["handle"] = handle
        session.execute(table.insert().values(**values))
        return
    session.execute(table.update().where(table.c.uid == row["uid"]).values(**values))
    if table is interaction and row["occurred_at"] != current["occurred_at"]:
        session.execute(
            interaction_person.update()
            .where(interaction_person.c.interaction_id == ids["interaction"][row["uid"]])
            .values(occurred_at=row["occurred_at"])
        )


def _write_links(session: Session, section: str, rows: dict[str, dict], ids) -> None:
    for table, (link_section, name, parent, member) in LINKS.items():
        if link_section != section:
            continue
        parent_ids = ENTITIES[section].name
        for uid, row in rows.items():
            parent_id = ids[parent_ids][uid]
            wanted = {ids["person"][v] if member == "person_id" else v for v in row[name]
                      if member != "person_id" or v in ids["person"]}
            have = set(session.execute(select(table.c[member]).where(table.c[parent] == parent_id)).scalars())
            if have - wanted:
                session.execute(delete(table).where(table.c[parent] == parent_id, table.c[member].in_(have - wanted)))
            extra = [{parent: parent_id, member: value} for value in wanted - have]
            if table is interaction_person:
                extra = [{**e, "occurred_at": row["occurred_at"]} for e in extra]
            if extra:
                session.execute(table.insert(), extra)


def seen_mark(session: Session) -> int:
    """The operation up to which the peer has seen this journal once the sync's transaction
    commits: the sync's own, or when it wrote nothing here (and so is dropped, its id free to
    be reused) the one before."""
    op_id = session.info["op_id"]
    wrote = session.execute(select(change.c.op_id).where(change.c.op_id == op_id).limit(1)).first()
    return op_id if wrote else op_id - 1


def remember(session: Session, other_journal: str, mark: int, moment: datetime) -> None:
    """Record that every operation up to mark is known to the peer. Called only after both
    sides committed: until then the old watermark makes the next sync replay this one."""
    session.execute(delete(peer).where(peer.c.journal == other_journal))
    session.execute(peer.insert().values(journal=other_journal, mark=mark, synced_at=moment))


def crash_point(name: str) -> None:
    """A test hook: RMLOG_CRASH_AT=<name> ends the process here at once (exit 137, no clean-up,
    as kill -9 would), so tests can stop a sync between its commits at a known point."""
    if os.environ.get("RMLOG_CRASH_AT") == name:
        os._exit(137)
