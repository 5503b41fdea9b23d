"""export, import, backup and doctor through the CLI."""

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from rmlog.store import migrations
from tests.shared_data import require_vcards



@pytest.fixture
def journal(rmlog):
    rmlog("add", "Alice Smith", "--circle", "inner", "--tag", "investor", "--alias", "Ali",
          "--email", "alice@x.io", "--needs", "ML hires")
    rmlog("add", "Bob Jones", "--phone", "+1 555 0100")
    rmlog("log", "alice", "bob", "-m", "coffee", "--when", "yesterday", "--by", "me", "--mood", "1",
          "--gave", "intro", "--promise", "send deck", "--due", "fri")
    rmlog("got", "bob", "advice", "--weight", "2")
    rmlog("done", "1")
    return rmlog


def export_text(rmlog, *args) -> str:
    return rmlog("export", *args).stdout


def without_stamp(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith('"exported_at"'))


def test_json_round_trip_is_exact_and_idempotent(journal, backend, tmp_path):
    original = tmp_path / "backup.json"
    journal("export", "-o", str(original))
    assert stat.S_IMODE(original.stat().st_mode) == 0o600
    doc = json.loads(original.read_text())
    assert (doc["rmlog_export"], len(doc["people"]), len(doc["interactions"])) == (1, 2, 1)
    assert doc["interactions"][0]["people"] == sorted(p["uid"] for p in doc["people"])
    assert "id" not in doc["people"][0]
    backend.new_journal("restored")
    first = journal("import", str(original)).stdout
    assert first.startswith("Imported people: 2 added, 0 updated, 0 unchanged; interactions: 1 added")
    again = journal.json("import", str(original))
    assert again["added"] == {} and again["updated"] == {}
    assert again["unchanged"] == {"people": 2, "interactions": 1, "exchanges": 3, "commitments": 2}
    assert without_stamp(export_text(journal)) == without_stamp(original.read_text())


def test_json_export_carries_circle_moves_and_import_keeps_each_once(journal, backend, tmp_path):
    journal("move", "bob", "core", "--why", "we meet weekly")
    original = tmp_path / "backup.json"
    journal("export", "-o", str(original))
    moves = json.loads(original.read_text())["moves"]
    assert [(m["from_circle"], m["to_circle"], m["why"]) for m in moves] == [("network", "core", "we meet weekly")]
    backend.new_journal("restored")
    assert "moves: 1 added" in journal("import", str(original)).stdout
    assert journal.json("import", str(original))["unchanged"]["moves"] == 1
    assert [m["to"] for m in journal.json("show", "bob")["moves"]] == ["core"]
    assert without_stamp(export_text(journal)) == without_stamp(original.read_text())


def test_a_bad_circle_move_in_an_export_is_refused(rmlog, tmp_path):
    path = tmp_path / "moves.json"
    move = {"person": "x", "from_circle": "inner", "to_circle": "outer", "at": "2026-03-01T10:00:00+00:00"}
    path.write_text(json.dumps({"rmlog_export": 1, "people": [], "moves": [move]}))
    error = rmlog.error("import", str(path))
    assert "moves[0]: to_circle: must be one of" in error and rmlog("people").stdout.startswith("No people")


@pytest.mark.sqlite_only
def test_export_writes_every_stored_time_as_the_datetime_would(journal, db_path):
    """Times are formatted from the stored text without parsing: the same text as
    isoformat() of the datetime the store reads, whatever form the row was written in."""
    from sqlalchemy import select

    from rmlog.store.engine import open_store
    from rmlog.store.models import Interaction

    journal("log", "bob", "-m", "tea", "--when", "2026-03-01 10:00")
    stored = ["2026-03-01 10:00:00.000000", "2026-03-01 10:00:00.250000", "2026-03-01 10:00:00",
              "2026-03-01 10:00:00.25", "2026-03-01"]
    with sqlite3.connect(db_path) as db:
        for n, text in enumerate(stored):
            db.execute("INSERT INTO interaction (uid, occurred_at, kind, created_at) VALUES (?, ?, 'call', ?)",
                       (f"u{n}", text, text))  # no people: an interaction only ever linked by hand
    db.close()
    with open_store() as session:
        expected = {uid: when.isoformat() for uid, when in session.execute(
            select(Interaction.uid, Interaction.occurred_at))}
    doc = json.loads(export_text(journal))
    assert {i["uid"]: i["occurred_at"] for i in doc["interactions"]} == expected
    assert [i["created_at"] for i in doc["interactions"] if i["uid"].startswith("u")] == \
        [expected[f"u{n}"] for n in range(len(stored))]
    assert [len(i["people"]) for i in doc["interactions"]] == [2, 1, 0, 0, 0, 0, 0]


