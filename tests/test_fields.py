"""Fields declared once: every field the models export travels through JSON and CSV, a journal
migrated from the first schema equals a fresh one, and email addresses follow one rule."""

from __future__ import annotations

import json
import shutil
import typing
from datetime import datetime
from pathlib import Path

import pytest

from rmlog.store.fields import csv_columns, exported
from rmlog.store.models import CircleMove, Commitment, Exchange, Interaction, Person
from rmlog.store.transfer import LINKS

CALENDAR = Path(__file__).parent / "io" / "fixtures" / "calendar" / "google.ics"
MODELS = {"people": Person, "interactions": Interaction, "exchanges": Exchange, "commitments": Commitment,
          "moves": CircleMove}
SAMPLES = {
    "Person.handle": "sample-handle", "Person.circle": "inner", "Person.birthday": "1980-02-29",
    "Interaction.kind": "call", "Interaction.initiated_by": "them", "Interaction.sentiment": -1,
    "Exchange.direction": "received", "Exchange.kind": "advice", "Exchange.weight": 2.5,
    "Commitment.owner": "them", "Commitment.status": "done",
    "CircleMove.from_circle": "network", "CircleMove.to_circle": "core",
}
"""Values for the fields whose rules a made-up value would break (vocabularies, formats)."""


def sample(model, name: str, position: int):
    """A value the field accepts, different for every field: made from its type, unless SAMPLES
    has one. A new plain field (text, number, time, list) needs no entry here."""
    if f"{model.__name__}.{name}" in SAMPLES:
        return SAMPLES[f"{model.__name__}.{name}"]
    annotation = model.model_fields[name].annotation
    kinds = typing.get_args(annotation) or (annotation,)
    if datetime in kinds:
        return f"2025-01-{position + 1:02d}T0{position % 10}:04:05+00:00"
    if int in kinds:
        return 1 + position
    if typing.get_origin(annotation) is list:
        return [f"{name}-{position}@example.org"]
    return f"{name} {position} text"


def sample_document() -> dict:
    """One record per section with every exported field set, plus the links between them."""
    records = {section: {name: sample(model, name, i) for i, name in enumerate(exported(model))}
               for section, model in MODELS.items()}
    person, interaction = records["people"]["uid"], records["interactions"]["uid"]
    records["people"].update(aliases=["Sam"], tags=["sample"])
    records["interactions"]["people"] = [person]
    for section in ("exchanges", "commitments"):
        records[section].update(person=person, interaction=interaction)
    records["moves"]["person"] = person
    assert all(set(records[section]) == set(exported(model)) | set(LINKS[section])
               for section, model in MODELS.items())
    return {"rmlog_export": 1, **{section: [record] for section, record in records.items()}}


def exported_document(rmlog, path: Path) -> dict:
    rmlog("export", "-o", str(path))
    return json.loads(path.read_text())


def test_every_exported_field_round_trips_through_json(rmlog, backend, tmp_path):
    document = sample_document()
    (tmp_path / "sample.json").write_text(json.dumps(document))
    rmlog("import", str(tmp_path / "sample.json"))
    first = exported_document(rmlog, tmp_path / "first.json")
    backend.new_journal("restored")
    rmlog("import", str(tmp_path / "first.json"))
    second = exported_document(rmlog, tmp_path / "second.json")
    for section, model in MODELS.items():
        keys = (*exported(model), *LINKS[section])
        [given], [once], [twice] = document[section], first[section], second[section]
        assert {key: once[key] for key in keys} == {key: given[key] for key in keys}, section
        assert twice == once, section


def test_every_csv_field_round_trips_through_csv(rmlog, backend, tmp_path):
    document = sample_document()
    (tmp_path / "sample.json").write_text(json.dumps(document))
    rmlog("import", str(tmp_path / "sample.json"))
    rmlog("export", "--format", "csv", "-o", str(tmp_path / "people.csv"))
    backend.new_journal("from-csv")
    rmlog("import", str(tmp_path / "people.csv"))
    [person] = exported_document(rmlog, tmp_path / "back.json")["people"]
    [given] = document["people"]
    keys = (*csv_columns(Person), *LINKS["people"])
    assert "snoozed_until" in keys and "id" not in keys
    assert {key: person[key] for key in keys} == {key: given[key] for key in keys}


