"""Every test gets its own journal, data dirs, a pinned clock and a fixed time zone.

Tests that use the `rmlog` fixture run twice, on SQLite and on PostgreSQL (one server per
session, see tests/postgres.py; a fresh schema per test). Without a server the PostgreSQL
half is skipped with the reason; under CI (CI=true) that fails the run instead.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.postgres import Server, Unavailable

NOW = "2026-03-10T09:00:00"
BACKENDS = ["sqlite", "postgres"]


def pytest_xdist_auto_num_workers(config):
    """-n auto: one worker more than the cores, since many tests wait on a subprocess or on the
    PostgreSQL server (on 2 cores, 3 workers finish the suite ~6 % sooner than 2)."""
    return (os.cpu_count() or 1) + 1


def pytest_generate_tests(metafunc):
    """Every test that uses a journal runs on both backends unless marked for one of them."""
    if "backend" not in metafunc.fixturenames or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    only = metafunc.definition.get_closest_marker("postgres_only")
    metafunc.parametrize("backend", ["postgres"] if only else BACKENDS, indirect=True)


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


_server: Server | Unavailable | None = None  # started for the first PostgreSQL test


def postgres_server() -> Server | Unavailable:
    """The session's server, started on first use, or the reason there is none."""
    global _server
    if _server is None:
        try:
            _server = Server()
        except Unavailable as why:
            _server = why
    return _server


def pytest_runtest_setup(item):
    """Skip the PostgreSQL half with the reason (one summary line), or fail under CI."""
    callspec = getattr(item, "callspec", None)
    if callspec is None or callspec.params.get("backend") != "postgres":
        return
    server = postgres_server()
    if not isinstance(server, Unavailable):
        return
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.exit(f"CI=true needs PostgreSQL, but it cannot start: {server}", returncode=1)
    pytest.skip(f"PostgreSQL half skipped: {server}")


def pytest_sessionfinish(session):
    if isinstance(_server, Server):
        _server.stop()


_built: dict[str, Path] = {}  # this worker's SQLite journals built by Backend.built, by key


class Backend:
    """Where this test's journals live; new_journal switches rmlog to another, empty one."""

    def __init__(self, name: str, monkeypatch, tmp_path, server: Server | None = None, keep: Path | None = None):
        self.name = name
        self.server = server
        self._monkeypatch = monkeypatch
        self._tmp_path = tmp_path
        self._keep = keep
        self.schemas: list[str] = []

    def built(self, key: str, build: Callable[[], None]) -> None:
        """Point rmlog at a copy of the journal build() writes, so a fixture that runs many
        commands runs them once per worker and backend, not once per test. build must depend
        on nothing that differs between the tests sharing key. SQLite: the file is copied to
        RMLOG_DB; PostgreSQL: a database is copied from one build() filled (Server.copy_of)."""
        if self.server is not None:
            def fill(url: str) -> None:
                self._monkeypatch.setenv("RMLOG_DATABASE_URL", url)
                build()

            self._monkeypatch.setenv("RMLOG_DATABASE_URL", self.server.copy_of(key, fill, f"{key}_copy"))
            return
        journal = Path(os.environ["RMLOG_DB"])
        if key in _built:
            shutil.copy(_built[key], journal)
            return
        build()
        _built[key] = shutil.copy(journal, self._keep / f"{key}.db")

    def new_journal(self, name: str) -> None:
        if self.server is None:
            self._monkeypatch.setenv("RMLOG_DB", str(self._tmp_path / f"{name}.db"))
            return
        self.schemas.append(name)
        self._monkeypatch.setenv("RMLOG_DATABASE_URL", self.server.fresh_schema(name))


@pytest.fixture
def backend(request, monkeypatch, tmp_path, tmp_path_factory):
    """The store under test: SQLite (the default) or a fresh schema on the session's server."""
    name = getattr(request, "param", "sqlite")
    if name == "sqlite":
        yield Backend(name, monkeypatch, tmp_path, keep=tmp_path_factory.getbasetemp())
        return
    server = postgres_server()
    monkeypatch.setenv("RMLOG_DATABASE_URL", server.fresh_schema("public"))
    state = Backend(name, monkeypatch, tmp_path, server)
    yield state
    for schema in state.schemas:
        server.drop_schema(schema)


class Rmlog:
    """Runs rmlog in-process through Typer's CliRunner."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0, env: dict | None = None):
        from rmlog.__main__ import only_invoked_command
        from rmlog.cli import ALL_COMMANDS, app

        only_invoked_command(app, list(args))  # as the console script does: build one command
        try:
            result = self.runner.invoke(app, list(args), input=input, env=env)
        finally:
            app.registered_commands = list(ALL_COMMANDS)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)

    def sql(self, query: str, **params) -> list[tuple]:
        """Run raw SQL on the current journal, whichever backend it is on; returns the rows."""
        from sqlalchemy import text

        from rmlog.store.engine import open_store

        with open_store() as session:  # not a command: no operation is recorded for undo
            result = session.execute(text(query), params)
            return [tuple(row) for row in result] if result.returns_rows else []

    def snapshot(self):
        """Everything stored, to show that a command changed nothing: the journal file's bytes
        on SQLite, every table's rows on PostgreSQL."""
        if not os.environ.get("RMLOG_DATABASE_URL"):
            return Path(os.environ["RMLOG_DB"]).read_bytes()
        tables = self.sql("select tablename from pg_tables where schemaname = current_schema() order by 1")
        return [(table, self.sql(f"select * from {table} order by 1")) for (table,) in tables]

    def error(self, *args: str, code: int = 2) -> str:
        """Run a command expected to fail; return its one stderr line."""
        result = self(*args, code=code)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("rmlog: error: "), result.stderr
        assert "Traceback" not in result.stderr
        return lines[0]


@pytest.fixture
def rmlog(backend) -> Rmlog:
    """Call rmlog like a user: rmlog('add', 'Alice Smith'), on each backend in turn."""
    return Rmlog()


@pytest.fixture
def known(rmlog, monkeypatch):
    """The journal an import finds: Dana (inner) and Eve (core), added in January with their
    addresses; my own address set; now is March 10."""
    rmlog("config", "--me", "Me@Example.com")
    monkeypatch.setenv("RMLOG_NOW", "2026-01-01T09:00")
    rmlog("add", "Dana Scully", "--circle", "inner", "--email", "DANA.Scully@example.org")
    rmlog("add", "Eve", "--circle", "core", "--email", "eve@example.org")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00")
    return rmlog


@pytest.fixture
def db_path(tmp_path, backend):
    """The journal file the autouse fixture points RMLOG_DB at (SQLite-only tests)."""
    assert backend.name == "sqlite", "a test that reads the journal file is @pytest.mark.sqlite_only"
    return tmp_path / "journal.db"



@pytest.fixture
def shared_vdir():
    """tests.shared_data.shared_vdir: shared_vdir(folder) writes the real cards there, one a file."""
    from tests.shared_data import shared_vdir

    return shared_vdir
