"""Versioned schema migrations, recorded in rmlog_migration.

A new store gets the current models and every migration recorded as applied. An existing
store runs the migrations it lacks, in order, after a backup of the file. To change the
schema: change the classes in models.py and append a function here that alters existing tables; never drop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def m001_initial(conn: Connection) -> None:
    """Baseline: people, aliases, tags, interactions, exchanges, commitments."""


def m002_interaction_time_initiator_index(conn: "Connection") -> None:
    """Covering index for who-initiated counts over a window (balance, review, plan)."""
    from rmlog.store.models import interaction

    index = next(i for i in interaction.indexes if i.name == "ix_interaction_time_initiator")
    index.create(conn, checkfirst=True)


def m003_updated_at_and_source(conn: "Connection") -> None:
    """updated_at on every uid table (merges keep the newer edit), and the calendar event an
    imported interaction came from (re-imports update it instead of adding it twice)."""
    from sqlalchemy import DateTime, String

    from rmlog.store.models import interaction

    time, text = (kind().compile(dialect=conn.dialect) for kind in (DateTime, String))
    for table in ("person", "interaction", "exchange", "commitment"):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN updated_at {time}")
        conn.exec_driver_sql(f"UPDATE {table} SET updated_at = created_at")
    conn.exec_driver_sql(f"ALTER TABLE interaction ADD COLUMN source {text}")
    index = next(i for i in interaction.indexes if i.name == "ix_interaction_source")
    index.create(conn, checkfirst=True)


def m004_operation_log(conn: "Connection") -> None:
    """The operation log (rmlog_operation, rmlog_change) and the triggers that fill it."""
    from rmlog.store import oplog
    from rmlog.store.bookkeeping import change, metadata, operation

    metadata.create_all(conn, tables=[operation, change])
    oplog.create_triggers(conn, [t for t in oplog.TRACKED if t.name in M004_TRACKED])


M004_TRACKED = ("person", "interaction", "exchange", "commitment", "person_alias", "person_tag",
                "interaction_person")


def m005_sync_peers(conn: "Connection") -> None:
    """The journal's own uid and, per journal it syncs with, the last operation that one has seen."""
    from rmlog.store.bookkeeping import metadata, peer, setting

    metadata.create_all(conn, tables=[peer, setting])


def m006_contact_cards(conn: "Connection") -> None:
    """The address-book card each person was synced with, recorded for undo like the rest."""
    from rmlog.store import oplog
    from rmlog.store.models import contact_card, metadata

    metadata.create_all(conn, tables=[contact_card])
    oplog.create_triggers(conn, [contact_card])


def m007_cadence_window_and_moves(conn: "Connection") -> None:
    """A person's maximum window (cadence_max_days) and the log of circle moves, recorded by
    the operation log like every other table. SQLite's person triggers list the columns they
    record, so they are made again to include the new one."""
    from sqlalchemy import Integer

    from rmlog.store import oplog
    from rmlog.store.models import circle_move, metadata, person

    conn.exec_driver_sql(f"ALTER TABLE person ADD COLUMN cadence_max_days {Integer().compile(dialect=conn.dialect)}")
    metadata.create_all(conn, tables=[circle_move])
    oplog.drop_triggers(conn, [person])
    oplog.create_triggers(conn, [person, circle_move])


def m008_timestamptz(conn: "Connection") -> None:
    """On PostgreSQL, every time column becomes timestamptz (they held naive UTC); SQLite has
    no such type and keeps its UTC text."""
    if conn.dialect.name != "postgresql":
        return
    from rmlog.store.bookkeeping import metadata  # every table
    from rmlog.store.models import UTCDateTime

    for table in metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, UTCDateTime):
                conn.exec_driver_sql(
                    f'ALTER TABLE {table.name} ALTER COLUMN "{column.name}" '
                    f"TYPE timestamptz USING \"{column.name}\" AT TIME ZONE 'UTC'"
                )


def m009_search_index(conn: "Connection") -> None:
    """The full-text index of notes, promises and people, and the triggers that keep it in step
    (store/fulltext.py), built from the journal's rows with a progress bar for large ones; and
    an index on when promises were made, which search ranks them by."""
    from rmlog.store import fulltext
    from rmlog.store.models import commitment

    index = next(i for i in commitment.indexes if i.name == "ix_commitment_created_at")
    index.create(conn, checkfirst=True)
    with build_progress("Indexing the journal for search") as progress:
        fulltext.create(conn, progress)


LARGE = 100_000
"""Rows from which a long migration shows a progress bar (on a terminal's stderr only)."""


@contextmanager
def build_progress(title: str) -> Iterator[Callable[[int, int], None]]:
    """A progress(done, total) callback: a Rich bar on stderr when it is a terminal and the job
    is large, else nothing shown."""
    import sys

    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = None

        def progress(done: int, total: int) -> None:
            nonlocal task
            if total < LARGE:
                return
            if task is None:
                task = bar.add_task(title, total=total)
            bar.update(task, completed=done)

        yield progress


def m010_sync_tombstone_times(conn: "Connection") -> None:
    """rmlog_change.deleted_at: the original time of a deletion a sync passed on. A journal
    older than the operation log got the column already: m004 makes the log's tables as the
    models declare them now."""
    from sqlalchemy import inspect

    from rmlog.store.models import UTCDateTime

    if "deleted_at" in {column["name"] for column in inspect(conn).get_columns("rmlog_change")}:
        return
    time = UTCDateTime().compile(dialect=conn.dialect)
    conn.exec_driver_sql(f"ALTER TABLE rmlog_change ADD COLUMN deleted_at {time}")


def m011_last_contact(conn: "Connection") -> None:
    """Each person's last contact in a table the database keeps in step (store/last_contact.py),
    so reads no longer seek it in the whole history per person."""
    from rmlog.store import last_contact

    last_contact.create(conn)


MIGRATIONS: list[Callable[["Connection"], None]] = [
    m001_initial,
    m002_interaction_time_initiator_index,
    m003_updated_at_and_source,
    m004_operation_log,
    m005_sync_peers,
    m006_contact_cards,
    m007_cadence_window_and_moves,
    m008_timestamptz,
    m009_search_index,
    m010_sync_tombstone_times,
    m011_last_contact,
]


def names() -> list[str]:
    """Migration names in order; their count is the schema version."""
    return [migration.__name__ for migration in MIGRATIONS]
