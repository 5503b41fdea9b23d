"""Each person's last contact, kept in step by the database itself.

`rmlog due`, `people`, `show` and every report need, for each person, the time of their
latest interaction. Read as a MAX over the (person_id, occurred_at) index, that is one seek
into an index as large as the history (6.5M links at 50k people), per person, on every
read: the cost of `due` and `people` grew with history. rmlog_last_contact holds the answer,
one row per person with any interaction, and triggers on interaction_person update it in the
same statement as the change:
- a new link raises its person's time when it is later;
- a deleted link, or one moved to another time or person, makes the database find the
  person's latest again (one seek; no row when none is left).
So log, edit-log, delete-log, merge, import, undo and sync need no code for it. It is not a
journal table: the operation log records none of it, and undo reverts interaction_person,
whose triggers put it back. Someone never contacted has no row.

create() builds it (a new journal, the migration, a rebuild), drop() removes it, check()
says whether it matches the journal.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Integer, MetaData, Table

from rmlog.store.coltypes import UTCDateTime

last_contact = Table(
    "rmlog_last_contact",
    MetaData(),
    Column("person_id", Integer(), primary_key=True, autoincrement=False),
    Column("occurred_at", UTCDateTime(), nullable=False),
)
"""person_id -> the latest interaction_person.occurred_at of that person."""

_FILL = ("INSERT INTO rmlog_last_contact (person_id, occurred_at) "
         "SELECT person_id, max(occurred_at) FROM interaction_person GROUP BY person_id")
_EXPECTED = "SELECT person_id, max(occurred_at) FROM interaction_person GROUP BY person_id"
_SQLITE_TRIGGERS = ("rmlog_last_contact_insert", "rmlog_last_contact_delete", "rmlog_last_contact_update")


def create(conn) -> None:
    """Create the table and its triggers, and fill it from the journal's links."""
    last_contact.create(conn)
    if conn.dialect.name == "postgresql":
        _create_postgres(conn)
    else:
        _create_sqlite(conn)
    conn.exec_driver_sql(_FILL)


def drop(conn) -> None:
    """Remove the table and its triggers."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS rmlog_last_contact ON interaction_person")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS rmlog_last_contact_changed()")
    else:
        for name in _SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql("DROP TABLE IF EXISTS rmlog_last_contact")


def rebuild(conn) -> None:
    """Build it again from the journal's links."""
    drop(conn)
    create(conn)


def check(run: Callable[[str], list], postgres: bool) -> str | None:
    """None when every person's row matches their links, or when the journal predates the
    table (the next command's migration makes it), else what is wrong. run(sql) returns the
    rows of a statement (doctor uses the drivers directly)."""
    exists = ("SELECT to_regclass('rmlog_last_contact') IS NOT NULL" if postgres else
              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'rmlog_last_contact'")
    if not run(exists)[0][0]:
        made = run("SELECT count(*) FROM rmlog_migration WHERE name = 'm011_last_contact'")[0][0]
        return "missing rmlog_last_contact" if made else None
    kept = "SELECT person_id, occurred_at FROM rmlog_last_contact"
    stale = run(f"SELECT (SELECT count(*) FROM ({_EXPECTED} EXCEPT {kept}) a) "
                f"+ (SELECT count(*) FROM ({kept} EXCEPT {_EXPECTED}) b)")[0][0]
    return f"{stale} people's last contact out of date" if stale else None


# SQLite --------------------------------------------------------------------------------------

def _recount(ref: str) -> str:
    """Statements that find one person's latest link again (ref: an expression for their id)."""
    return (
        f"DELETE FROM rmlog_last_contact WHERE person_id = {ref}; "
        f"INSERT INTO rmlog_last_contact (person_id, occurred_at) "
        f"SELECT person_id, max(occurred_at) FROM interaction_person WHERE person_id = {ref} GROUP BY person_id; "
    )


def _create_sqlite(conn) -> None:
    later = (
        "INSERT INTO rmlog_last_contact (person_id, occurred_at) VALUES (NEW.person_id, NEW.occurred_at) "
        "ON CONFLICT (person_id) DO UPDATE SET occurred_at = excluded.occurred_at "
        "WHERE excluded.occurred_at > rmlog_last_contact.occurred_at; "
    )
    bodies = {
        "rmlog_last_contact_insert": ("AFTER INSERT ON interaction_person", later),
        "rmlog_last_contact_delete": ("AFTER DELETE ON interaction_person", _recount("OLD.person_id")),
        "rmlog_last_contact_update": ("AFTER UPDATE OF person_id, occurred_at ON interaction_person",
                                      _recount("OLD.person_id") + _recount("NEW.person_id")),
    }
    for name, (when, body) in bodies.items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {when} BEGIN {body}END")


# PostgreSQL ----------------------------------------------------------------------------------

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION rmlog_last_contact_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO rmlog_last_contact AS kept (person_id, occurred_at) VALUES (NEW.person_id, NEW.occurred_at)
        ON CONFLICT (person_id) DO UPDATE SET occurred_at = excluded.occurred_at
        WHERE excluded.occurred_at > kept.occurred_at;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.person_id, NEW.occurred_at) IS NOT DISTINCT FROM (OLD.person_id, OLD.occurred_at) THEN
        RETURN NULL;
    END IF;
    FOREACH who IN ARRAY CASE WHEN TG_OP = 'DELETE' THEN ARRAY[OLD.person_id]
                              ELSE ARRAY[OLD.person_id, NEW.person_id] END LOOP
        DELETE FROM rmlog_last_contact WHERE person_id = who;
        INSERT INTO rmlog_last_contact (person_id, occurred_at)
        SELECT person_id, max(occurred_at) FROM interaction_person WHERE person_id = who GROUP BY person_id;
    END LOOP;
    RETURN NULL;
END $$
"""


def _create_postgres(conn) -> None:
    conn.exec_driver_sql(_POSTGRES_FUNCTION)
    conn.exec_driver_sql(
        "CREATE TRIGGER rmlog_last_contact AFTER INSERT OR DELETE OR UPDATE "  # not UPDATE OF: m008 alters the type
        "ON interaction_person FOR EACH ROW EXECUTE FUNCTION rmlog_last_contact_changed()")
