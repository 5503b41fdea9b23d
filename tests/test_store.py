"""The store keeps data safe: pragmas, permissions, schema versions, clear store errors."""

import sqlite3
import stat

import pytest

from rmlog.errors import StoreError
from rmlog.store import migrations


@pytest.mark.sqlite_only
def test_default_location_is_the_user_data_dir(rmlog, tmp_path, monkeypatch):
    monkeypatch.delenv("RMLOG_DB")
    rmlog("add", "Alice")
    path = tmp_path / "data" / "rmlog" / "rmlog.db"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_db_option_wins_over_the_environment(rmlog, tmp_path):
    rmlog("add", "Alice", "--db", str(tmp_path / "other.db"))
    assert rmlog.json("people", "--db", str(tmp_path / "other.db"))[0]["handle"] == "alice"
    assert rmlog.json("people") == []


@pytest.mark.sqlite_only
def test_rmlog_db_chooses_the_file(rmlog, tmp_path, monkeypatch):
    rmlog("add", "Alice", "--db", str(tmp_path / "other.db"))
    monkeypatch.setenv("RMLOG_DB", str(tmp_path / "other.db"))
    assert len(rmlog.json("people")) == 1


@pytest.mark.sqlite_only
def test_file_is_user_only_and_in_wal_mode_with_foreign_keys(rmlog, db_path):
    rmlog("add", "Alice")
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
        fks = conn.execute("pragma foreign_key_list(interaction_person)").fetchall()
    assert {fk[2] for fk in fks} == {"interaction", "person"}


def test_foreign_keys_are_enforced_in_sessions(backend):
    from sqlalchemy import text

    from rmlog.store.engine import open_store

    with open_store(write=True):
        pass
    with pytest.raises(StoreError, match="(?i)foreign key"), open_store(write=True) as session:
        session.execute(text("insert into person_tag (person_id, tag) values (999, 'x')"))


def test_schema_version_is_recorded(rmlog):
    rmlog("add", "Alice")
    assert [n for (n,) in rmlog.sql("select name from rmlog_migration order by name")] == migrations.names()


@pytest.mark.sqlite_only
def test_link_index_serves_last_contact(rmlog, db_path):
    rmlog("add", "Alice")
    with sqlite3.connect(db_path) as conn:
        plan = conn.execute(
            "explain query plan select max(occurred_at) from interaction_person where person_id = 1"
        ).fetchall()
    assert "ix_interaction_person_person_time" in str(plan)


def test_newer_schema_is_refused(rmlog):
    rmlog("add", "Alice")
    rmlog.sql("insert into rmlog_migration values ('m999_future', '2030-01-01 00:00:00')")
    message = rmlog.error("people", code=3)
    assert "newer rmlog" in message and "upgrade rmlog" in message


def m999_add_pronouns(conn):
    from sqlalchemy import text

    conn.execute(text("alter table person add column pronouns varchar"))


def test_pending_migration_runs_once(rmlog, monkeypatch):
    rmlog("add", "Alice")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_add_pronouns])
    rmlog("people")
    rmlog("people")
    assert rmlog.sql("select name, pronouns from person") == [("Alice", None)]
    assert rmlog.sql("select count(*) from rmlog_migration where name = 'm999_add_pronouns'") == [(1,)]


