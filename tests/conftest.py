"""Every test gets its own journal, data dirs, a pinned clock and a fixed time zone."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

NOW = "2026-03-10T09:00:00"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test touches real user data, a real clock, the machine's time zone, or the folder it
    was started in (relative paths land in tmp_path)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RMLOG_DB", str(tmp_path / "journal.db"))
    monkeypatch.setenv("RMLOG_NOW", NOW)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("RMLOG_DATABASE_URL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


class Rmlog:
    """Runs rmlog in-process through Typer's CliRunner."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0, env: dict | None = None):
        from rmlog.cli import app

        result = self.runner.invoke(app, list(args), input=input, env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)

    def error(self, *args: str, code: int = 2) -> str:
        """Run a command expected to fail; return its one stderr line."""
        result = self(*args, code=code)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("rmlog: error: "), result.stderr
        assert "Traceback" not in result.stderr
        return lines[0]


@pytest.fixture
def rmlog() -> Rmlog:
    """Call rmlog like a user: rmlog('add', 'Alice Smith')."""
    return Rmlog()


@pytest.fixture
def db_path(tmp_path):
    """The journal file the autouse fixture points RMLOG_DB at."""
    return tmp_path / "journal.db"



@pytest.fixture
def shared_vdir():
    """tests.shared_data.shared_vdir: shared_vdir(folder) writes the real cards there, one a file."""
    from tests.shared_data import shared_vdir

    return shared_vdir
