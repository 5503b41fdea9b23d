"""store/tables.py, the Core tables the read paths use, is generated from the SQLModel classes
and equals their tables: same columns, types (the journal's own UTCDateTime and JSON
included), keys, constraints and indexes, down to the DDL on both dialects. A change to a
model fails here until `python -m rmlog.reference` regenerates the file."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from rmlog import reference
from rmlog.store import models, tables
from rmlog.store.fields import searchable

MODEL_TABLES = {name: value for name, value in vars(models).items() if isinstance(value, Table)}
DIALECTS = [sqlite.dialect(), postgresql.dialect()]


def test_the_generated_tables_are_current():
    assert (reference.ROOT / "src/rmlog/store/tables.py").read_text() == reference.tables_module(), (
        "src/rmlog/store/tables.py is stale: run python -m rmlog.reference"
    )


def test_every_model_table_is_generated_under_its_name():
    assert set(MODEL_TABLES) == {name for name, value in vars(tables).items() if isinstance(value, Table)}
    assert set(tables.metadata.tables) == {table.name for table in MODEL_TABLES.values()}
    assert "person" in MODEL_TABLES and "rmlog_migration" not in tables.metadata.tables


def _column(column) -> tuple:
    kind = type(column.type).__name__
    return (
        column.name, "String" if kind == "AutoString" else kind, getattr(column.type, "length", None),
        column.primary_key, column.nullable, bool(column.unique),
        sorted((key.target_fullname, key.ondelete) for key in column.foreign_keys),
    )


@pytest.mark.parametrize("name", sorted(MODEL_TABLES))
def test_a_generated_table_equals_the_models(name):
    model, core = MODEL_TABLES[name], getattr(tables, name)
    assert [_column(column) for column in core.columns] == [_column(column) for column in model.columns]
    assert {(index.name, tuple(index.columns.keys()), index.unique) for index in core.indexes} == {
        (index.name, tuple(index.columns.keys()), index.unique) for index in model.indexes
    }
    for dialect in DIALECTS:
        assert str(CreateTable(core).compile(dialect=dialect)) == str(CreateTable(model).compile(dialect=dialect))
        assert sorted(str(CreateIndex(index).compile(dialect=dialect)) for index in core.indexes) == sorted(
            str(CreateIndex(index).compile(dialect=dialect)) for index in model.indexes
        )


def test_the_journal_types_are_the_journal_types():
    assert type(tables.interaction.c.occurred_at.type) is type(models.interaction.c.occurred_at.type)
    assert type(tables.person.c.emails.type).__name__ == "JSON"
    assert tables.PERSON_SEARCHABLE == searchable(models.Person)


def test_a_generated_table_reads_what_a_model_wrote(rmlog):
    """Times come back aware UTC and lists as lists, through the Core table, on both backends."""
    from sqlalchemy import select

    from rmlog.store.engine import open_store

    rmlog("add", "Alice Smith", "--email", "a@example.com")
    rmlog("log", "alice", "-m", "coffee", "--when", "2026-03-09 14:00")
    with open_store() as session:
        emails, created = session.execute(select(tables.person.c.emails, tables.person.c.created_at)).one()
        occurred = session.execute(select(tables.interaction.c.occurred_at)).scalar_one()
    assert emails == ["a@example.com"] and created.utcoffset().total_seconds() == 0
    assert occurred.tzinfo is not None and occurred.utcoffset().total_seconds() == 0


READS = [["people"], ["due", "--all"], ["show", "alice"], ["balance"], ["review"], ["plan"], ["brief", "alice"],
         ["search", "coffee"], ["circles"], ["commitments"], ["interactions"]]


def test_reads_import_neither_the_models_nor_sqlmodel_nor_the_orm(rmlog):
    """The read commands select from the Core tables on a connection (open_reader): no SQLModel
    class is built, no ORM session. One fresh interpreter runs them all, one after the other,
    and then lists what it imported."""
    rmlog("add", "Alice Smith", "--tag", "friend")
    rmlog("log", "alice", "-m", "coffee and the deck")
    rmlog("promise", "alice", "send the deck", "--due", "tomorrow")
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from rmlog.cli import app\n"
        f"for argv in {READS!r}:\n"
        "    result = CliRunner().invoke(app, argv)\n"
        "    assert result.exit_code == 0 and result.stdout.strip(), (argv, result.stdout, result.stderr)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=os.environ)
    assert result.returncode == 0, result.stderr[-1000:]
    imported = set(result.stdout.split())
    assert "rmlog.store.tables" in imported
    assert not imported & {"sqlmodel", "rmlog.store.models", "sqlalchemy.orm"}
