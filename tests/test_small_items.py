"""Small defects of one attack run (issue 21, item 10), each held by a test: database URLs
rmlog cannot use, stored control characters on a terminal, CR-only calendars.
(A FIFO as the due snapshot: tests/test_prompt.py; the data dir of a kept note:
tests/test_editor.py; a rename's N: tests/io/test_vdir.py.)"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import termios
from pathlib import Path

import pytest

CALENDAR = Path(__file__).parent / "io" / "fixtures" / "calendar" / "google.ics"
HOSTILE = "Eve\x1b]0;pwned\x07 \u202eRLO\x7f\x1b[2J"


@pytest.mark.parametrize("url", ["://", "mysql://x/y", "http://x/y", "http://me:s3cret@x/y",
                                 "sqlite:///other.db", "postgresql+asyncpg://x/y"])
def test_sync_with_a_url_rmlog_cannot_use_is_one_line(rmlog, url):
    rmlog("add", "Alice")
    before = rmlog.snapshot()
    message = rmlog.error("sync", url)
    assert "write it as postgresql+psycopg://user@host/database" in message
    assert "s3cret" not in message
    assert rmlog.snapshot() == before


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", [["people"], ["add", "Alice"], ["doctor"], ["export"], ["sync", "other.db"]])
def test_a_garbage_database_url_in_the_environment_is_one_line(rmlog, monkeypatch, command):
    monkeypatch.setenv("RMLOG_DATABASE_URL", "garbage")
    assert "RMLOG_DATABASE_URL" in rmlog.error(*command)
    monkeypatch.setenv("RMLOG_DATABASE_URL", "mysql://root@x/rmlog")
    assert "mysql://root@x/rmlog is not a PostgreSQL URL" in rmlog.error(*command)


@pytest.mark.sqlite_only
def test_a_journal_on_postgresql_without_psycopg_installed_is_one_line(rmlog, monkeypatch):
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "psycopg"
                        else find_spec(name, *rest))
    monkeypatch.setenv("RMLOG_DATABASE_URL", "postgresql+psycopg://me@db.example/rmlog")
    assert "needs psycopg; install it: pip install 'rmlog[postgres]'" in rmlog.error("people")


def on_a_terminal(*argv: str) -> bytes:
    """What `python -m rmlog argv` writes to stdout when stdout is a terminal (a pty)."""
    primary, secondary = pty.openpty()
    attributes = termios.tcgetattr(secondary)
    attributes[1] &= ~termios.OPOST  # no \n -> \r\n translation: the bytes as written
    termios.tcsetattr(secondary, termios.TCSANOW, attributes)
    process = subprocess.Popen([sys.executable, "-m", "rmlog", *argv], stdout=secondary, stderr=subprocess.PIPE)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.wait(timeout=120) == 0, process.stderr.read()
    return b"".join(chunks)


@pytest.fixture
def hostile(rmlog, monkeypatch):
    monkeypatch.setenv("RMLOG_NOW", "2026-01-01T09:00")
    rmlog("add", HOSTILE, "--circle", "inner", "--notes", "line one\r\nline\rtwo")
    rmlog("promise", "eve-0-pwned-rlo", "the deck\x1b[2J", "--due", "2026-01-05")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00")  # both due now
    return rmlog


@pytest.mark.parametrize("format", ["csv", "ics", "json"])
def test_export_to_a_terminal_escapes_stored_control_characters(hostile, tmp_path, format):
    shown = on_a_terminal("export", "--format", format)
    for unsafe in (b"\x1b", b"\x07", b"\x7f", "\u202e".encode(), b"\x00"):
        assert unsafe not in shown, unsafe
    assert b"\n" in shown and b"line\rtwo" not in shown  # a lone CR would overwrite the line
    if format == "json":  # the same JSON: the escapes are JSON's own
        import json

        [person] = json.loads(shown)["people"]
        assert person["name"] == HOSTILE and person["notes"] == "line one\r\nline\rtwo"
    else:
        assert b"Eve\\x1b]0;pwned\\x07 \\u202eRLO\\x7f" in shown.replace(b"\\;", b";")
    if format == "csv":
        assert b"line one\r\nline\\rtwo" in shown  # the note's line break kept, its lone CR shown

    exported = tmp_path / f"out.{format}"
    hostile("export", "--format", format, "-o", str(exported))
    piped = hostile("export", "--format", format).stdout_bytes  # not a terminal: as stored
    data = exported.read_bytes()
    assert "\u202eRLO\x7f".encode() in data and (format == "json" or b"\x1b]0" in data)
    assert piped == data


def test_a_calendar_with_cr_only_line_ends_imports_like_the_crlf_one(rmlog, tmp_path):
    rmlog("add", "Dana Scully", "--email", "dana.scully@example.org")
    classic = tmp_path / "classic-mac.ics"
    classic.write_bytes(CALENDAR.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert b"\n" not in classic.read_bytes()
    expected = rmlog.json("import", str(CALENDAR), "--dry-run")
    found = rmlog.json("import", str(classic), "--dry-run")
    assert len(found["meetings"]) == len(expected["meetings"]) > 0
    assert found["meetings"] == expected["meetings"]