def test_a_restored_backup_then_the_same_calendar_adds_nothing(rmlog, backend, tmp_path):
    rmlog("config", "--me", "me@example.com")
    rmlog("add", "Dana Scully", "--email", "dana.scully@example.org")
    calendar = tmp_path / "cal.ics"
    shutil.copy(CALENDAR, calendar)
    assert rmlog.json("import", str(calendar))["added"]["interactions"] == 4  # Dana's weekly
    backup = exported_document(rmlog, tmp_path / "backup.json")
    sources = sorted(i["source"] for i in backup["interactions"])
    assert len(set(sources)) == 4 and all(sources)

    backend.new_journal("restored")
    rmlog("import", str(tmp_path / "backup.json"))
    assert sorted(i["source"] for i in exported_document(rmlog, tmp_path / "again.json")["interactions"]) == sources
    again = rmlog.json("import", str(calendar))
    assert again["added"] == {"interactions": 0, "people": 0}
    assert again["updated"] == {"interactions": 0} and again["unchanged"] == {"interactions": 4}
    assert len(rmlog.json("interactions")) == 4


def test_a_backup_meets_a_journal_that_imported_the_same_calendar_itself(rmlog, backend, tmp_path):
    """Another journal's uid for the same event is that event's interaction: no second one,
    and no clash on the journal's one-interaction-per-event rule."""
    rmlog("add", "Dana Scully", "--email", "dana.scully@example.org")
    calendar = tmp_path / "cal.ics"
    shutil.copy(CALENDAR, calendar)
    rmlog("import", str(calendar))
    exported_document(rmlog, tmp_path / "elsewhere.json")
    backend.new_journal("here")
    rmlog("import", str(tmp_path / "elsewhere.json"))  # the same people, uids and all
    rmlog.sql("update interaction set uid = 'local-' || uid")  # as if imported here on its own
    result = rmlog.json("import", str(tmp_path / "elsewhere.json"))
    assert result["added"] == {} and result["unchanged"]["interactions"] == 4
    assert len(rmlog.json("interactions")) == 4


def test_an_export_with_two_interactions_from_one_event_is_refused(rmlog, tmp_path):
    document = sample_document()
    twin = {**document["interactions"][0], "uid": "another-uid"}
    document["interactions"].append(twin)
    (tmp_path / "twins.json").write_text(json.dumps(document))
    rmlog("add", "Someone Else")
    before = rmlog.snapshot()
    message = rmlog.error("import", str(tmp_path / "twins.json"))
    assert "two interactions come from calendar event source" in message
    assert rmlog.snapshot() == before


# One schema, however the journal got it ------------------------------------------------------

SQLITE_SCHEMA = {
    "columns": "select m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk from sqlite_master m, "
               "pragma_table_info(m.name) p where m.type = 'table'",
    "foreign keys": "select m.name, f.\"from\", f.\"table\", f.\"to\", f.on_delete from sqlite_master m, "
                    "pragma_foreign_key_list(m.name) f where m.type = 'table'",
    "indexes": "select name, tbl_name, sql from sqlite_master where type = 'index'",
    "triggers": "select name, tbl_name, sql from sqlite_master where type = 'trigger'",
}
POSTGRES_SCHEMA = {
    "columns": "select table_name, column_name, data_type, is_nullable, column_default "
               "from information_schema.columns where table_schema = current_schema()",
    "foreign keys": "select conrelid::regclass::text, conname, pg_get_constraintdef(oid) from pg_constraint "
                    "where connamespace = current_schema()::regnamespace",
    "indexes": "select tablename, indexname, replace(indexdef, current_schema() || '.', '') from pg_indexes "
               "where schemaname = current_schema()",
    "triggers": "select trigger_name, event_object_table, event_manipulation, action_timing, action_statement "
                "from information_schema.triggers where trigger_schema = current_schema()",
    "functions": "select proname, prosrc from pg_proc where pronamespace = current_schema()::regnamespace",
}
FIRST_SCHEMA = {
    "person": ("id", "uid", "handle", "name", "company", "role", "circle", "cadence_days", "birthday", "how_met",
               "needs", "offers", "notes", "emails", "phones", "snoozed_until", "archived_at", "created_at"),
    "person_alias": ("person_id", "alias"),
    "person_tag": ("person_id", "tag"),
    "interaction": ("id", "uid", "occurred_at", "kind", "notes", "initiated_by", "sentiment", "created_at"),
    "interaction_person": ("interaction_id", "person_id", "occurred_at"),
    "exchange": ("id", "uid", "person_id", "interaction_id", "direction", "kind", "weight", "what", "occurred_at",
                 "created_at"),
    "commitment": ("id", "uid", "person_id", "interaction_id", "owner", "what", "due_at", "status", "done_at",
                   "created_at"),
}
FIRST_INDEXES = ("ix_person_circle", "ix_person_tag_tag", "ix_interaction_occurred_at",
                 "ix_interaction_person_person_time", "ix_exchange_person_time", "ix_commitment_status_due",
                 "ix_commitment_person")