@pytest.mark.sqlite_only
def test_pending_migration_backs_up_then_runs_once(rmlog, db_path, monkeypatch):
    rmlog("add", "Alice")
    version = len(migrations.names())
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_add_pronouns])
    rmlog("people")
    backups = list(db_path.parent.glob(f"journal.db.v{version}-*.bak"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("select name from person").fetchall() == [("Alice",)]
    with sqlite3.connect(db_path) as conn:
        columns = [c[1] for c in conn.execute("pragma table_info(person)")]
        versions = conn.execute("select count(*) from rmlog_migration").fetchone()
    assert "pronouns" in columns and versions == (version + 1,)
    rmlog("people")
    assert len(list(db_path.parent.glob("journal.db.v*.bak"))) == 1


def test_a_version_1_journal_gains_the_initiator_index(rmlog):
    from sqlalchemy import inspect

    from rmlog.store.engine import open_store

    rmlog("add", "Alice")
    rmlog("log", "alice", "-m", "kept through the migration")
    rmlog.sql("drop index ix_interaction_time_initiator")
    rmlog.sql("delete from rmlog_migration where name = 'm002_interaction_time_initiator_index'")
    assert rmlog.json("show", "alice")["recent_interactions"][0]["notes"] == "kept through the migration"
    with open_store() as session:
        indexes = [index["name"] for index in inspect(session.connection()).get_indexes("interaction")]
    assert "ix_interaction_time_initiator" in indexes
    assert [n for (n,) in rmlog.sql("select name from rmlog_migration order by name")] == migrations.names()


@pytest.mark.sqlite_only
def test_a_version_2_journal_gains_updated_at_source_and_the_operation_log(rmlog, db_path):
    rmlog("add", "Alice")
    rmlog("log", "alice", "-m", "before the upgrade")
    with sqlite3.connect(db_path) as conn:
        triggers = conn.execute("select name from sqlite_master where type = 'trigger'").fetchall()
        for (trigger,) in triggers:
            conn.execute(f"drop trigger {trigger}")
        conn.execute("drop table rmlog_change")
        conn.execute("drop table rmlog_operation")
        conn.execute("delete from rmlog_migration where name = 'm004_operation_log'")
        conn.execute("drop index ix_interaction_source")
        for table in ("person", "interaction", "exchange", "commitment"):
            conn.execute(f"alter table {table} drop column updated_at")
        conn.execute("alter table interaction drop column source")
        conn.execute("delete from rmlog_migration where name = 'm003_updated_at_and_source'")
    assert rmlog.json("show", "alice")["recent_interactions"][0]["notes"] == "before the upgrade"
    with sqlite3.connect(db_path) as conn:
        stamped = conn.execute("select count(*) from person where updated_at = created_at").fetchone()
        columns = [row[1] for row in conn.execute("pragma table_info(interaction)")]
    assert stamped == (1,) and {"updated_at", "source"} <= set(columns)
    rmlog("log", "alice", "-m", "after the upgrade")
    assert rmlog("undo").stdout.startswith("Undid #1 `log alice -m 'after the upgrade'`")


@pytest.mark.sqlite_only
def test_a_version_4_journal_gains_contact_cards_recorded_for_undo(rmlog, db_path, tmp_path):
    rmlog("add", "Alice")
    with sqlite3.connect(db_path) as conn:
        for (trigger,) in conn.execute("select name from sqlite_master where type = 'trigger' "
                                       "and tbl_name = 'contact_card'").fetchall():
            conn.execute(f"drop trigger {trigger}")
        conn.execute("drop table contact_card")
        conn.execute("delete from rmlog_migration where name = 'm006_contact_cards'")
    book = tmp_path / "book"
    book.mkdir()
    (book / "a.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alice\r\nEND:VCARD\r\n")
    assert "Synced 1 card: 0 added, 0 updated, 1 unchanged." in rmlog("contacts", "sync", str(book)).stdout
    assert rmlog("undo").stdout.startswith("Undid #2 `contacts sync")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from contact_card").fetchone() == (0,)
        applied = [row[0] for row in conn.execute("select name from rmlog_migration order by name")]
    assert applied == migrations.names()


@pytest.mark.sqlite_only
def test_balance_window_uses_the_covering_index(rmlog, db_path):
    from sqlalchemy import event

    from rmlog.store.engine import open_store
    from rmlog.store.rows import balance_rows

    rmlog("add", "Alice")
    statements = []
    with open_store(db_path) as session:
        event.listen(session.get_bind(), "before_cursor_execute",
                     lambda conn, cursor, sql, params, context, many: statements.append((sql, params)))
        from datetime import datetime, timezone
        balance_rows(session, datetime(2026, 1, 1, tzinfo=timezone.utc))
    sql, params = next((s, p) for s, p in statements if "initiated_by" in s)
    with sqlite3.connect(db_path) as conn:
        plan = str(conn.execute(f"explain query plan {sql}", params).fetchall())
    assert "COVERING INDEX ix_interaction_time_initiator" in plan


@pytest.mark.sqlite_only
def test_not_a_database(rmlog, db_path):
    db_path.write_text("this is not sqlite\n" * 100)
    message = rmlog.error("people", code=3)
    assert "not a usable rmlog database" in message and "--db" in message


@pytest.mark.sqlite_only
def test_unwritable_location(rmlog):
    message = rmlog.error("add", "Bob", "--db", "/proc/rmlog-test/x.db", code=3)
    assert "cannot create the journal at /proc/rmlog-test/x.db" in message


@pytest.mark.sqlite_only
def test_location_that_cannot_exist(rmlog, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    message = rmlog.error("add", "Bob", "--db", str(blocker / "x.db"), code=3)
    assert "cannot create the journal" in message and "writable path" in message


@pytest.mark.sqlite_only
def test_db_that_is_a_directory(rmlog, tmp_path, monkeypatch):
    assert "is a directory" in rmlog.error("people", "--db", str(tmp_path), code=2)
    monkeypatch.setenv("RMLOG_DB", str(tmp_path))
    assert "is not a file" in rmlog.error("people", code=3)


@pytest.mark.sqlite_only
def test_locked_database_times_out_with_store_error(rmlog, db_path, monkeypatch):
    rmlog("add", "Alice")
    monkeypatch.setattr("rmlog.store.engine.BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("begin immediate")
    try:
        message = rmlog.error("add", "Bob", code=3)
    finally:
        holder.execute("rollback")
        holder.close()
    assert "locked by another rmlog process" in message
    assert [p["handle"] for p in rmlog.json("people")] == ["alice"]


@pytest.mark.sqlite_only
def test_the_backup_before_a_migration_holds_what_is_still_in_the_wal(rmlog, db_path, monkeypatch):
    rmlog("add", "Alice")
    keeper = sqlite3.connect(db_path)  # an open reader keeps the WAL from being checkpointed away
    keeper.execute("select count(*) from person").fetchall()
    for n in range(20):
        rmlog("log", "alice", "-m", f"note {n}")
    assert (db_path.parent / "journal.db-wal").stat().st_size > 0

    def m999_noop(conn):
        """A schema change that changes nothing."""

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_noop])
    rmlog("people")
    keeper.close()
    [backup] = db_path.parent.glob("journal.db.v*.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("select count(*) from interaction").fetchone() == (20,)
        assert conn.execute("select count(*) from rmlog_migration").fetchone() == (len(migrations.names()) - 1,)
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.sqlite_only
def test_a_lock_is_a_lock_not_an_empty_schema(rmlog, db_path, monkeypatch):
    rmlog("add", "Alice")
    with sqlite3.connect(db_path) as conn:  # a journal in rollback mode, where a writer blocks readers
        conn.execute("pragma journal_mode = delete")
    monkeypatch.setattr("rmlog.store.engine.BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        assert "locked by another rmlog process" in rmlog.error("people", code=3)
    finally:
        holder.execute("rollback")
        holder.close()
    assert list(db_path.parent.glob("*.bak")) == []


@pytest.mark.sqlite_only
def test_a_foreign_sqlite_file_is_refused_and_left_untouched(rmlog, tmp_path):
    other = tmp_path / "other-app.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("create table notes (id integer primary key, body text)")
        conn.execute("insert into notes (body) values ('theirs')")
    before = other.read_bytes()
    message = rmlog.error("add", "Zed", "--db", str(other), code=3)
    assert "is not an rmlog journal" in message
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-app.sqlite"]


@pytest.mark.sqlite_only
def test_a_zero_length_file_becomes_a_journal(rmlog, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch(mode=0o600)
    rmlog("add", "Zed", "--db", str(empty))
    assert [p["handle"] for p in rmlog.json("people", "--db", str(empty))] == ["zed"]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", ["a?b.db", "a%20b.db", "a#b.db"])
def test_a_path_is_a_path_not_a_url(rmlog, tmp_path, monkeypatch, name):
    monkeypatch.setenv("RMLOG_DB", str(tmp_path / name))
    rmlog("add", "Zed")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm", "-due"))) == [name]
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


@pytest.mark.postgres_only
def test_a_waiting_writer_times_out_with_store_error(rmlog, backend, monkeypatch):
    import psycopg

    from rmlog.store.postgres import LOCK_KEY

    rmlog("add", "Alice")
    monkeypatch.setattr("rmlog.store.engine.BUSY_TIMEOUT_SECONDS", 0.2)
    with psycopg.connect(backend.server.dsn, autocommit=True) as holder:
        holder.execute(f"select pg_advisory_lock({LOCK_KEY})")
        message = rmlog.error("add", "Bob", code=3)
        assert [p["handle"] for p in rmlog.json("people")] == ["alice"]  # readers never wait
    assert "locked by another rmlog process; try again in a moment" in message
    assert [p["handle"] for p in rmlog.json("people")] == ["alice"]


@pytest.mark.postgres_only
def test_a_server_that_is_down_is_one_line_naming_host_and_fix(rmlog, monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("RMLOG_DATABASE_URL", f"postgresql+psycopg://me:secret@127.0.0.1:{port}/rmlog")
    message = rmlog.error("people", code=3)
    assert f"cannot reach PostgreSQL at 127.0.0.1:{port}" in message
    assert "start the server or fix the host and port in RMLOG_DATABASE_URL" in message
    assert "secret" not in message and "doctor" not in message


@pytest.mark.postgres_only
def test_a_refused_login_or_missing_database_is_one_line(rmlog, backend, monkeypatch):
    url = backend.server.url
    monkeypatch.setenv("RMLOG_DATABASE_URL", url.replace("//postgres@", "//nobody@"))
    message = rmlog.error("add", "Bob", code=3)
    assert f"PostgreSQL at 127.0.0.1:{backend.server.port} refused the login" in message
    assert 'role "nobody" does not exist' in message and "fix the user or password" in message
    monkeypatch.setenv("RMLOG_DATABASE_URL", url.rsplit("/", 1)[0] + "/journal")
    message = rmlog.error("people", code=3)
    assert "has no database 'journal'; create it (createdb journal)" in message


def transient(sqlstate_error):
    from sqlalchemy import exc

    return exc.OperationalError("SELECT 1", {}, sqlstate_error)


def test_transient_conflicts_are_retried_a_bounded_number_of_times(monkeypatch):
    from psycopg import errors

    from rmlog.store import postgres

    monkeypatch.setattr(postgres.time, "sleep", lambda seconds: None)
    calls = []

    def collides_twice():
        calls.append(1)
        if len(calls) < 3:
            raise transient(errors.DeadlockDetected("deadlock detected"))
        return "done"

    assert postgres.retrying(collides_twice) == "done" and len(calls) == 3
    calls.clear()

    def always_collides():
        calls.append(1)
        raise transient(errors.SerializationFailure("could not serialize access"))

    with pytest.raises(Exception) as raised:
        postgres.retrying(always_collides)
    assert len(calls) == postgres.ATTEMPTS
    message = str(postgres.store_error(raised.value, "postgresql+psycopg://me:pw@db.example:6543/j"))
    assert message == ("the change collided with another rmlog process (could not serialize access); "
                       "nothing was saved, run the command again")


def test_other_errors_are_not_retried():
    from psycopg import errors

    from rmlog.store import postgres

    calls = []

    def undefined_table():
        calls.append(1)
        raise transient(errors.UndefinedTable('relation "person" does not exist'))

    with pytest.raises(Exception):
        postgres.retrying(undefined_table)
    assert len(calls) == 1


TIME_COLUMNS = (
    "select table_name, column_name, data_type from information_schema.columns "
    "where table_schema = current_schema() and data_type like 'timestamp%' order by 1, 2"
)


@pytest.mark.postgres_only
def test_time_columns_are_timestamptz_on_postgres(rmlog):
    rmlog("add", "Alice")
    columns = rmlog.sql(TIME_COLUMNS)
    assert ("person", "created_at", "timestamp with time zone") in columns
    assert {kind for _, _, kind in columns} == {"timestamp with time zone"}


@pytest.mark.postgres_only
def test_a_journal_from_before_timestamptz_keeps_every_instant_and_its_undo(rmlog, monkeypatch):
    monkeypatch.setenv("PGTZ", "America/New_York")  # a session zone rmlog must not depend on
    rmlog("add", "Alice")
    rmlog("log", "alice", "-m", "coffee", "--when", "2026-03-01 15:00")
    for table, column, _ in rmlog.sql(TIME_COLUMNS):  # back to naive UTC, as m001..m007 made them
        if table == "rmlog_last_contact":  # made by m011, after m008
            continue
        rmlog.sql(f'alter table {table} alter column "{column}" type timestamp using "{column}" at time zone \'UTC\'')
    rmlog("edit", "alice", "--company", "Acme", "--role", "CTO")  # its before-image is naive UTC text
    before = rmlog.json("show", "alice")
    rmlog.sql("delete from rmlog_migration where name = 'm008_timestamptz'")
    assert rmlog.json("show", "alice") == before  # migrated first, every instant the same
    assert {kind for _, _, kind in rmlog.sql(TIME_COLUMNS)} == {"timestamp with time zone"}
    assert rmlog.json("show", "alice")["recent_interactions"][0]["occurred_at"].startswith("2026-03-01T15:00")
    rmlog("undo")  # the edit's before-image was written as naive UTC text
    after = rmlog.json("show", "alice")
    assert (after["company"], after["role"]) == (None, None)
    assert after["created_at"] == before["created_at"]
    assert rmlog.sql("select count(*) from rmlog_migration where name = 'm008_timestamptz'") == [(1,)]


def test_the_store_runs_the_hooks_its_caller_registers_and_knows_no_snapshot(tmp_path):
    """open_store runs what the caller registered after a write commits (the command line
    forgets the due snapshot that way); the store itself never loads the snapshot's module."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rmlog.store import commit_hooks\n"
        "from rmlog.store.engine import open_store\n"
        "seen = []\n"
        "commit_hooks.register(seen.append)\n"
        "db = Path(sys.argv[1])\n"
        "with open_store(db) as session:\n"
        "    pass\n"
        "assert seen == [], seen\n"
        "with open_store(db, write=True) as session:\n"
        "    pass\n"
        "assert seen == [db], seen\n"
        "assert 'rmlog.store.due_snapshot' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "j.db")], capture_output=True, text=True)
    assert result.stdout == "ok\n", result.stderr
