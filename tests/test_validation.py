"""Everything that enters the store is checked by the models first.

A bad record is refused with one line naming the file, the record and the field, exit 2,
and the journal is left exactly as it was.
"""

from __future__ import annotations

import json

import pytest


def dump(rmlog) -> list:
    """Every row of every table, on either backend."""
    from sqlalchemy import inspect

    from rmlog.store.engine import open_store

    with open_store() as session:
        tables = sorted(inspect(session.connection()).get_table_names())
    return [(table, rmlog.sql(f"select * from {table} order by 1")) for table in tables]


@pytest.fixture
def exported(rmlog, tmp_path):
    """A journal with one of everything, and its JSON export as a dict."""
    rmlog("add", "Alice Smith", "--company", "Acme", "--role", "CTO", "--needs", "hires",
          "--email", "a@x.io", "--cadence", "3w", "--birthday", "1990-05-01", "--notes", "kind")
    rmlog("log", "alice", "-m", "coffee", "--when", "2026-03-01", "--gave", "intro", "--promise", "deck")
    path = tmp_path / "export.json"
    rmlog("export", "-o", str(path))
    return json.loads(path.read_text())


def import_json(rmlog, tmp_path, document, code=0):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    return rmlog("import", str(path), code=code)


@pytest.mark.parametrize(
    ("section", "field", "value", "message"),
    [
        ("people", "cadence_days", "abc", "in.json people[0]: cadence_days: must be a whole number of days"),
        ("people", "name", 5, "in.json people[0]: name: input should be a valid string (got 5)"),
        ("people", "circle", "outer", "in.json people[0]: circle: must be one of inner, core"),
        ("exchanges", "weight", "x", "in.json exchanges[0]: weight: must be a number above 0"),
        ("exchanges", "weight", 1e308 * 10, "exchanges[0]: weight"),
        ("interactions", "sentiment", 3, "in.json interactions[0]: sentiment: must be a whole number from -2"),
        ("commitments", "status", "maybe", "in.json commitments[0]: status: must be one of open, done"),
        ("interactions", "occurred_at", "last tuesday", "in.json interactions[0]: occurred_at:"),
    ],
)
def test_a_bad_json_record_is_refused_naming_record_and_field(
    rmlog, tmp_path, exported, section, field, value, message
):
    exported[section][0][field] = value
    before = dump(rmlog)
    path = tmp_path / "in.json"
    path.write_text(json.dumps(exported).replace("Infinity", "1e999"))
    assert message in rmlog.error("import", str(path))
    assert dump(rmlog) == before


