"""People CSV: header, quoting, formula neutralising, round trip, row and file errors."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from rmlog.errors import InputError
from rmlog.io.people_csv import PeopleCsvError, RowError, read_people_csv, write_people_csv
from rmlog.store.models import checked
from rmlog.store.shapes import PersonIn
from rmlog.store.transfer import CSV_COLUMNS as COLUMNS, CSV_LISTS

ALICE = {
    "uid": "0b6f1c1e-3f5e-4d0a-9a57-5d7f9f1d2c3b",
    "handle": "alice-smith",
    "name": "Alice Smith",
    "aliases": ["Ali", "A. Smith"],
    "emails": ["alice@example.com", "a@work.example"],
    "phones": ["+1 555 0100"],
    "company": "Acme, Inc.",
    "role": "CTO",
    "circle": "inner",
    "cadence_days": 14,
    "tags": ["family", "climbing"],
    "birthday": "--07-15",
    "how_met": "=HYPERLINK(\"http://evil\")",
    "needs": "-intro to investors",
    "offers": "@mentions and advice",
    "notes": "Line one\nLine \"two\", with comma",
    "created_at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    "archived_at": None,
    "id": 7,  # keys outside COLUMNS are ignored
}


def export(*records) -> str:
    out = io.StringIO(newline="")
    write_people_csv(iter(records), out, COLUMNS)
    return out.getvalue()


def import_(text: str):
    """Read as `rmlog import` does: the file's rows, each checked by the person model."""
    rows, errors = read_people_csv(io.StringIO(text, newline=""), COLUMNS, CSV_LISTS)
    records = []
    for line, cells in rows:
        try:
            records.append(checked(PersonIn, cells, f"line {line}"))
        except InputError as error:
            errors.append(RowError(line, str(error).removeprefix(f"line {line}: ")))
    return records, sorted(errors, key=lambda error: error.line)


def test_export_writes_the_documented_header_and_quotes_every_field():
    text = export(ALICE)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    assert text.splitlines()[0].startswith('"uid","handle","name"')
    row = dict(zip(COLUMNS, rows[1]))
    assert row["aliases"] == "Ali; A. Smith"
    assert row["cadence_days"] == "14"
    assert row["created_at"] == "2025-01-02T03:04:05+00:00"
    assert row["archived_at"] == ""


def test_export_neutralises_formula_cells():
    row = dict(zip(COLUMNS, list(csv.reader(io.StringIO(export(ALICE), newline="")))[1]))
    assert row["how_met"] == "'=HYPERLINK(\"http://evil\")"
    assert row["needs"] == "'-intro to investors"
    assert row["offers"] == "'@mentions and advice"
    assert row["phones"] == "'+1 555 0100"
    assert row["name"] == "Alice Smith"


def test_export_then_import_round_trips():
    records, errors = import_(export(ALICE))
    assert errors == []
    assert records == [
        PersonIn(
            name="Alice Smith", uid=ALICE["uid"], handle="alice-smith", aliases=["Ali", "A. Smith"],
            emails=["alice@example.com", "a@work.example"], phones=["+1 555 0100"],
            company="Acme, Inc.", role="CTO", circle="inner", cadence_days=14,
            tags=["family", "climbing"], birthday="--07-15", how_met=ALICE["how_met"],
            needs="-intro to investors", offers="@mentions and advice", notes=ALICE["notes"],
            created_at=ALICE["created_at"], archived_at=None,
        )
    ]


@pytest.mark.parametrize("value", ["'=already quoted", "''+twice", "it's fine", "'plain"])
def test_values_that_start_with_a_quote_round_trip(value):
    records, _ = import_(export({"name": "X", "notes": value}))
    assert records[0].notes == value


def test_only_name_is_required_and_columns_may_come_in_any_order():
    records, errors = import_("Tags,Name\nFriends; Book Club,Bob\n")
    assert errors == []
    assert records == [PersonIn(name="Bob", tags=["friends", "book-club"])]


def test_bad_rows_are_reported_with_their_file_line():
    text = (
        "name,circle,cadence_days,birthday,notes\n"
        "Good One,core,30,1980-02-29,\n"          # line 2
        ",core,,,\n"                              # line 3
        "Multi,network,,,\"spans\nthree\nlines\"\n"  # lines 4-6
        "Bad Circle,outer,,,\n"                   # line 7
        "\n"                                      # line 8: blank, skipped
        "Bad Cadence,,3w,,\n"                     # line 9
        "Bad Birthday,,,1981-02-29,\n"            # line 10
        "Too Many,,,,,extra\n"                    # line 11
    )
    records, errors = import_(text)
    assert [r.name for r in records] == ["Good One", "Multi"]
    assert records[1].notes == "spans\nthree\nlines"
    assert [(e.line, e.message.split()[0].rstrip(":")) for e in errors] == [
        (3, "name"), (7, "circle"), (9, "cadence_days"), (10, "birthday"), (11, "6"),
    ]
    assert "inner, core, network, periphery" in errors[1].message


@pytest.mark.parametrize("cadence", ["0", "-5", "1.5", "²"])
def test_cadence_must_be_a_positive_whole_number(cadence):
    _, errors = import_(f"name,cadence_days\nX,{cadence}\n")
    assert len(errors) == 1 and errors[0].line == 2


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("name,email\n", "unknown column"),
        ("uid,handle\n", "no 'name' column"),
        ("name,Name\n", "repeated column"),
        ("", "empty CSV file"),
    ],
)
def test_bad_header_rejects_the_whole_file(header, message):
    with pytest.raises(PeopleCsvError, match=message) as error:
        import_(header + "Alice,x\n" if header else header)
    assert error.value.exit_code == 2


def test_header_with_utf8_bom_is_accepted():
    records, errors = import_("\ufeffname,company\nZoë,Acme\n")
    assert errors == [] and records == [PersonIn(name="Zoë", company="Acme")]


def test_export_streams_rows_from_an_iterator():
    rows = ({"name": f"Person {i}", "tags": ["t"]} for i in range(1000))
    text = export(*rows)
    records, errors = import_(text)
    assert errors == [] and len(records) == 1000 and records[-1].name == "Person 999"
