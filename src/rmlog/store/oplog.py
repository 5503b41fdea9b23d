"""The operation log: every write command is one operation that can be listed and undone.

Triggers on every table of the journal record, in the same transaction as the change, the
state of each row before the open operation first touched it (rmlog_change.before; null: the
operation inserted it) and its last action. They see every write, including ON DELETE CASCADE and bulk statements, and cost
no Python per row, so a 50k-row import is one operation recorded and undone in a few SQL
statements. Undo is itself an operation (kind 'undo'), so the log also tells a sync which
rows changed. Backend-specific SQL (triggers, JSON functions) lives in the two dialect
classes at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Table, delete, func, select, text, update
from sqlalchemy.orm import Session

from rmlog.errors import InputError
from rmlog.store.bookkeeping import change, operation
from rmlog.store.models import (
    circle_move, commitment, contact_card, exchange, interaction, interaction_person, person, person_alias, person_tag,
)

TRACKED: tuple[Table, ...] = (
    person, interaction, exchange, commitment, person_alias, person_tag, interaction_person,
    contact_card, circle_move,
)
"""Parents before children: rows are put back in this order and removed in reverse."""

KEEP_OPERATIONS = 1000
KEEP_DAYS = 90
NOUNS = {
    "person": ("person", "people"), "interaction": ("interaction", "interactions"),
    "exchange": ("exchange", "exchanges"), "commitment": ("commitment", "commitments"),
    "person_tag": ("tag", "tags"), "person_alias": ("alias", "aliases"),
    "contact_card": ("contact card", "contact cards"),
    "circle_move": ("circle move", "circle moves"),
}


def key_columns(table: Table) -> list[str]:
    """What identifies a row across operations: its uid, or its primary key."""
    return ["uid"] if "uid" in table.c else [column.name for column in table.primary_key.columns]


def key_sql(table: Table, ref: str) -> str:
    return " || '/' || ".join(f"{ref}.{name}" for name in key_columns(table))


def _text_key(table: Table, ref: str) -> str:
    """key_sql with every column cast to text: PostgreSQL compares no integer with a varchar."""
    return " || '/' || ".join(f"CAST({ref}.{name} AS TEXT)" for name in key_columns(table))


# Recording -----------------------------------------------------------------------------------


def begin(session: Session, command: str, at: datetime, kind: str = "command", undoes: int | None = None) -> int:
    """Open the operation that the triggers attribute this transaction's changes to."""
    result = session.execute(
        operation.insert().values(at=at, command=command, kind=kind, state="open", undoes=undoes)
    )
    return result.inserted_primary_key[0]


def finish(session: Session, op_id: int, now: datetime, keep: int = KEEP_OPERATIONS, days: int = KEEP_DAYS) -> None:
    """Close the operation (dropped when it changed nothing) and forget the oldest ones: past
    the last `keep` operations and older than `days` days."""
    changed = session.execute(select(change.c.op_id).where(change.c.op_id == op_id).limit(1)).first()
    if changed is None:
        session.execute(delete(operation).where(operation.c.id == op_id))
    else:
        session.execute(update(operation).where(operation.c.id == op_id).values(state="done"))
    session.execute(
        delete(operation).where(operation.c.id <= op_id - keep, operation.c.at < now - timedelta(days=days))
    )


# Reading -------------------------------------------------------------------------------------


@dataclass
class OperationSummary:
    """One operation as history shows it: counts per table of rows added, changed, removed."""

    id: int
    at: datetime
    command: str
    kind: str
    undoes: int | None
    undone_by: int | None
    added: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)

    def counts(self) -> dict[str, dict[str, int]]:
        """{table: {added, changed, removed}} for the tables the operation touched."""
        tables = sorted(set(self.added) | set(self.changed) | set(self.removed))
        return {
            t: {"added": self.added[t], "changed": self.changed[t], "removed": self.removed[t]}
            for t in tables
        }


def history(session: Session, limit: int | None = None, op_id: int | None = None) -> list[OperationSummary]:
    """Operations, newest first, with what each did per table (a few grouped queries)."""
    query = select(operation).where(operation.c.state == "done").order_by(operation.c.id.desc())
    if op_id is not None:
        query = query.where(operation.c.id == op_id)
    ops = {
        row.id: OperationSummary(row.id, row.at, row.command, row.kind, row.undoes, row.undone_by)
        for row in session.execute(query.limit(limit))
    }
    if not ops:
        return []
    inserted, deleted = change.c.before.is_(None), change.c.action == "delete"
    counts = session.execute(
        select(change.c.op_id, change.c.tbl, inserted, deleted, func.count())
        .where(change.c.op_id.in_(list(ops)))
        .group_by(change.c.op_id, change.c.tbl, inserted, deleted)
    )
    for op, table, was_new, is_gone, count in counts:
        if not (was_new and is_gone):  # added and removed again: no net change
            net = ops[op].added if was_new else ops[op].removed if is_gone else ops[op].changed
            net[table] = count
    return list(ops.values())