def test_import_merges_changes_by_uid(journal, tmp_path):
    path = tmp_path / "e.json"
    journal("export", "-o", str(path))
    doc = json.loads(path.read_text())
    doc["people"][1]["company"] = "Initech"
    doc["people"][1]["tags"] = ["friend"]
    path.write_text(json.dumps(doc))
    report = journal.json("import", str(path))
    assert report["updated"] == {"people": 1}
    bob = journal.json("show", "bob")
    assert (bob["company"], bob["tags"]) == ("Initech", ["friend"])


def test_dry_run_writes_nothing(journal, backend, tmp_path):
    path = tmp_path / "e.json"
    journal("export", "-o", str(path))
    backend.new_journal("empty")
    out = journal("import", str(path), "--dry-run").stdout
    assert out.startswith("Dry run, nothing written. Would import people: 2 added")
    assert journal.json("people") == []


@pytest.mark.parametrize(
    "content, message",
    [("{not json", "not valid JSON"), ("[1, 2]", "JSON object"), ('{"people": []}', "not an rmlog JSON export"),
     ('{"rmlog_export": 1, "people": [{"name": "x"}]}', "people[0]: uid: is missing"),
     ('{"rmlog_export": 99}', "newer rmlog")],
)
def test_bad_json_files(rmlog, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert message in rmlog.error("import", str(path))


def test_import_of_a_missing_or_unknown_file(rmlog, tmp_path):
    assert "does not exist" in rmlog.error("import", str(tmp_path / "nope.json"))
    odd = tmp_path / "data.txt"
    odd.write_text("x")
    assert "pass --format" in rmlog.error("import", str(odd))


def test_csv_export_neutralises_formulas_and_round_trips(rmlog, backend, tmp_path):
    rmlog("add", "=HYPERLINK(\"http://evil\")", "--notes", "@SUM(A1)", "--phone", "+1 555")
    text = rmlog("export", "--format", "csv").stdout
    assert text.splitlines()[0].startswith('"uid","handle","name"')
    assert '"\'=HYPERLINK(""http://evil"")"' in text and '"\'@SUM(A1)"' in text and '"\'+1 555"' in text
    path = tmp_path / "people.csv"
    path.write_text(text)
    backend.new_journal("other")
    rmlog("import", str(path))
    person = rmlog.json("people")[0]
    assert (person["name"], person["notes"], person["phones"]) == ('=HYPERLINK("http://evil")', "@SUM(A1)", ["+1 555"])


def test_csv_round_trips_a_cadence_window(rmlog, backend, tmp_path):
    rmlog("add", "Wendy Window", "--cadence", "14d..28d")
    path = tmp_path / "people.csv"
    path.write_text(rmlog("export", "--format", "csv").stdout)
    backend.new_journal("other")
    rmlog("import", str(path))
    person = rmlog.json("people")[0]
    assert (person["cadence_days"], person["cadence_max_days"]) == (14, 28)


def test_csv_bad_rows_are_reported_by_line_and_block_the_import(rmlog, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text('name,circle,emails\nAnn,inner,ann@x.io\n,core,\nBen,outer,\n"Cat\nsecond line",core,cat@x.io\n')
    message = rmlog.error("import", str(path))
    assert "line 3:" in message and "line 4:" in message and "nothing imported" in message
    assert rmlog.json("people") == []
    result = rmlog("import", str(path), "--skip-bad")
    assert "skipped line 3" in result.stderr and "skipped line 4" in result.stderr
    assert [p["handle"] for p in rmlog.json("people")] == ["ann", "cat-second-line"]


def test_csv_header_problems_reject_the_file(rmlog, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,favourite_colour\nAnn,blue\n")
    assert "favourite_colour" in rmlog.error("import", str(path))


VCARDS = """BEGIN:VCARD\r
VERSION:3.0\r
FN:Dana Scully\r
N:Scully;Dana;;;\r
EMAIL;TYPE=INTERNET:dana@fbi.gov\r
TEL;TYPE=CELL:+1 202 555 0101\r
ORG:FBI;X-Files\r
TITLE:Special Agent\r
BDAY:1964-02-23\r
CATEGORIES:Work,X Files\r
NOTE:Trusts no one\\, mostly.\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:2.1\r
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r
EMAIL:jm@example.de\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
UID:urn:uuid:7f5c8d1e-0000-4000-8000-000000000001\r
FN:Fox Mulder\r
EMAIL:fox@fbi.gov\r
END:VCARD\r
"""


def test_vcard_import_maps_fields_and_reimport_updates(rmlog, tmp_path):
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARDS, newline="")
    assert rmlog("import", str(path)).stdout == (
        "Imported people: 3 added, 0 updated, 0 unchanged.\n"
        'New people went to the periphery circle; move someone with: rmlog move NAME core --why "..."\n')
    dana = rmlog.json("show", "dana")
    assert (dana["emails"], dana["phones"], dana["company"], dana["role"]) == (
        ["dana@fbi.gov"], ["+1 202 555 0101"], "FBI", "Special Agent")
    assert (dana["birthday"], dana["tags"], dana["notes"]) == ("1964-02-23", ["work", "x-files"], "Trusts no one, mostly.")
    assert rmlog.json("show", "jurgen")["name"] == "Jürgen Müller"
    assert rmlog.json("show", "fox")["uid"] == "7f5c8d1e-0000-4000-8000-000000000001"
    assert rmlog("import", str(path)).stdout == "Imported people: 0 added, 0 updated, 3 unchanged.\n"
    path.write_text(VCARDS.replace("Trusts no one\\, mostly.", "Trusts Mulder").replace("FN:Fox Mulder", "FN:Fox W. Mulder"), newline="")
    assert rmlog("import", str(path)).stdout == "Imported people: 0 added, 2 updated, 1 unchanged.\n"
    assert len(rmlog.json("people")) == 3


def test_vcard_matches_existing_people_by_email_then_name(rmlog, tmp_path):
    rmlog("add", "D. Scully", "--email", "DANA@fbi.gov")
    rmlog("add", "Fox Mulder")
    path = tmp_path / "contacts.vcf"
    path.write_text(VCARDS, newline="")
    assert rmlog.json("import", str(path))["added"] == {"people": 1}
    assert rmlog.json("show", "d-scully")["phones"] == ["+1 202 555 0101"]


def test_bad_vcard_file(rmlog, tmp_path):
    path = tmp_path / "x.vcf"
    path.write_text("hello\n")
    assert "BEGIN:VCARD" in rmlog.error("import", str(path))


def test_real_world_vcards_all_import(rmlog):
    for path in sorted(require_vcards().glob("*.vcf")):
        result = rmlog("import", str(path))
        assert "Traceback" not in result.stderr, path
    names = {p["name"] for p in rmlog.json("people")}
    assert {"John Doe", "Tim Howes", "Frank Dawson", "Greg Dartmouth"} <= names


def test_ics_export_is_valid_and_has_due_people_and_promises(journal, monkeypatch):
    from icalendar import Calendar

    monkeypatch.setenv("RMLOG_NOW", "2026-06-10T09:00:00")
    journal("promise", "bob", "intro to CFO", "--theirs", "--due", "2026-06-20")
    journal("promise", "bob", "someday")
    raw = journal("export", "--format", "ics").stdout_bytes
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    todos = Calendar.from_ical(raw).walk("VTODO")
    summaries = sorted(str(t["SUMMARY"]) for t in todos)
    assert summaries == [
        "Bob Jones promised: intro to CFO", "Reconnect with Alice Smith", "Reconnect with Bob Jones",
        "send deck (promised to Bob Jones)",
    ]
    assert all(str(t["STATUS"]) == "NEEDS-ACTION" and str(t["UID"]).endswith("@rmlog") for t in todos)


def test_export_to_an_unwritable_place(journal, tmp_path):
    assert "cannot write" in journal.error("export", "-o", str(tmp_path / "no" / "such" / "dir.json"))


@pytest.mark.sqlite_only
def test_backup_while_another_process_writes(journal, db_path, tmp_path):
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("begin immediate")
    writer.execute("insert into person_tag values (1, 'busy')")
    try:
        target = tmp_path / "copy.db"
        out = journal("backup", "-o", str(target)).stdout
    finally:
        writer.execute("rollback")
        writer.close()
    assert out.startswith(f"Backed up {db_path} to {target}")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p["handle"] for p in journal.json("people", "--db", str(target))] == ["alice-smith", "bob-jones"]
    assert "exists" in journal.error("backup", "-o", str(target))


@pytest.mark.sqlite_only
def test_doctor_reports_health_and_problems(journal, db_path):
    out = journal("doctor").stdout
    n = len(migrations.names())
    assert "integrity     ok  ok" in out and f"schema        ok  version {n} of {n}" in out
    db_path.chmod(0o644)
    message = journal("doctor", code=3).stderr
    assert "doctor found problems: permissions" in message
    assert "chmod 600" in journal("doctor", code=3).stdout



def test_the_doctor_use_case_gives_the_checks_the_command_prints(journal):
    from rmlog.app.doctor import doctor

    view = doctor(None)
    assert view.failed() == [] and "schema" in [c.name for c in view.checks]
    assert view.to_json() == journal.json("doctor")

@pytest.mark.sqlite_only
def test_doctor_on_a_corrupt_file(rmlog, db_path):
    db_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    db_path.chmod(0o600)
    doc = json.loads(rmlog("doctor", "--json", code=3).stdout)
    assert doc["ok"] is False and any(c["name"] == "database" for c in doc["checks"])


@pytest.mark.sqlite_only
def test_backup_of_a_damaged_journal_fails_and_leaves_no_copy(rmlog, db_path, tmp_path):
    for name in ("Alice", "Bob", "Carol"):
        rmlog("add", name, "--circle", "inner")
    with sqlite3.connect(db_path) as conn:
        conn.execute("pragma wal_checkpoint(truncate)")
        root = conn.execute("select rootpage from sqlite_master where name = 'ix_person_circle'").fetchone()[0]
        page_size = conn.execute("pragma page_size").fetchone()[0]
    with open(db_path, "r+b") as handle:  # scribble over the index's root page
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\xff" * 64)
    target = tmp_path / "copy.db"
    assert "fails its integrity check" in rmlog.error("backup", "-o", str(target), code=3)
    assert not target.exists() and not list(tmp_path.glob(".copy.db*"))


def test_a_vcard_with_a_20_mb_line_is_refused_without_reading_it_into_cards(rmlog, tmp_path):
    path = tmp_path / "huge.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nNOTE:" + b"x" * (20 << 20) + b"\r\nEND:VCARD\r\n")
    assert "huge.vcf: line 4 is longer than 1 MB" in rmlog.error("import", str(path))
    assert rmlog.json("people") == []