"""What m001 made (history: it never changes). Everything else a journal has came from a later
migration, so a new migration is covered here with no edit."""


def schema(rmlog, backend) -> dict[str, set]:
    queries = POSTGRES_SCHEMA if backend.name == "postgres" else SQLITE_SCHEMA
    return {name: set(rmlog.sql(query)) for name, query in queries.items()}


def back_to_the_first_schema(rmlog, backend) -> None:
    """Undo what every migration after m001 made (the record of them stays, so that the next
    open does not migrate it yet): triggers, tables, indexes and columns m001 did not make."""
    postgres = backend.name == "postgres"
    if postgres:
        for name, table in {(n, t) for n, t, *_ in rmlog.sql(POSTGRES_SCHEMA["triggers"])}:
            rmlog.sql(f"drop trigger {name} on {table}")
        for (name,) in rmlog.sql("select proname from pg_proc where pronamespace = current_schema()::regnamespace "
                                 "and proname like 'rmlog%'"):
            rmlog.sql(f"drop function {name} cascade")  # with the generated columns that use it
    else:
        for (name,) in rmlog.sql("select name from sqlite_master where type = 'trigger'"):
            rmlog.sql(f"drop trigger {name}")
        for (name,) in rmlog.sql("select name from sqlite_master where sql like 'CREATE VIRTUAL TABLE%'"):
            rmlog.sql(f"drop table {name}")  # with its shadow tables
    columns = {(table, column) for table, column, *_ in schema(rmlog, backend)["columns"]}
    for table in sorted({table for table, _ in columns} - {*FIRST_SCHEMA, "rmlog_migration"}, reverse=True):
        rmlog.sql(f"drop table {table}{' cascade' if postgres else ''}")
    for index in {name for name, *_ in rmlog.sql(INDEX_NAMES[backend.name])} - set(FIRST_INDEXES):
        rmlog.sql(f"drop index {index}")
    for table, column in sorted(columns):
        if table in FIRST_SCHEMA and column not in FIRST_SCHEMA[table]:
            rmlog.sql(f"alter table {table} drop column {column}")
    if postgres:  # m008: time columns were naive UTC
        for table, column, _ in rmlog.sql(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = current_schema() and data_type = 'timestamp with time zone'"
        ):
            rmlog.sql(f'alter table {table} alter column "{column}" type timestamp using "{column}" at time zone \'UTC\'')


INDEX_NAMES = {
    "sqlite": "select name from sqlite_master where type = 'index' and name like 'ix\\_%' escape '\\'",
    "postgres": "select indexname from pg_indexes where schemaname = current_schema() and indexname like 'ix\\_%' escape '\\'",
}


