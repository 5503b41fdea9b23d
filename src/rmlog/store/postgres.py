"""PostgreSQL specifics: serialised writers, bounded retries, one-line connection errors.

Writers (and the schema set-up) take one transaction-level advisory lock first, so they
queue like SQLite's BEGIN IMMEDIATE writers: under READ COMMITTED every later statement
sees what the previous writer committed, and two writers never race on the same rows.
Readers take no lock. Transient conflicts (serialization failure, deadlock, lock not
available) are retried a bounded number of times wherever the work can be repeated as a
whole: taking the writer lock and setting up the schema. Elsewhere they end the command
with one line and nothing saved.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import NullPool

from rmlog.errors import InputError, StoreError

# The writer lock: one per journal, i.e. per schema, so two journals in one database (which
# sync opens together) never wait for each other.
LOCK_KEY = "1919773799, hashtext(current_schema())"  # 1919773799 is "rmlg"
TRANSIENT = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
ATTEMPTS = 5
LOGIN_REFUSED = (r"authentication failed", r'role ".*" does not exist', r"no password supplied",
                 r"no pg_hba\.conf entry")
T = TypeVar("T")


def create(url: str, write: bool, timeout: float) -> Engine:
    """An engine whose write transactions start by taking the writer lock."""
    check_url(url)
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _in_utc(dbapi_conn, _record):
        """Sessions in UTC: timestamptz values and their JSON (the operation log's before-images)
        come back in UTC, and naive UTC text from before migration m008 reads as UTC."""
        autocommit, dbapi_conn.autocommit = dbapi_conn.autocommit, True
        dbapi_conn.execute("SET TIME ZONE 'UTC'")
        dbapi_conn.autocommit = autocommit

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.info.pop("rmlog_write", write):
            take_writer_lock(conn.connection.dbapi_connection, timeout, url)

    return engine


def check_url(url: str) -> None:
    """InputError unless url names a PostgreSQL database through psycopg, the one driver rmlog
    ships with (RMLOG_DATABASE_URL, or the journal sync is given), and psycopg is installed."""
    import importlib.util

    fix = "write it as postgresql+psycopg://user@host/database"
    try:
        parts = make_url(url)
    except exc.ArgumentError:
        raise InputError(f"the database URL (RMLOG_DATABASE_URL, or sync's argument) is not a URL; {fix}") from None
    if _driver(parts) != "psycopg":
        shown = _printable(parts.render_as_string(hide_password=True))
        raise InputError(f"{shown} is not a PostgreSQL URL rmlog can use (a file path or postgresql+psycopg); {fix}")
    if importlib.util.find_spec("psycopg") is None:
        raise InputError("a journal on PostgreSQL needs psycopg; install it: pip install 'rmlog[postgres]'")


def _driver(parts: URL) -> str | None:
    """The URL's PostgreSQL driver ('postgresql' alone: SQLAlchemy's default one); None for
    another database or an unknown driver."""
    if parts.get_backend_name() != "postgresql":
        return None
    try:
        return parts.get_dialect().driver
    except exc.NoSuchModuleError:
        return None


def take_writer_lock(dbapi_conn, timeout: float, url: str) -> None:
    """Wait up to `timeout` seconds for the writer lock; transient failures start over."""
    import psycopg

    deadline = time.monotonic() + timeout
    for attempt in range(ATTEMPTS):
        wait_ms = max(1, int((deadline - time.monotonic()) * 1000))
        try:
            with dbapi_conn.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {wait_ms}")
                cursor.execute(f"SELECT pg_advisory_xact_lock({LOCK_KEY})")
            return
        except psycopg.Error as error:  # raw: SQLAlchemy does not wrap errors in its events
            if _sqlstate(error) not in TRANSIENT:
                raise StoreError(problem(error, url)) from None
            dbapi_conn.rollback()
            if attempt == ATTEMPTS - 1 or time.monotonic() >= deadline:
                raise StoreError(f"the journal on PostgreSQL at {server(url)} is locked by another "
                                 "rmlog process; try again in a moment") from None
            time.sleep(0.05 * (attempt + 1))


def retrying(work: Callable[[], T]) -> T:
    """Run work (a whole transaction) again on a transient conflict, a bounded number of times."""
    for attempt in range(ATTEMPTS):
        try:
            return work()
        except exc.DBAPIError as error:
            if _sqlstate(error.orig) not in TRANSIENT or attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


@contextmanager
def translated(url: str) -> Iterator[None]:
    """Driver errors become one-line StoreErrors naming the server and the fix."""
    try:
        yield
    except exc.DBAPIError as error:
        raise store_error(error, url) from None


def store_error(error: exc.DBAPIError, url: str) -> StoreError:
    """One line naming the server and the fix, for any driver error on PostgreSQL."""
    if isinstance(error, exc.IntegrityError):
        return StoreError(f"the change conflicts with stored data ({_first_line(error.orig)}); nothing was saved")
    return StoreError(problem(error.orig, url))


def problem(error: BaseException | None, url: str) -> str:
    """What the server (or reaching it) said, and the fix."""
    place = server(url)
    text = _first_line(error)
    state = _sqlstate(error)
    if state in TRANSIENT:
        return f"the change collided with another rmlog process ({text}); nothing was saved, run the command again"
    missing = re.search(r'database "([^"]*)" does not exist', text)
    if missing:
        name = _printable(missing.group(1))
        return (f"PostgreSQL at {place} has no database {name!r}; create it (createdb {name}) "
                "or fix the name in RMLOG_DATABASE_URL")
    if any(re.search(pattern, text) for pattern in LOGIN_REFUSED):
        return f"PostgreSQL at {place} refused the login ({text}); fix the user or password in RMLOG_DATABASE_URL"
    if state is None or state.startswith("08"):
        return (f"cannot reach PostgreSQL at {place} ({text}); start the server "
                "or fix the host and port in RMLOG_DATABASE_URL")
    return f"cannot use the journal on PostgreSQL at {place} ({text}); check RMLOG_DATABASE_URL and run 'rmlog doctor'"


def server(url: str) -> str:
    """host:port of a URL (never its password)."""
    parts = make_url(url)
    host = parts.host or parts.query.get("host") or "localhost"
    return _printable(f"{host}:{parts.port or 5432}")


def _sqlstate(error: BaseException | None) -> str | None:
    return getattr(error, "sqlstate", None)


def _first_line(error: BaseException | None) -> str:
    """The driver's message without its hint lines and 'connection failed:' prefixes."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    text = re.sub(r"^(connection failed: )?connection to server at [^:]*failed: ", "", text)
    return _printable(text.replace("FATAL:  ", "").rstrip(".").strip())


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
