"""Open the store: one engine per command, one transaction per command.

SQLite specifics live here: WAL, foreign keys, busy timeout, BEGIN IMMEDIATE for
writers (so concurrent writers queue instead of failing), 0600 file permissions.
PostgreSQL's counterparts (an advisory lock for writers, retries) are in store/postgres.py.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import URL, create_engine, event, exc, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from rmlog.clock import now
from rmlog.config import load_settings
from rmlog.errors import StoreError
from rmlog.invocation import command_text
from rmlog.paths import make_private_dir
from rmlog.store import commit_hooks, migrations, postgres
from rmlog.store.location import database_url

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

BUSY_TIMEOUT_SECONDS = 10
CACHE_KIB = {True: 32768, False: 2048}
"""SQLite's page cache, filled only as used, for a writer and for a reader: a big import
spills less with 32 MB; a read walks its pages about once (the OS keeps the file cached),
so 32 MB would only add to its peak memory (~30 MB of balance's 148 MB at XL)."""
MIGRATION_TABLE = "rmlog_migration"  # store.bookkeeping.Migration, built only to change the schema
APPLIED_SQL = f"SELECT name FROM {MIGRATION_TABLE} ORDER BY name"  # every command: skip compiling


@contextmanager
def open_store(
    db: Path | None = None, write: bool = False, url: str | None = None, command: str | None = None
) -> Iterator[Session]:
    """A session inside one transaction: committed on success, rolled back on any error.

    The store is url when given (another journal, for sync), else --db / RMLOG_DB /
    RMLOG_DATABASE_URL / the default file. After a write commits, the hooks the caller
    registered run, outside the transaction (rmlog.store.commit_hooks; not for a journal
    given by url). command: what the operation log records for a write, when it is not the
    command line being run (the weekly review's answers). A command that only reads through
    the Core tables opens the store with open_reader instead."""
    from sqlalchemy.orm import Session

    other_journal = url is not None
    with _journal(db, url, write) as engine, Session(engine, expire_on_commit=False) as session, session.begin():
        if not write:
            yield session
            return
        from rmlog.store import oplog  # writes only: a read never builds the log's tables

        moment = session.info["now"] = now()
        history = load_settings().history
        event.listen(session, "before_flush", _stamp_updated_at)
        op_id = session.info["op_id"] = oplog.begin(session, command or command_text(), moment)
        yield session
        session.flush()
        oplog.finish(session, op_id, moment, history.keep, history.days)
    if write and not other_journal:
        commit_hooks.run(db)


@contextmanager
def open_reader(db: Path | None = None) -> Iterator[Connection]:
    """The journal for a command that only reads, through the Core tables (store/tables.py):
    a connection inside one transaction (one snapshot of the journal), not an ORM session,
    so reading imports no sqlalchemy.orm (~35 ms of every read command's start)."""
    with _journal(db, None, False) as engine, engine.connect() as connection, connection.begin():
        yield connection


@contextmanager
def _journal(db: Path | None, url: str | None, write: bool) -> Iterator[Engine]:
    """The engine of the store (url, else db as database_url finds it), its schema set up
    or migrated; driver errors inside become one-line StoreErrors."""
    url, path = (url, None) if url else database_url(db)
    engine = _engine(url, path, write)
    try:
        with _translated(url, path):
            if path is None:
                postgres.retrying(lambda: _ensure_schema(engine, path))
            else:
                _ensure_schema(engine, path)
            yield engine
    finally:
        engine.dispose()


@contextmanager
def rehearsed(session, dry_run: bool) -> Iterator[None]:
    """The writes inside, in a savepoint that a dry run rolls back: a dry run does all the
    work, so its summary counts exactly what a real run would change, and changes nothing."""
    with session.begin_nested() as savepoint:
        yield
        if dry_run:
            savepoint.rollback()


def _stamp_updated_at(session: Session, _context, _instances) -> None:
    """Rows added or changed through the session get updated_at = now, unless the change
    set updated_at itself (an import carrying the row's own time)."""
    for row in (*session.new, *session.dirty):
        if not hasattr(row, "updated_at"):
            continue
        given = inspect(row).attrs.updated_at.history.added
        if row in session.new and row.updated_at is None or not given and session.is_modified(row):
            row.updated_at = session.info["now"]


def _engine(url: str | None, path: Path | None, write: bool) -> Engine:
    if path is None:
        return postgres.create(url, write, BUSY_TIMEOUT_SECONDS)
    _prepare_file(path)
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        poolclass=NullPool,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
    )
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB[write]}")
        cursor.close()
        dbapi_conn.create_function("rmlog_lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("rmlog_write", write) else "BEGIN")

    return engine


def _lower(text: str | None) -> str | None:
    """lower() for all of Unicode: SQLite's own folds ASCII only (search uses it)."""
    return text.lower() if isinstance(text, str) else text


def _prepare_file(path: Path) -> None:
    """Create the directory and a user-only (0600) file in WAL mode on first use; a file that
    exists is left as it is (an empty one becomes a new journal)."""
    if path.exists():
        if not path.is_file():
            raise StoreError(f"{path} is not a file; pass --db with a file path")
        if path.stat().st_size:
            return
    try:
        make_private_dir(path.parent)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
    except OSError as error:
        raise StoreError(
            f"cannot create the journal at {path}: {error.strerror}; pass --db with a writable path"
        ) from None


def _ensure_schema(engine: Engine, path: Path | None) -> None:
    """Create a new store or migrate an old one; refuse a store from a newer rmlog."""
    known = migrations.names()
    if _applied(engine) == known:
        return
    with engine.connect() as conn:
        conn.info["rmlog_write"] = True  # schema set-up queues like a writer
        with conn.begin():
            applied = _applied_in(conn)
            unknown = [name for name in applied if name not in known]
            if unknown:
                raise StoreError(
                    f"the journal has schema version {len(applied)} from a newer rmlog "
                    f"(this one knows {len(known)}); upgrade rmlog"
                )
            if applied == known:  # another rmlog finished the job while this one waited
                return
            if not applied and _has_tables(conn):
                raise StoreError(
                    f"{path or 'the database'} is not an rmlog journal (it has other tables); "
                    "pass --db with an rmlog journal or a new file name"
                )
            if not applied:
                from rmlog.store import fulltext, last_contact, oplog
                from rmlog.store.bookkeeping import metadata

                metadata.create_all(conn)
                oplog.create_triggers(conn)
                fulltext.create(conn)
                last_contact.create(conn)
                _record(conn, known)
                return
            _migrate(conn, path, applied)


def _applied(engine: Engine) -> list[str] | None:
    """Applied migrations, or None when the table is missing (a new or foreign file). A
    locked journal is a lock, not an empty schema: that error goes up."""
    with engine.connect() as conn:
        conn.info["rmlog_write"] = False  # a read: no writer lock
        try:
            rows = conn.exec_driver_sql(APPLIED_SQL)
        except (exc.OperationalError, exc.ProgrammingError) as error:
            if "rmlog_migration" not in str(error.orig) and "does not exist" not in str(error.orig):
                raise
            conn.rollback()
            return None
        return [name for (name,) in rows]


def _applied_in(conn) -> list[str]:
    """The same read inside the locked transaction; the table check keeps it valid there."""
    if not _has_tables(conn, MIGRATION_TABLE):
        return []
    return [name for (name,) in conn.exec_driver_sql(APPLIED_SQL)]


def _has_tables(conn, table: str | None = None) -> bool:
    from sqlalchemy import inspect

    names = inspect(conn).get_table_names()
    return table in names if table else bool(names)


def _migrate(conn, path: Path | None, applied: list[str]) -> None:
    pending = [m for m in migrations.MIGRATIONS if m.__name__ not in applied]
    if path is not None:
        _backup_before_migration(path, len(applied))
    for step in pending:
        step(conn)
        _record(conn, [step.__name__])


def _record(conn, names: list[str]) -> None:
    from rmlog.store.bookkeeping import migration

    now = datetime.now(timezone.utc)
    conn.execute(migration.insert(), [{"name": n, "applied_at": now} for n in names])


def _backup_before_migration(path: Path, version: int) -> None:
    """A consistent copy (WAL content included) through SQLite's backup API, complete under
    its final name or not there at all."""
    from rmlog.store.maintenance import snapshot

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    snapshot(path, path.with_name(f"{path.name}.v{version}-{stamp}.bak"))


@contextmanager
def _translated(url: str, path: Path | None) -> Iterator[None]:
    """Turn driver errors into one-line StoreErrors naming the problem and the fix."""
    if path is None:
        with postgres.translated(url):
            yield
        return
    where = str(path)
    try:
        yield
    except exc.OperationalError as error:
        text = str(error.orig)
        if "locked" in text or "busy" in text:
            raise StoreError(
                f"{where} is locked by another rmlog process; try again in a moment"
            ) from None
        raise StoreError(f"cannot use {where}: {text}; check the path and run 'rmlog doctor'") from None
    except exc.IntegrityError as error:
        raise StoreError(f"the change conflicts with stored data ({error.orig}); nothing was saved") from None
    except exc.DatabaseError as error:
        raise StoreError(
            f"{where} is not a usable rmlog database ({error.orig}); "
            "pass another --db or restore a backup"
        ) from None