def test_a_journal_migrated_from_the_first_schema_equals_a_fresh_one(rmlog, backend):
    rmlog("add", "Alice", "--email", "alice@example.org")
    fresh = schema(rmlog, backend)
    back_to_the_first_schema(rmlog, backend)
    first = schema(rmlog, backend)
    assert {name for name, *_ in first["columns"]} == {"person", "person_alias", "person_tag", "interaction",
                                                      "interaction_person", "exchange", "commitment",
                                                      "rmlog_migration"}
    assert first["triggers"] == set()
    rmlog.sql("delete from rmlog_migration where name <> 'm001_initial'")
    assert [p["handle"] for p in rmlog.json("people")] == ["alice"]  # opening it migrates it
    assert schema(rmlog, backend) == fresh
    rmlog("edit", "alice", "--cadence", "14d..30d")
    assert rmlog.json("show", "alice")["cadence_max_days"] == 30
    rmlog("undo")
    assert rmlog.json("show", "alice")["cadence_max_days"] is None


# One rule for email addresses, on every path --------------------------------------------------


def emails(rmlog, handle: str) -> list[str]:
    return rmlog.json("show", handle)["emails"]


def test_add_and_edit_keep_an_address_once_whatever_its_case(rmlog):
    rmlog("add", "Ann Lee", "--email", "ann@x.io", "--email", "ANN@X.io")
    assert emails(rmlog, "ann-lee") == ["ann@x.io"]
    rmlog("edit", "ann-lee", "--email", "ANN@X.io", "--email", "Ann.Work@Y.io", "--email", "ann.work@y.io")
    assert emails(rmlog, "ann-lee") == ["ann@x.io", "Ann.Work@Y.io"]


def test_csv_import_keeps_an_address_once_whatever_its_case(rmlog, tmp_path):
    rmlog("add", "Ann Lee", "--email", "ann@x.io")
    (tmp_path / "people.csv").write_text('name,emails\n"Ann Lee","ANN@X.IO; Other@X.io; other@x.io"\n'
                                         '"Bo Ng","bo@x.io; BO@x.io"\n')
    rmlog("import", str(tmp_path / "people.csv"))
    assert emails(rmlog, "ann-lee") == ["ann@x.io", "Other@X.io"]
    assert emails(rmlog, "bo-ng") == ["bo@x.io"]


def test_vcard_import_keeps_an_address_once_whatever_its_case(rmlog, tmp_path):
    rmlog("add", "Ann Lee", "--email", "ann@x.io")
    (tmp_path / "cards.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:Ann@X.io\r\nEMAIL:new@x.io\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Ng\r\nEMAIL:bo@x.io\r\nEMAIL:BO@X.IO\r\nEND:VCARD\r\n"
    )
    rmlog("import", str(tmp_path / "cards.vcf"))
    assert emails(rmlog, "ann-lee") == ["ann@x.io", "new@x.io"]
    assert emails(rmlog, "bo-ng") == ["bo@x.io"]


def test_contacts_sync_keeps_an_address_once_and_writes_no_case_change(rmlog, tmp_path):
    rmlog("add", "Ann Lee", "--email", "ann@x.io")
    book = tmp_path / "book"
    book.mkdir()
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ANN@X.IO\r\nEMAIL:Ann@x.io\r\nEND:VCARD\r\n"
    (book / "ann.vcf").write_text(card, newline="")
    result = rmlog.json("contacts", "sync", str(book), "--write")
    assert [c["rmlog_only"] for c in result["cards"]] == [[]]
    assert emails(rmlog, "ann-lee") == ["ann@x.io"]
    assert (book / "ann.vcf").read_bytes() == card.encode()
    rmlog("edit", "ann-lee", "--email", "ann@X.IO")
    assert rmlog.json("contacts", "sync", str(book))["unchanged"] == 1


def test_json_import_keeps_an_address_once_whatever_its_case(rmlog, backend, tmp_path):
    rmlog("add", "Ann Lee", "--email", "ann@x.io")
    document = exported_document(rmlog, tmp_path / "backup.json")
    document["people"][0]["emails"] = ["ANN@x.io", "Two@x.io", "two@X.io"]
    (tmp_path / "edited.json").write_text(json.dumps(document))
    rmlog("import", str(tmp_path / "edited.json"))
    assert emails(rmlog, "ann-lee") == ["ann@x.io", "Two@x.io"]
    backend.new_journal("fresh")
    rmlog("import", str(tmp_path / "edited.json"))
    assert emails(rmlog, "ann-lee") == ["ANN@x.io", "Two@x.io"]
