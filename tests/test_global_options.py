"""Global options (--db, --json) mean the same before the command as after it."""

from __future__ import annotations

import json
import os

import pytest

from rmlog import completion
from rmlog.invocation import hoisted
from tests.test_prompt import at, journal, run_main  # noqa: F401 (fixtures)


@pytest.mark.parametrize(
    "typed, parsed",
    [
        (["--db", "x", "due"], ["due", "--db", "x"]),
        (["--db=x", "--json", "show", "al"], ["show", "al", "--db=x", "--json"]),
        (["--json", "log", "al", "-m", "x", "--", "-dash"], ["log", "al", "-m", "x", "--json", "--", "-dash"]),
        (["contacts", "sync", "d", "--db", "x"], ["contacts", "sync", "d", "--db", "x"]),
        (["--db", "x", "contacts", "sync", "d"], ["contacts", "sync", "d", "--db", "x"]),
        (["--db", "x"], ["--db", "x"]),
        (["--db"], ["--db"]),
        (["--db", "x", "--help"], ["--db", "x", "--help"]),
        (["--version"], ["--version"]),
        ([], []),
    ],
)
def test_global_options_move_after_the_command(typed, parsed):
    assert hoisted(typed) == parsed
    assert hoisted(parsed) == parsed


@pytest.mark.sqlite_only
def test_db_before_the_command_opens_that_journal(rmlog, tmp_path):
    other = str(tmp_path / "other.db")
    rmlog("--db", other, "add", "Zed Other")
    rmlog("add", "Alice Main")
    assert [p["handle"] for p in rmlog.json("--db", other, "people")] == ["zed-other"]
    assert [p["handle"] for p in rmlog.json("people", "--db", other)] == ["zed-other"]
    shown = json.loads(rmlog("--json", "--db=" + other, "show", "zed").stdout)
    assert shown["handle"] == "zed-other"
    assert "no person 'zed'" in rmlog.error("show", "zed")  # the default journal has no Zed
    assert "No such option: --db" in rmlog.error("--db", other)


@pytest.mark.sqlite_only
def test_the_fast_paths_honour_db_before_the_command(journal, tmp_path):  # noqa: F811
    db = os.environ["RMLOG_DB"]
    journal("prompt")  # writes a fresh snapshot
    os.environ.pop("RMLOG_DB")
    try:
        result = run_main("--db", db, "prompt")
        assert (result.stdout, result.stderr) == ("↻1\n", "EXIT 0 []\n")
        result = run_main("--db", db, "due", "--quiet")
        assert (result.stdout, result.stderr) == ("", "EXIT 1 []\n")
    finally:
        os.environ["RMLOG_DB"] = db


@pytest.mark.sqlite_only
def test_tab_reads_the_journal_named_before_the_command(rmlog, tmp_path):
    other = str(tmp_path / "other.db")
    rmlog("--db", other, "add", "Alma Other")
    rmlog("add", "Alice Main")
    from tests.test_completion import run_main as complete

    result = complete({"_RMLOG_COMPLETE": "bash", "_RMLOG_COMPLETE_ARGS": f"rmlog --db {other} show al"})
    assert result.stdout == "alma-other\n"
    assert completion.handles(None, "al") == ["alice-main"]
