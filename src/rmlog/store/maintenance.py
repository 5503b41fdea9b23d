"""Backup and health checks on the SQLite file, with the stdlib sqlite3 module only.

Both must work on a journal the ORM cannot open (locked by a writer, corrupt, newer).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from rmlog.errors import InputError, StoreError
from rmlog.store.migrations import names as known_migrations


def backup(source: Path, target: Path) -> int:
    """Copy a live journal with SQLite's online backup API; returns the pages copied."""
    if not source.is_file():
        raise StoreError(f"no journal at {source}; nothing to back up")
    if target.exists():
        raise InputError(f"{target} exists; choose another -o or remove it first")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror}; choose another -o") from None
    return snapshot(source, target)


def snapshot(source: Path, target: Path) -> int:
    """Copy a live journal (what its WAL holds included) to target through SQLite's online
    backup API: into a user-only temp file beside it, checked with quick_check, fsynced, then
    renamed, so target is complete or absent. Returns the pages copied."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        with closing(_connect(source, read_only=True)) as src, closing(_connect(temp)) as dst:
            src.backup(dst)
            pages = dst.execute("pragma page_count").fetchone()[0]
            problems = [row[0] for row in dst.execute("pragma quick_check")]
        if problems != ["ok"]:
            raise StoreError(
                f"the copy of {source} fails its integrity check ({' '.join(problems[0].split())}); "
                "the journal is damaged: run 'rmlog doctor' and restore an older backup"
            )
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
        return pages
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror}; choose another place") from None
    except sqlite3.Error as error:
        raise StoreError(f"backup of {source} failed: {error}; run 'rmlog doctor'") from None
    finally:
        temp.unlink(missing_ok=True)


@dataclass
class Check:
    """One doctor finding."""

    name: str
    ok: bool
    detail: str


def diagnose(path: Path) -> list[Check]:
    """Integrity, foreign keys, schema version, journal mode and permissions of a journal."""
    if not path.is_file():
        return [Check("file", False, f"no journal at {path}; it is created on first use")]
    checks = [_permissions(path)]
    try:
        with _connect(path, read_only=True) as conn:
            checks.append(_integrity(conn))
            checks.append(_foreign_keys(conn))
            checks.append(_schema(conn))
            mode = conn.execute("pragma journal_mode").fetchone()[0]
            checks.append(Check("journal mode", mode == "wal", mode))
        if checks[-2].ok:  # the schema is one this rmlog knows
            checks.append(_search_index(path))
            checks.append(_last_contact(path))
    except sqlite3.DatabaseError as error:
        checks.append(Check("database", False, f"{error}; restore a backup"))
    return checks


def _search_index(path: Path) -> Check:
    """The full-text index against the journal's rows (store/fulltext.py). FTS5 checks through
    an INSERT that writes nothing, so this one check opens the file for writing."""
    from rmlog.store.fulltext import check

    with closing(_connect(path)) as conn:
        try:
            problem = check(lambda sql: conn.execute(sql).fetchall(), postgres=False)
        finally:
            conn.rollback()
    return derived_check("search index", problem)


def _last_contact(path: Path) -> Check:
    """Each person's kept last contact against their links (store/last_contact.py)."""
    from rmlog.store import last_contact

    with closing(_connect(path, read_only=True)) as conn:
        return derived_check("last contact", last_contact.check(lambda sql: conn.execute(sql).fetchall(), postgres=False))


def derived_check(name: str, problem: str | None) -> Check:
    """The doctor's line for what the database derives from the journal (the search index,
    the last contacts), on either backend: what is wrong and the fix, or ok."""
    return Check(name, problem is None, f"{problem}; rmlog doctor --rebuild" if problem else "ok")


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    return sqlite3.connect(uri, uri=read_only, timeout=10)


def _permissions(path: Path) -> Check:
    mode = stat.S_IMODE(path.stat().st_mode)
    private = not mode & 0o077
    detail = f"{mode:o}" + ("" if private else f"; others can read it: chmod 600 {path}")
    return Check("permissions", private, detail)


def _integrity(conn: sqlite3.Connection) -> Check:
    problems = [row[0] for row in conn.execute("pragma integrity_check")]
    return Check("integrity", problems == ["ok"], "; ".join(problems[:3]))


def _foreign_keys(conn: sqlite3.Connection) -> Check:
    broken = conn.execute("pragma foreign_key_check").fetchall()
    return Check("foreign keys", not broken, f"{len(broken)} dangling references" if broken else "ok")


def _schema(conn: sqlite3.Connection) -> Check:
    known = known_migrations()
    try:
        applied = [row[0] for row in conn.execute("select name from rmlog_migration")]
    except sqlite3.OperationalError:
        return Check("schema", False, "no schema version recorded: not an rmlog journal")
    unknown = [name for name in applied if name not in known]
    if unknown:
        return Check("schema", False, f"version {len(applied)} is newer than this rmlog ({len(known)}): upgrade")
    return Check("schema", True, f"version {len(applied)} of {len(known)}")