# Undo ----------------------------------------------------------------------------------------


def latest_undoable(session: Session) -> int:
    """The newest command not yet undone."""
    op_id = session.execute(
        select(func.max(operation.c.id)).where(
            operation.c.kind == "command", operation.c.state == "done", operation.c.undone_by.is_(None)
        )
    ).scalar()
    if op_id is None:
        raise InputError("nothing to undo; 'rmlog history' lists what was done")
    return op_id


def check_undoable(session: Session, op_id: int) -> OperationSummary:
    """The operation, if it can be undone now; InputError naming what stands in the way."""
    found = history(session, op_id=op_id)
    if not found:
        raise InputError(f"no operation #{op_id}; 'rmlog history' lists them")
    summary = found[0]
    if summary.kind != "command":
        raise InputError(f"operation #{op_id} is an undo itself; nothing reverts it")
    if summary.undone_by is not None:
        raise InputError(f"operation #{op_id} was already undone (by #{summary.undone_by})")
    later = _later_dependent(session, op_id)
    if later is not None:
        raise InputError(
            f"operation #{later.id} (`{later.command}`) changed the same records later; "
            f"undo it first: rmlog undo {later.id}"
        )
    return summary


def _later_dependent(session: Session, op_id: int):
    mine, theirs = change.alias("mine"), change.alias("theirs")
    row = session.execute(
        select(operation.c.id, operation.c.command)
        .join(theirs, theirs.c.op_id == operation.c.id)
        .join(mine, (mine.c.tbl == theirs.c.tbl) & (mine.c.key == theirs.c.key))
        .where(
            mine.c.op_id == op_id,
            operation.c.id > op_id,
            operation.c.kind == "command",
            operation.c.undone_by.is_(None),
        )
        .order_by(operation.c.id.desc())
        .limit(1)
    ).first()
    return row


def revert(session: Session, op_id: int, undo_op: int) -> None:
    """Put every row the operation touched back as it was: set-based, a few statements a table."""
    dialect = _dialect(session)
    for table in reversed(TRACKED):
        session.execute(dialect.remove_inserted(table), {"op": op_id})
    for table in TRACKED:
        session.execute(dialect.restore_changed(table), {"op": op_id})
        session.execute(dialect.restore_removed(table), {"op": op_id})
    session.execute(update(operation).where(operation.c.id == op_id).values(undone_by=undo_op))
    session.execute(update(operation).where(operation.c.id == undo_op).values(kind="undo", undoes=op_id))


def describe(summary: OperationSummary) -> str:
    """'removed 1 interaction and 1 exchange; brought back 1 person'."""
    parts = []
    for verb, counts in (("removed", summary.added), ("restored", summary.changed), ("brought back", summary.removed)):
        items = [_count(table, counts[table]) for table in NOUNS if counts[table]]
        if items:
            parts.append(f"{verb} {_join(items)}")
    return "; ".join(parts) or "nothing to change"


def _count(table: str, n: int) -> str:
    one, many = NOUNS[table]
    return f"{n} {one if n == 1 else many}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# Backends ------------------------------------------------------------------------------------


def _dialect(session: Session):
    name = session.get_bind().dialect.name
    return PostgresLog if name == "postgresql" else SqliteLog


class SqliteLog:
    """Triggers with json_object; restores with json_extract and UPDATE ... FROM."""

    @staticmethod
    def create_triggers(conn, tables: tuple[Table, ...] = TRACKED) -> None:
        for table in tables:
            image = ", ".join(f"'{c.name}', OLD.{c.name}" for c in table.columns)
            for event, ref, before in (("INSERT", "NEW", "NULL"), ("UPDATE", "OLD", f"json_object({image})"),
                                       ("DELETE", "OLD", f"json_object({image})")):
                conn.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS rmlog_log_{table.name}_{event.lower()} "
                    f"AFTER {event} ON {table.name} "
                    "WHEN EXISTS (SELECT 1 FROM rmlog_operation WHERE state = 'open') BEGIN "
                    "INSERT INTO rmlog_change (op_id, tbl, key, before, action) "
                    f"SELECT id, '{table.name}', {key_sql(table, ref)}, {before}, '{event.lower()}' "
                    "FROM rmlog_operation WHERE state = 'open' "
                    "ON CONFLICT (op_id, tbl, key) DO UPDATE SET action = excluded.action; END"
                )

    @staticmethod
    def _changes(table: Table, inserted: bool) -> str:
        before = "IS NULL" if inserted else "IS NOT NULL"
        return f"rmlog_change.op_id = :op AND rmlog_change.tbl = '{table.name}' AND rmlog_change.before {before}"

    @classmethod
    def remove_inserted(cls, table: Table):
        return text(
            f"DELETE FROM {table.name} WHERE EXISTS (SELECT 1 FROM rmlog_change WHERE "
            f"{cls._changes(table, True)} AND rmlog_change.key = {key_sql(table, table.name)})"
        )

    @classmethod
    def restore_changed(cls, table: Table):
        settings = ", ".join(f"{c.name} = json_extract(rmlog_change.before, '$.{c.name}')" for c in table.columns)
        return text(
            f"UPDATE {table.name} SET {settings} FROM rmlog_change WHERE {cls._changes(table, False)} "
            f"AND rmlog_change.key = {key_sql(table, table.name)}"
        )

    @classmethod
    def restore_removed(cls, table: Table):
        names = ", ".join(c.name for c in table.columns)
        values = ", ".join(f"json_extract(rmlog_change.before, '$.{c.name}')" for c in table.columns)
        return text(
            f"INSERT INTO {table.name} ({names}) SELECT {values} FROM rmlog_change "
            f"WHERE {cls._changes(table, False)} AND NOT EXISTS (SELECT 1 FROM {table.name} "
            f"WHERE {key_sql(table, table.name)} = rmlog_change.key)"
        )


