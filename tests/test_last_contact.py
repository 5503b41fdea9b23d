"""Each person's last contact, kept by the database (store/last_contact.py): in step with
every write, undo and sync; checked by doctor; built by the migration."""

from __future__ import annotations

from rmlog.store import last_contact, migrations
from rmlog.store.engine import open_store


def stale(rmlog) -> str | None:
    """What doctor would say of the table (None: it matches the links)."""
    with open_store() as session:
        return checked(session.connection())


def checked(conn) -> str | None:
    return last_contact.check(lambda sql: conn.exec_driver_sql(sql).all(), postgres=conn.dialect.name == "postgresql")


def kept(rmlog) -> dict[str, str]:
    """handle -> the kept last contact, as show reads it."""
    return {p["handle"]: p["last_contact"] for p in rmlog.json("people")}


def test_every_write_and_undo_keeps_it_in_step(rmlog):
    rmlog("add", "Ann Lee")
    rmlog("add", "Ben Ho")
    rmlog("add", "Cat Roe")
    rmlog("log", "ann-lee", "ben-ho", "-m", "lunch", "--when", "2026-03-01 12:00")
    rmlog("log", "ann-lee", "-m", "call", "--when", "2026-03-05 12:00")
    before = kept(rmlog)
    assert before["ann-lee"].startswith("2026-03-05") and before["cat-roe"] is None
    steps = [
        ("edit-log", "2", "--when", "2026-02-01 12:00"),  # the latest moved earlier
        ("edit-log", "1", "--remove", "ben-ho"),           # the only link of ben gone
        ("edit-log", "1", "--add", "cat-roe"),
        ("log", "cat-roe", "-m", "old", "--when", "2025-01-01"),  # earlier than the kept one
        ("delete-log", "1", "--yes"),
        ("merge", "cat-roe", "ann-lee", "--yes"),
        ("delete", "cat-roe", "--yes"),
    ]
    for step in steps:
        rmlog(*step)
        assert stale(rmlog) is None, step
    for _ in steps:
        rmlog("undo")
        assert stale(rmlog) is None
    assert kept(rmlog) == before


def test_show_and_due_read_it(rmlog, monkeypatch):
    rmlog("add", "Ann Lee", "--circle", "inner")
    rmlog("log", "ann-lee", "-m", "call", "--when", "2026-02-01 12:00")
    assert rmlog.json("show", "ann-lee")["last_contact"].startswith("2026-02-01")
    assert [p["handle"] for p in rmlog.json("due")["people"]] == ["ann-lee"]
    rmlog("log", "ann-lee", "-m", "again")
    assert rmlog.json("due")["people"] == []


def test_doctor_finds_a_wrong_one_and_rebuild_mends_it(rmlog):
    rmlog("add", "Ann Lee")
    rmlog("log", "ann-lee", "-m", "call", "--when", "2026-03-01 12:00")
    rmlog.sql("delete from rmlog_last_contact")
    assert stale(rmlog) == "1 people's last contact out of date"
    result = rmlog("doctor", "--json", code=3)
    assert "rmlog doctor --rebuild" in result.stdout
    rmlog("doctor", "--rebuild")
    assert stale(rmlog) is None
    assert {c["name"]: c["ok"] for c in rmlog.json("doctor")["checks"]}["last contact"] is True


def test_the_migration_builds_it_for_an_existing_journal(rmlog):
    rmlog("add", "Ann Lee")
    rmlog("add", "Ben Ho")
    rmlog("log", "ann-lee", "ben-ho", "-m", "lunch", "--when", "2026-03-01 12:00")
    rmlog("log", "ann-lee", "-m", "call", "--when", "2026-03-05 12:00")
    with open_store(write=True) as session:  # back to the journal of schema version 10
        conn = session.connection()
        last_contact.drop(conn)
        assert checked(conn) == "missing rmlog_last_contact"
        conn.exec_driver_sql("delete from rmlog_migration where name = 'm011_last_contact'")
        assert checked(conn) is None  # not missing: the next command makes it
    assert kept(rmlog)["ben-ho"].startswith("2026-03-01")  # migrated first
    assert stale(rmlog) is None
    assert [n for (n,) in rmlog.sql("select name from rmlog_migration order by name")] == migrations.names()
    rmlog("log", "ben-ho", "-m", "later")
    assert stale(rmlog) is None and kept(rmlog)["ben-ho"].startswith("2026-03-10")
