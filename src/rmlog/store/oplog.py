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
from sqlalchemy.exc import IntegrityError
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
    the last `keep` operations and older than `days` days. Only a prefix of history goes (a
    clock set back must not drop a later operation while an earlier one stays): nothing from
    the first operation on that is recent enough."""
    changed = session.execute(select(change.c.op_id).where(change.c.op_id == op_id).limit(1)).first()
    if changed is None:
        session.execute(delete(operation).where(operation.c.id == op_id))
    else:
        session.execute(update(operation).where(operation.c.id == op_id).values(state="done"))
    first_recent = select(func.min(operation.c.id)).where(operation.c.at >= now - timedelta(days=days))
    session.execute(
        delete(operation).where(
            operation.c.id <= op_id - keep, operation.c.id < func.coalesce(first_recent.scalar_subquery(), op_id)
        )
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


def undo(session: Session, op_id: int, undo_op: int, dry_run: bool = False) -> OperationSummary:
    """Revert the operation exactly, or refuse and change nothing: InputError naming the later
    operation to undo first when one wrote a row the undo would change, remove (cascades
    included) or collide with. The revert runs in a savepoint, so the triggers show under
    undo_op every row it really touched before it is kept."""
    summary = _undoable_kind(session, op_id)
    _refuse(_collision(session, op_id), op_id)
    savepoint = session.begin_nested()
    try:
        revert(session, op_id, undo_op)
    except IntegrityError:  # a row it puts back points to a row a later operation removed
        savepoint.rollback()
        _refuse(_newest_later(session, op_id) or (0, ""), op_id)
    blocker = _later_writer(session, op_id, undo_op) or _later_parent(session, undo_op, op_id)
    if blocker is not None or dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    _refuse(blocker, op_id)
    return summary


def _undoable_kind(session: Session, op_id: int) -> OperationSummary:
    found = history(session, op_id=op_id)
    if not found:
        raise InputError(f"no operation #{op_id}; 'rmlog history' lists them")
    summary = found[0]
    if summary.kind != "command":
        raise InputError(f"operation #{op_id} is an undo itself; nothing reverts it")
    if summary.undone_by is not None:
        raise InputError(f"operation #{op_id} was already undone (by #{summary.undone_by})")
    return summary


def _refuse(blocker, op_id: int) -> None:
    if blocker is None:
        return
    if not blocker[0]:
        raise InputError(
            f"records that operation #{op_id} would put back are now held by rows written outside "
            "the history; undo cannot put them back exactly"
        )
    raise InputError(
        f"operation #{blocker[0]} (`{blocker[1]}`) changed the same records later; "
        f"undo it first: rmlog undo {blocker[0]}"
    )


def _live_later(op_id: int):
    """Commands after op_id that are done and not undone: what an undo must not overrule."""
    return (
        (operation.c.id > op_id) & (operation.c.kind == "command") & (operation.c.state == "done")
        & operation.c.undone_by.is_(None)
    )


def _newest_later(session: Session, op_id: int):
    return session.execute(
        select(operation.c.id, operation.c.command).where(_live_later(op_id)).order_by(operation.c.id.desc()).limit(1)
    ).first()


def _later_writer(session: Session, op_id: int, undo_op: int):
    """The newest later command that wrote a row the operation or its undo touched: the undo's
    own log holds every row it changed, removed or brought back, cascades included."""
    mine, theirs = change.alias("mine"), change.alias("theirs")
    return session.execute(
        select(operation.c.id, operation.c.command)
        .join(theirs, theirs.c.op_id == operation.c.id)
        .join(mine, (mine.c.tbl == theirs.c.tbl) & (mine.c.key == theirs.c.key))
        .where(mine.c.op_id.in_([op_id, undo_op]), _live_later(op_id))
        .order_by(operation.c.id.desc())
        .limit(1)
    ).first()


def _later_parent(session: Session, undo_op: int, op_id: int):
    """The newest later command that added the row a brought-back row now points to: a row id
    can be given again after a delete, and the row must not land on someone else."""
    dialect = _dialect(session)
    found = [
        session.execute(dialect.later_parent(table, column), {"undo": undo_op, "op": op_id}).first()
        for table in TRACKED for column in table.columns if column.foreign_keys
    ]
    return max(filter(None, found), default=None)


def _collision(session: Session, op_id: int):
    """The newest later command that wrote a row holding a unique value (row id, handle, path,
    calendar source) that a row the operation put back would take; (0, '') when only rows
    written outside the history hold it."""
    dialect = _dialect(session)
    found = []
    for table in TRACKED:
        for columns in _unique_sets(table):
            row = session.execute(dialect.collision(table, columns), {"op": op_id}).first()
            if row is not None:
                found.append((row[0] or 0, row[1] or ""))
    return max(found, default=None)


def _unique_sets(table: Table) -> list[tuple[str, ...]]:
    """Column sets unique in table other than its key (which the later-writer check covers)."""
    sets = [tuple(c.name for c in table.primary_key.columns)]
    sets += [(c.name,) for c in table.columns if c.unique]
    sets += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
    return [columns for columns in dict.fromkeys(sets) if list(columns) != key_columns(table)]


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


LIVE_LATER = (
    "o.id > :op AND o.kind = 'command' AND o.state = 'done' AND o.undone_by IS NULL"
)
"""_live_later in SQL, for operation alias o."""


def _collision_sql(table: Table, columns: tuple[str, ...], key, equal) -> str:
    """Rows holding a unique value that a row the operation :op put back would take, with the
    newest later command that wrote them (null when none did), newest first. equal(name):
    t's column equals the before-image's."""
    same = " AND ".join(equal(name) for name in columns)
    return (
        f"SELECT o.id, o.command FROM rmlog_change c JOIN {table.name} t ON {same} "
        f"LEFT JOIN rmlog_change l ON l.tbl = '{table.name}' AND l.key = {key(table, 't')} AND l.op_id > :op "
        f"LEFT JOIN rmlog_operation o ON o.id = l.op_id AND {LIVE_LATER} "
        f"WHERE c.op_id = :op AND c.tbl = '{table.name}' AND c.before IS NOT NULL "
        f"AND {key(table, 't')} <> c.key ORDER BY o.id IS NULL, o.id DESC LIMIT 1"
    )


def _later_parent_sql(table: Table, column, key) -> str:
    """The newest later command that added the row a row brought back by the undo :undo
    points to through column."""
    [reference] = column.foreign_keys
    parent = reference.column.table
    return (
        f"SELECT o.id, o.command FROM rmlog_change u JOIN {table.name} t ON {key(table, 't')} = u.key "
        f"JOIN {parent.name} p ON p.{reference.column.name} = t.{column.name} "
        f"JOIN rmlog_change l ON l.tbl = '{parent.name}' AND l.key = {key(parent, 'p')} AND l.before IS NULL "
        f"JOIN rmlog_operation o ON o.id = l.op_id AND {LIVE_LATER} "
        f"WHERE u.op_id = :undo AND u.tbl = '{table.name}' AND u.before IS NULL ORDER BY o.id DESC LIMIT 1"
    )


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

    @staticmethod
    def collision(table: Table, columns: tuple[str, ...]):
        return text(_collision_sql(
            table, columns, key_sql, lambda name: f"t.{name} = json_extract(c.before, '$.{name}')"
        ))

    @staticmethod
    def later_parent(table: Table, column):
        return text(_later_parent_sql(table, column, key_sql))

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

    @staticmethod
    def collision(table: Table, columns: tuple[str, ...]):
        return text(_collision_sql(
            table, columns, _text_key, lambda name: f"CAST(t.{name} AS TEXT) = c.before::jsonb ->> '{name}'"
        ))

    @staticmethod
    def later_parent(table: Table, column):
        return text(_later_parent_sql(table, column, _text_key))

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
