"""The full-text index behind search and brief, kept in step by the database itself.

SQLite: three FTS5 tables with the `unicode61 remove_diacritics 2` tokenizer (case and accents
folded, so `muller` finds "Müller's"):
- rmlog_search_note over interaction.notes and rmlog_search_promise over commitment.what,
  both external content (the text stays in its table; the index holds only the terms);
- rmlog_search_person, one row per person with PERSON_FIELDS (aliases joined from person_alias).
Triggers on the journal's tables update them in the same statement as the change, so log,
edit-log, delete-log, undo, import, merge and sync need no search code. The FTS5 tables and
their shadow tables are not journal tables: the operation log records none of them, and undo
reverts the journal rows, whose triggers put the index back.

PostgreSQL: a generated `search_vector` tsvector column with a GIN index on interaction,
commitment and person (aliases are joined in at query time): to_tsvector('simple', rmlog_unaccent(text)), no language
assumed. rmlog_unaccent is the `unaccent` extension (shipped with PostgreSQL's own packages)
wrapped in an IMMUTABLE function, as generated columns require; where the extension cannot be
installed it folds case only. The columns are not on the models: nothing else reads or writes
them, and the operation log restores only the model's columns.

create() builds it (a new journal, the migration, a rebuild), drop() removes it, check() says
whether it matches the journal.
"""

from __future__ import annotations

from collections.abc import Callable

from rmlog.store.tables import PERSON_SEARCHABLE

WEIGHTS = {"name": 10.0, "aliases": 10.0, "company": 4.0, "role": 4.0, "needs": 2.0, "offers": 2.0}
"""bm25 weights: a name counts ten times a note; a field not named here counts 1."""
PERSON_FIELDS = {field: WEIGHTS.get(field, 1.0) for field in (*PERSON_SEARCHABLE, "aliases") if field != "handle"}
"""A person's searchable fields (the model's `search` metadata, plus their aliases: every
person_alias of the person, joined by spaces) and their bm25 weights."""

TOKENIZER = "unicode61 remove_diacritics 2"
FTS_TABLES = ("rmlog_search_note", "rmlog_search_promise", "rmlog_search_person")
VOCABULARIES = ("rmlog_search_note_terms", "rmlog_search_promise_terms")
"""Each term of the notes and promises with how many rows hold it (fts5vocab): prefix
narrowing, brief's topics."""
BATCH = 50_000
"""Rows per statement while building the index, so a progress bar can move."""

Progress = Callable[[int, int], None]
"""progress(done, total): called as the build advances (rows of all tables together)."""


def create(conn, progress: Progress | None = None) -> None:
    """Create the index, its triggers, and fill it from the journal's rows."""
    if conn.dialect.name == "postgresql":
        _create_postgres(conn, progress)
    else:
        _create_sqlite(conn, progress)


def drop(conn) -> None:
    """Remove the index and its triggers (a rebuild is drop() then create())."""
    if conn.dialect.name == "postgresql":
        for table in ("interaction", "commitment", "person"):
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        return
    for name in _sqlite_triggers():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    for table in (*VOCABULARIES, *FTS_TABLES):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def check(run: Callable[[str], list], postgres: bool) -> str | None:
    """None when the index matches the journal, else what is wrong. run(sql) returns the rows
    of a statement on any connection (doctor uses the drivers directly); on SQLite it must
    be allowed to write (FTS5's integrity-check is an INSERT; it changes nothing)."""
    return _check_postgres(run) if postgres else _check_sqlite(run)


def rebuild(conn, progress: Progress | None = None) -> None:
    """Build the index again from the journal's rows."""
    drop(conn)
    create(conn, progress)


# SQLite --------------------------------------------------------------------------------------

_PERSON_COLUMNS = ", ".join(PERSON_FIELDS)
_PERSON_ROW = ", ".join(
    "(SELECT group_concat(alias, ' ') FROM person_alias WHERE person_id = person.id)" if f == "aliases" else f
    for f in PERSON_FIELDS
)


def _person_refresh(ref: str) -> str:
    """Statements that re-index one person (ref: an expression for the person's id)."""
    return (
        f"DELETE FROM rmlog_search_person WHERE rowid = {ref}; "
        f"INSERT INTO rmlog_search_person (rowid, {_PERSON_COLUMNS}) SELECT id, {_PERSON_ROW} FROM person "
        f"WHERE id = {ref}; "
    )