def test_a_deeply_nested_json_file_is_refused(rmlog, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"rmlog_export": 1, "people": ' + "[" * 5000 + "]" * 5000 + "}")
    assert "deep.json" in rmlog.error("import", str(path))
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in rmlog.error("import", str(path))


def test_a_csv_cell_too_large_for_a_field_is_refused(rmlog, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("name,notes\nAlice," + "x" * 200_000 + "\n")
    assert "line 2" in rmlog.error("import", str(path))
    assert rmlog.json("people") == []


def test_a_csv_with_a_bad_cadence_names_file_line_and_field(rmlog, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,cadence_days\nA,1\nB,2\nC,3\nD,abc\n")
    error = rmlog.error("import", str(path))
    assert "people.csv line 5: cadence_days: must be a whole number of days from 1 to 3650 (got 'abc')" in error
    assert rmlog.json("people") == []


def test_a_vcard_with_a_charset_that_is_not_text_is_refused(rmlog, tmp_path):
    path = tmp_path / "odd.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;John\r\n"
        b"NOTE;CHARSET=idna;ENCODING=QUOTED-PRINTABLE:=C3=A9t=C3=A9\r\nEND:VCARD\r\n"
    )
    assert "odd.vcf: card 1 (line 1): CHARSET=idna" in rmlog.error("import", str(path))
    assert rmlog.json("people") == []


def test_a_naive_csv_time_is_local_time(rmlog, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,created_at\nAlice,2024-01-01T10:00\n")
    rmlog("import", str(path))
    assert rmlog.json("people")[0]["created_at"] == "2024-01-01T10:00:00+01:00"


def test_a_handle_that_is_not_a_slug_is_derived_from_the_name(rmlog, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text('name,handle\nAlice Smith,a$(touch x)\nBob,"b_) ; touch PWNED ; x=("\nCarol,carol-c\n')
    rmlog("import", str(path))
    assert [p["handle"] for p in rmlog.json("people")] == ["alice-smith", "bob", "carol-c"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("gave", "alice", "x", "--weight", "inf"), "--weight: must be a number above 0 and at most 1000"),
        (("gave", "alice", "x", "--weight", "nan"), "--weight"),
        (("gave", "alice", "x", "--weight", "-1"), "--weight"),
        (("gave", "alice", "x", "--weight", "1001"), "--weight: must be a number above 0"),
        (("add", "Bob", "--cadence", "99999999"), "--cadence: must be a whole number of days from 1 to 3650"),
        (("edit", "alice", "--cadence", "11y"), "--cadence: must be a whole number of days"),
        (("log", "alice", "-m", "x", "--mood", "7"), "--mood"),
    ],
)
def test_command_line_values_follow_the_same_rules(rmlog, args, message):
    rmlog("add", "Alice")
    before = dump(rmlog)
    assert message in rmlog.error(*args)
    assert dump(rmlog) == before


def test_a_json_import_keeps_what_the_record_does_not_mention(rmlog, tmp_path, exported):
    alice = exported["people"][0]
    slim = {key: alice[key] for key in ("uid", "name", "created_at", "circle")}
    import_json(rmlog, tmp_path, {"rmlog_export": 1, "people": [dict(slim, circle="inner")]})
    shown = rmlog.json("show", "alice")
    assert shown["circle"] == "inner"
    assert (shown["company"], shown["role"], shown["needs"], shown["notes"]) == ("Acme", "CTO", "hires", "kind")
    assert (shown["birthday"], shown["cadence_days"], shown["emails"]) == ("1990-05-01", 21, ["a@x.io"])


def test_an_older_export_does_not_overwrite_a_newer_edit(rmlog, tmp_path, exported, monkeypatch):
    monkeypatch.setenv("RMLOG_NOW", "2026-03-11T09:00:00")
    rmlog("edit", "alice", "--company", "Initech", "--email", "alice@initech.io")
    exported["people"][0]["emails"] = ["old@x.io"]
    import_json(rmlog, tmp_path, exported)
    shown = rmlog.json("show", "alice")
    assert shown["company"] == "Initech"
    assert shown["emails"] == ["a@x.io", "alice@initech.io", "old@x.io"]


def test_a_newer_export_wins_over_an_older_row(rmlog, tmp_path, exported):
    exported["people"][0]["company"] = "Globex"
    exported["people"][0]["updated_at"] = "2026-03-12T00:00:00+00:00"
    import_json(rmlog, tmp_path, exported)
    assert rmlog.json("show", "alice")["company"] == "Globex"


def test_an_import_that_moves_an_interaction_moves_last_contact(rmlog, tmp_path, exported):
    exported["interactions"][0]["occurred_at"] = "2026-03-09T10:00:00+00:00"
    exported["interactions"][0]["updated_at"] = "2026-03-10T08:00:00+00:00"
    import_json(rmlog, tmp_path, exported)
    shown = rmlog.json("show", "alice")
    assert shown["last_contact"] == "2026-03-09T11:00:00+01:00"
    assert shown["days_since"] == 1


def test_no_infinity_or_nan_reaches_a_json_document(rmlog):
    rmlog("add", "Alice")
    rmlog("gave", "alice", "intro")
    rmlog.sql("update exchange set weight = :inf", inf=float("inf"))  # written before weights were checked
    for args in (("balance",), ("show", "alice"), ("plan",)):
        text = rmlog(*args, "--json").stdout
        assert "Infinity" not in text and "NaN" not in text
        json.loads(text)


def test_a_json_record_may_leave_out_what_has_a_default(rmlog, tmp_path, exported):
    person = exported["people"][0]["uid"]
    import_json(rmlog, tmp_path, {
        "rmlog_export": 1,
        "interactions": [{"uid": "i-1", "occurred_at": "2026-03-09T10:00", "people": [person]}],
        "exchanges": [{"uid": "e-1", "person": person, "direction": "gave", "what": "a book",
                       "occurred_at": "2026-03-09T10:00"}],
        "commitments": [{"uid": "c-1", "person": person, "owner": "them", "what": "call back"}],
    })
    shown = rmlog.json("show", "alice")
    assert shown["recent_interactions"][0]["kind"] == "other"
    assert shown["recent_interactions"][0]["occurred_at"] == "2026-03-09T10:00:00+01:00"
    assert (shown["exchanges"][0]["kind"], shown["exchanges"][0]["weight"]) == ("other", 1.0)
    assert [c["what"] for c in shown["open_commitments"]] == ["deck", "call back"]
