"""A throwaway PostgreSQL server for the test session, started as the `postgres` user when root.

pytest-postgresql's process fixture runs pg_ctl as the current user inside pytest's 0700
temp dir, and PostgreSQL refuses to run as root, so under CI (root) it cannot start a
server. This does the same in a few lines: initdb into a temp dir owned by the server's
user, pg_ctl start on a free loopback port (unix socket in that dir), pg_ctl stop at the end.
Durability is off (fsync, synchronous_commit): the data lives for one test session.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DATABASE = "rmlog_test"


class Unavailable(Exception):
    """No server can be started here; the message says why and how to fix it."""


class Server:
    """A running server with one database; each test gets fresh schemas in it."""

    def __init__(self) -> None:
        try:
            import psycopg  # noqa: F401  (the driver rmlog[postgres] brings)
        except ImportError:
            raise Unavailable("psycopg is not installed: pip install -e '.[test]'") from None
        self.bindir = _bindir()
        self.prefix = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="rmlog-pg-"))
        self.port = _free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE}"
        self.dsn = self._dsn(DATABASE)
        self.admin = None
        self.templates: set[str] = set()
        try:
            self._start()
        except Exception:
            self.stop()
            raise

    def _start(self) -> None:
        if self.prefix:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        data = self.root / "data"
        self._run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync", "--no-instructions")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run("pg_ctl", "start", "-w", "-t", "30", "-s", "-D", data,
                  "-l", self.root / "server.log", "-o", options)
        import psycopg

        with psycopg.connect(self._dsn("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        self.admin = psycopg.connect(self.dsn, autocommit=True)

    def _dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"

    def _run(self, program: str, *args) -> None:
        command = [*self.prefix, str(self.bindir / program), *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            log = self.root / "server.log"
            detail = (result.stderr or result.stdout).strip().splitlines()
            if log.exists():
                detail += log.read_text(errors="replace").strip().splitlines()[-3:]
            raise Unavailable(f"{program} failed: {' / '.join(detail[-4:])}")

    def fresh_schema(self, name: str) -> str:
        """An empty schema for one journal (a few milliseconds); returns rmlog's URL for it."""
        self.drop_schema(name)
        self.admin.execute(f'CREATE SCHEMA "{name}"')
        return self.schema_url(name)

    def schema_url(self, name: str) -> str:
        """rmlog's URL for the journal in one schema."""
        return self.url if name == "public" else f"{self.url}?options=-csearch_path%3D{name}"

    def copy_of(self, template: str, fill, name: str) -> str:
        """rmlog's URL for database `name`, a fresh copy of database `template`, which
        fill(url) fills once per session. A copy costs tens of milliseconds."""
        if template not in self.templates:
            self._recreate(template)
            fill(self._database_url(template))
            self.templates.add(template)
        self._recreate(name, template)
        return self._database_url(name)

    def _recreate(self, name: str, template: str | None = None) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def _database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name

    def drop_schema(self, name: str) -> None:
        self.admin.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def stop(self) -> None:
        if self.admin is not None:
            self.admin.close()
        if (self.root / "data" / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-s", "-m", "immediate", "-D", self.root / "data")
        shutil.rmtree(self.root, ignore_errors=True)


def _bindir() -> Path:
    """Where initdb and pg_ctl are: pg_config --bindir, else Debian's versioned directories."""
    candidates = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(found.stdout.strip())
    newest_first = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                          key=lambda d: int(re.sub(r"\D", "", d) or 0), reverse=True)
    for directory in [*candidates, *newest_first]:
        if directory and all((Path(directory) / p).is_file() for p in ("initdb", "pg_ctl")):
            return Path(directory)
    raise Unavailable("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")


def _run_as() -> list[str]:
    """PostgreSQL refuses to run as root: then run its programs as the postgres user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise Unavailable("running as root and there is no 'postgres' user to run the server") from None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running as root and runuser is missing to start the server as 'postgres'")
    return [runuser, "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