class PostgresLog:
    """One trigger function per table (to_jsonb of the old row); restores with
    jsonb_populate_record, which gives every column its own type back."""

    @staticmethod
    def create_triggers(conn, tables: tuple[Table, ...] = TRACKED) -> None:
        for table in tables:
            name = f"rmlog_log_{table.name}"
            conn.exec_driver_sql(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ "
                "DECLARE op integer; BEGIN "
                "SELECT id INTO op FROM rmlog_operation WHERE state = 'open'; "
                "IF op IS NULL THEN RETURN NULL; END IF; "
                "IF TG_OP = 'INSERT' THEN "
                "INSERT INTO rmlog_change (op_id, tbl, key, before, action) "
                f"VALUES (op, '{table.name}', {key_sql(table, 'NEW')}, NULL, 'insert') "
                "ON CONFLICT (op_id, tbl, key) DO UPDATE SET action = EXCLUDED.action; "
                "ELSE INSERT INTO rmlog_change (op_id, tbl, key, before, action) "
                f"VALUES (op, '{table.name}', {key_sql(table, 'OLD')}, to_jsonb(OLD)::text, lower(TG_OP)) "
                "ON CONFLICT (op_id, tbl, key) DO UPDATE SET action = EXCLUDED.action; "
                "END IF; RETURN NULL; END $$ LANGUAGE plpgsql"
            )
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table.name}")
            conn.exec_driver_sql(
                f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table.name} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )

    @staticmethod
    def _changes(table: Table, inserted: bool) -> str:
        before = "IS NULL" if inserted else "IS NOT NULL"
        return f"c.op_id = :op AND c.tbl = '{table.name}' AND c.before {before}"

    @classmethod
    def remove_inserted(cls, table: Table):
        return text(
            f"DELETE FROM {table.name} t USING rmlog_change c WHERE {cls._changes(table, True)} "
            f"AND c.key = {_text_key(table, 't')}"
        )

    @classmethod
    def restore_changed(cls, table: Table):
        names = ", ".join(c.name for c in table.columns)
        values = ", ".join(f"r.{c.name}" for c in table.columns)
        return text(
            f"UPDATE {table.name} t SET ({names}) = ({values}) FROM rmlog_change c, "
            f"LATERAL jsonb_populate_record(NULL::{table.name}, c.before::jsonb) r "
            f"WHERE {cls._changes(table, False)} AND c.key = {_text_key(table, 't')}"
        )

    @classmethod
    def restore_removed(cls, table: Table):
        names = ", ".join(c.name for c in table.columns)
        values = ", ".join(f"r.{c.name}" for c in table.columns)
        return text(
            f"INSERT INTO {table.name} ({names}) SELECT {values} FROM rmlog_change c, "
            f"LATERAL jsonb_populate_record(NULL::{table.name}, c.before::jsonb) r "
            f"WHERE {cls._changes(table, False)} AND NOT EXISTS (SELECT 1 FROM {table.name} t "
            f"WHERE {_text_key(table, 't')} = c.key)"
        )


def create_triggers(conn, tables: tuple[Table, ...] = TRACKED) -> None:
    """Install the recording triggers on tables (all tracked ones) for the connection's backend."""
    (PostgresLog if conn.dialect.name == "postgresql" else SqliteLog).create_triggers(conn, tuple(tables))


def drop_triggers(conn, tables: tuple[Table, ...]) -> None:
    """Remove the recording triggers of tables. SQLite's name the columns they record, so a
    table that gains a column needs them made again; PostgreSQL's record the whole row."""
    if conn.dialect.name == "postgresql":
        return
    for table in tables:
        for event in ("insert", "update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS rmlog_log_{table.name}_{event}")