def test_csv_rows_sharing_an_email_are_merged_and_the_user_is_told(rmlog, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,emails\nAlice Smith,a@x.io\nAlly Smith,A@X.io; ally@y.io\n")
    result = rmlog("import", str(path))
    assert "'Ally Smith' shares an email with 'Alice Smith', earlier in the file: merged" in result.stderr
    [alice] = rmlog.json("people")
    assert alice["emails"] == ["a@x.io", "ally@y.io"]


@pytest.mark.postgres_only
def test_backup_on_postgres_writes_the_json_export(journal, backend, tmp_path):
    target = tmp_path / "copy.json"
    out = journal("backup", "-o", str(target)).stdout
    assert out.startswith(f"Backed up postgresql://postgres@127.0.0.1:{backend.server.port}/rmlog_test to {target}")
    assert "as a JSON export (restore with rmlog import; pg_dump copies the whole database)" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "exists" in journal.error("backup", "-o", str(target))
    people = journal.json("people")
    backend.new_journal("restored")
    journal("import", str(target))
    assert journal.json("people") == people


@pytest.mark.postgres_only
def test_doctor_on_postgres_checks_connection_schema_and_references(journal, backend):
    import psycopg

    doc = journal.json("doctor")
    assert doc["ok"] is True and doc["path"].startswith("postgresql://postgres@127.0.0.1:")
    assert [(c["name"], c["ok"]) for c in doc["checks"]] == [("connection", True), ("schema", True), ("foreign keys", True),
                                                            ("search index", True), ("last contact", True)]
    version = len(migrations.names())
    assert f"schema        ok  version {version} of {version}" in journal("doctor").stdout
    with psycopg.connect(backend.server.dsn, autocommit=True) as conn:
        conn.execute("set session_replication_role = replica")  # as a careless restore would
        conn.execute("insert into person_tag (person_id, tag) values (999, 'orphan')")
    assert "doctor found problems: foreign keys" in journal("doctor", code=3).stderr
    assert "1 dangling references; restore a backup" in journal("doctor", code=3).stdout
    journal.sql("insert into rmlog_migration values ('m999_future', '2030-01-01 00:00:00')")
    assert f"version {version + 1} is newer than this rmlog ({version}): upgrade" in journal("doctor", code=3).stdout


@pytest.mark.postgres_only
def test_doctor_on_postgres_names_an_unreachable_server(rmlog, backend, monkeypatch):
    monkeypatch.setenv("RMLOG_DATABASE_URL", backend.server.url.replace("//postgres@", "//nobody:pw@"))
    doc = json.loads(rmlog("doctor", "--json", code=3).stdout)
    assert doc["path"] == f"postgresql://nobody@127.0.0.1:{backend.server.port}/rmlog_test"
    [check] = doc["checks"]
    assert check["name"] == "connection" and check["ok"] is False
    assert "refused the login" in check["detail"] and "pw" not in json.dumps(doc)
