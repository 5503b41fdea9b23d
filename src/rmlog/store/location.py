"""Where the journal lives: RMLOG_DATABASE_URL, --db / RMLOG_DB, or the user data dir.

Stdlib only, so shell completion can find the file without importing SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """rmlog/rmlog.db in the user data dir (XDG on Linux, see rmlog.paths)."""
    from rmlog.paths import user_dir

    return Path(user_dir("data")) / "rmlog.db"


def db_path(option: Path | None) -> Path:
    """The SQLite file to use: --db, else RMLOG_DB, else the default."""
    if option is not None:
        return Path(option).expanduser()
    env = os.environ.get("RMLOG_DB")
    return Path(env).expanduser() if env else default_db_path()


def database_url(option: Path | None) -> tuple[str | None, Path | None]:
    """(RMLOG_DATABASE_URL, None) for a server, else (None, the SQLite file's path): a path is
    never parsed as a URL, so '?' and '%' in it stay part of the name. --db wins."""
    url = os.environ.get("RMLOG_DATABASE_URL")
    if url and option is None:
        return url, None
    return None, db_path(option)