def _external(fts: str, column: str, ref: str) -> tuple[str, str]:
    """Insert and delete statements for an external-content table (delete needs the old text)."""
    insert = f"INSERT INTO {fts} (rowid, {column}) SELECT {ref}.id, {ref}.{column} WHERE {ref}.{column} IS NOT NULL; "
    delete = (f"INSERT INTO {fts} ({fts}, rowid, {column}) SELECT 'delete', {ref}.id, {ref}.{column} "
              f"WHERE {ref}.{column} IS NOT NULL; ")
    return insert, delete


def _sqlite_trigger_bodies() -> dict[str, tuple[str, str]]:
    """name -> (event clause, body) of every index trigger."""
    bodies = {}
    for table, fts, column in (("interaction", "rmlog_search_note", "notes"),
                               ("commitment", "rmlog_search_promise", "what")):
        new_insert, _ = _external(fts, column, "NEW")
        _, old_delete = _external(fts, column, "OLD")
        bodies[f"rmlog_search_{table}_insert"] = (f"AFTER INSERT ON {table}", new_insert)
        bodies[f"rmlog_search_{table}_delete"] = (f"AFTER DELETE ON {table}", old_delete)
        bodies[f"rmlog_search_{table}_update"] = (f"AFTER UPDATE OF id, {column} ON {table}", old_delete + new_insert)
    bodies["rmlog_search_person_insert"] = ("AFTER INSERT ON person", _person_refresh("NEW.id"))
    bodies["rmlog_search_person_update"] = (
        "AFTER UPDATE ON person", "DELETE FROM rmlog_search_person WHERE rowid = OLD.id; " + _person_refresh("NEW.id"))
    bodies["rmlog_search_person_delete"] = ("AFTER DELETE ON person", "DELETE FROM rmlog_search_person WHERE rowid = OLD.id; ")
    bodies["rmlog_search_person_alias_insert"] = ("AFTER INSERT ON person_alias", _person_refresh("NEW.person_id"))
    bodies["rmlog_search_person_alias_update"] = (
        "AFTER UPDATE ON person_alias", _person_refresh("OLD.person_id") + _person_refresh("NEW.person_id"))
    bodies["rmlog_search_person_alias_delete"] = ("AFTER DELETE ON person_alias", _person_refresh("OLD.person_id"))
    return bodies


def _sqlite_triggers() -> list[str]:
    return list(_sqlite_trigger_bodies())


def _create_sqlite(conn, progress: Progress | None) -> None:
    tokenize = f"tokenize = '{TOKENIZER}'"
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE rmlog_search_note USING fts5(notes, content = 'interaction', content_rowid = 'id', {tokenize})")
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE rmlog_search_promise USING fts5(what, content = 'commitment', content_rowid = 'id', {tokenize})")
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE rmlog_search_person USING fts5({_PERSON_COLUMNS}, {tokenize})")
    conn.exec_driver_sql("CREATE VIRTUAL TABLE rmlog_search_note_terms USING fts5vocab(rmlog_search_note, row)")
    conn.exec_driver_sql("CREATE VIRTUAL TABLE rmlog_search_promise_terms USING fts5vocab(rmlog_search_promise, row)")
    fills = [
        ("interaction", "INSERT INTO rmlog_search_note (rowid, notes) SELECT id, notes FROM interaction "
                        "WHERE notes IS NOT NULL AND id >= :low AND id < :high"),
        ("commitment", "INSERT INTO rmlog_search_promise (rowid, what) SELECT id, what FROM commitment "
                       "WHERE what IS NOT NULL AND id >= :low AND id < :high"),
        ("person", f"INSERT INTO rmlog_search_person (rowid, {_PERSON_COLUMNS}) SELECT id, {_PERSON_ROW} FROM person "
                   "WHERE id >= :low AND id < :high"),
    ]
    _fill(conn, fills, progress)
    for name, (when, body) in _sqlite_trigger_bodies().items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {when} BEGIN {body}END")


