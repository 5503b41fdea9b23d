"""TAB completion without a shell: which word is a PERSON, reading handles, escaping answers.
Real bash, zsh and fish drive the same code in tests/test_shell.py."""

from __future__ import annotations

import os
import pprint
import sqlite3
import subprocess
import sys

import pytest
from rmlog import completion
from rmlog.cli import person_arguments, registered_names

HEAVY = {"sqlalchemy", "sqlmodel", "pydantic"}


def test_person_table_matches_the_app():
    table = person_arguments()
    assert table == completion.PERSON_ARGUMENTS, (
        "rmlog.completion.PERSON_ARGUMENTS is stale; replace it with:\n" + pprint.pformat(table, width=100)
    )
    assert {"show", "log", "gave", "delete"} <= set(table)
    assert table["log"][:2] == (0, -1)


def test_command_names_match_the_app():
    names = registered_names()
    assert list(completion.COMMANDS) == names, (
        "rmlog.completion.COMMANDS is stale; replace it with:\n" + pprint.pformat(tuple(names), width=100, compact=True)
    )


@pytest.mark.parametrize(
    "line, words, incomplete",
    [
        ("rmlog show al", ["show"], "al"),
        ("rmlog show ", ["show"], ""),
        ("rmlog sh", [], "sh"),
        ("rmlog ", [], ""),
        ("rmlog log 'ann b", ["log"], "ann b"),  # an unfinished quote counts as closed
        ("rmlog log al\\$", ["log"], "al$"),
    ],
)
def test_request_splits_the_line_up_to_the_cursor(line, words, incomplete):
    assert completion.request(line) == (words, incomplete)


@pytest.mark.parametrize(
    "line, person",
    [
        ("rmlog show a", True),
        ("rmlog show ", True),
        ("rmlog show alice ", False),  # show takes one PERSON
        ("rmlog show --json a", True),
        ("rmlog show --db /tmp/j.db a", True),
        ("rmlog show --db=/tmp/j.db a", True),
        ("rmlog show --db ", False),  # the value of --db
        ("rmlog show -", False),  # an option
        ("rmlog show -- -a", True),
        ("rmlog log alice bob c", True),  # log takes one or more
        ("rmlog log alice -m 'hi there' c", True),
        ("rmlog log alice -mhi c", True),
        ("rmlog log alice --new c", True),
        ("rmlog log alice --kind ", False),
        ("rmlog gave alice ", False),  # WHAT, not a PERSON
        ("rmlog delete -y a", True),
        ("rmlog people a", False),
        ("rmlog a", False),
        ("rmlog --db x show a", False),
    ],
)
def test_completes_person_finds_the_person_argument(line, person):
    assert completion.completes_person(*completion.request(line)) is person


def test_db_option_is_read_from_the_words():
    assert completion.db_option(["show", "--db", "/x/j.db"]) == "/x/j.db"
    assert completion.db_option(["show", "--db=/x/j.db"]) == "/x/j.db"
    assert completion.db_option(["show", "--db"]) is None


def test_journal_file_is_the_one_the_store_opens(monkeypatch, tmp_path):
    from pathlib import Path

    from rmlog.store.location import db_path

    monkeypatch.setenv("HOME", str(tmp_path))
    for option in (None, "~/other.db"):
        assert completion.journal_file(option) == str(db_path(None if option is None else Path(option)))
    monkeypatch.delenv("RMLOG_DB")
    assert completion.journal_file(None) == str(db_path(None))
    monkeypatch.setenv("RMLOG_DATABASE_URL", "postgresql://somewhere/rmlog")
    assert completion.journal_file(None) is None
    assert completion.journal_file("j.db") == "j.db"


@pytest.mark.sqlite_only
def test_handles_read_the_journal_read_only(rmlog, db_path, tmp_path, monkeypatch):
    rmlog("add", "Alice Smith")
    rmlog("add", "Albert King")
    rmlog("add", "Archie Old")
    rmlog("archive", "archie-old")
    assert completion.handles(None, "al") == ["albert-king", "alice-smith"]
    assert completion.handles(None, "al%") == []  # LIKE wildcards are literal
    assert completion.handles(None, "") == ["albert-king", "alice-smith"]
    odd = tmp_path / "a?b%20c.db"  # a path, never a URL
    with sqlite3.connect(db_path) as source, sqlite3.connect(odd) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    assert completion.handles(str(odd), "alb") == ["albert-king"]
    assert completion.handles(str(tmp_path / "missing.db"), "") == []
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    assert completion.handles(str(tmp_path / "junk.db"), "") == []
    monkeypatch.setenv("RMLOG_DATABASE_URL", "postgresql://somewhere/rmlog")
    assert completion.handles(None, "al") == []  # not a file sqlite3 can read


def test_render_escapes_for_bash_and_drops_what_cannot_be_shown():
    items = [("al$(x)", ""), ("a b'\"\\*~#", ""), ("zoë", ""), ("two\nlines", ""), ("\x1b]0;t\x07", ""),
             ("rtl\u202e", ""), ("", "")]
    assert completion.render("bash", items) == "al\\$\\(x\\)\na\\ b\\'\\\"\\\\\\*\\~\\#\nzoë\n"


def test_render_gives_zsh_and_fish_raw_values_with_one_line_help():
    items = [("al$(x)", ""), ("show", "Show a\nprofile\x1b[31m"), ("two\nlines", "x")]
    for shell in ("zsh", "fish"):
        assert completion.render(shell, items) == "al$(x)\nshow\tShow a profile [31m\n"


def run_main(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess:
    """Run rmlog.__main__ in a fresh interpreter; stderr ends with the heavy modules it loaded."""
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['rmlog', *{list(argv)!r}]\n"
        "try:\n    runpy.run_module('rmlog', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        f"print('HEAVY', sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(HEAVY)!r})), file=sys.stderr)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env})


@pytest.mark.parametrize("line", ["rmlog sh", "rmlog log --ki", "rmlog log bob --kind ", "rmlog completions "])
def test_command_and_option_completion_imports_no_database_layer_or_pydantic(line):
    result = run_main({"_RMLOG_COMPLETE": "bash", "_RMLOG_COMPLETE_ARGS": line})
    assert result.stdout, result.stderr
    assert result.stderr.endswith("HEAVY []\n"), result.stderr


@pytest.mark.postgres_only
def test_handles_on_postgres_are_read_with_psycopg(rmlog, monkeypatch):
    rmlog("add", "Alice Smith")
    rmlog("add", "Albert King")
    rmlog("add", "Archie Old")
    rmlog("archive", "archie-old")
    assert completion.handles(None, "al") == ["albert-king", "alice-smith"]
    assert completion.handles(None, "al_") == []  # LIKE wildcards are literal
    monkeypatch.setenv("RMLOG_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/rmlog")
    assert completion.handles(None, "al") == []  # a server that is down offers nothing, quietly