def _fill(conn, fills: list[tuple[str, str]], progress: Progress | None) -> None:
    """Run each fill statement over id ranges of about BATCH rows, reporting rows done."""
    from sqlalchemy import text

    spans = {table: conn.exec_driver_sql(f"SELECT min(id), max(id), count(*) FROM {table}").one()
             for table, _ in fills}
    total, done = sum(count for _, _, count in spans.values()), 0
    for table, statement in fills:
        low, high, count = spans[table]
        if not count:
            continue
        step = max(1, (high - low + 1) * BATCH // count)
        for start in range(low, high + 1, step):
            conn.execute(text(statement), {"low": start, "high": start + step})
            done += conn.exec_driver_sql(
                f"SELECT count(*) FROM {table} WHERE id >= {start} AND id < {start + step}").scalar()
            if progress:
                progress(done, total)


def _check_sqlite(run) -> str | None:
    names = {row[0] for row in run("SELECT name FROM sqlite_master")}
    missing = [n for n in (*FTS_TABLES, *VOCABULARIES, *_sqlite_triggers()) if n not in names]
    if missing:
        return f"missing {', '.join(missing)}"
    for fts in ("rmlog_search_note", "rmlog_search_promise"):
        try:  # with rank 1, an external-content table's index is checked against its table
            run(f"INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)")
        except Exception:  # noqa: BLE001 - sqlite3's or SQLAlchemy's error: either way it does not match
            return f"{fts} does not match its table"
    indexed = f"SELECT rowid, {_PERSON_COLUMNS} FROM rmlog_search_person"
    expected = f"SELECT id, {_PERSON_ROW} FROM person"
    stale = run(f"SELECT (SELECT count(*) FROM ({indexed} EXCEPT {expected})) "
                f"+ (SELECT count(*) FROM ({expected} EXCEPT {indexed}))")[0][0]
    return f"{stale} people indexed out of date" if stale else None


# PostgreSQL ----------------------------------------------------------------------------------

POSTGRES_TEXT = {
    "interaction": "coalesce(notes, '')",
    "commitment": "coalesce(what, '')",
}
"""What each table's search_vector holds; person's is built from PERSON_FIELDS."""
_WEIGHTS = {10.0: "A", 4.0: "B", 2.0: "C", 1.0: "D"}


def postgres_vector(text_sql: str) -> str:
    """The tsvector of a text expression, as the index builds it (queries use the same)."""
    return f"to_tsvector('simple'::regconfig, rmlog_unaccent({text_sql}))"


def _person_vector() -> str:
    parts = [f"setweight({postgres_vector(f'coalesce({f}, {chr(39)}{chr(39)})')}, '{_WEIGHTS[w]}')"
             for f, w in PERSON_FIELDS.items() if f != "aliases"]
    return " || ".join(parts)


def _create_postgres(conn, progress: Progress | None) -> None:
    _create_unaccent(conn)
    vectors = {**{t: postgres_vector(s) for t, s in POSTGRES_TEXT.items()}, "person": _person_vector()}
    for number, (table, vector) in enumerate(vectors.items()):
        conn.exec_driver_sql(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({vector}) STORED")
        conn.exec_driver_sql(f"CREATE INDEX ix_{table}_search ON {table} USING gin (search_vector)")
        if progress:
            progress(number + 1, len(vectors))


def _create_unaccent(conn) -> None:
    """rmlog_unaccent(text): the unaccent extension's function made IMMUTABLE, or lower-case
    folding alone where the extension cannot be installed (the server lacks it, or rights)."""
    body = "SELECT $1"
    conn.exec_driver_sql("SAVEPOINT rmlog_unaccent")
    try:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # noqa: BLE001 - any refusal means: fold without it
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT rmlog_unaccent")
    else:
        conn.exec_driver_sql("RELEASE SAVEPOINT rmlog_unaccent")
    schema = conn.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'").scalar()
    if schema:
        body = f"SELECT \"{schema}\".unaccent('\"{schema}\".unaccent'::regdictionary, $1)"
    conn.exec_driver_sql(
        "CREATE OR REPLACE FUNCTION rmlog_unaccent(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ {body} $$")


def _check_postgres(run) -> str | None:
    have = {row[0] for row in run(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = 'search_vector'")}
    missing = [t for t in ("interaction", "commitment", "person") if t not in have]
    if missing:
        return f"no search_vector on {', '.join(missing)}"
    indexes = {row[0] for row in run("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    absent = [f"ix_{t}_search" for t in sorted(have) if f"ix_{t}_search" not in indexes]
    if absent:
        return f"missing {', '.join(absent)}"
    vectors = {**{t: postgres_vector(s) for t, s in POSTGRES_TEXT.items()}, "person": _person_vector()}
    for table, vector in vectors.items():
        stale = run(f"SELECT count(*) FROM {table} WHERE search_vector IS DISTINCT FROM {vector}")[0][0]
        if stale:
            return f"{stale} {table} rows indexed out of date"
    return None
