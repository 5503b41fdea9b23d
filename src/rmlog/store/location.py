"""Where the journal lives: RMLOG_DATABASE_URL, --db / RMLOG_DB, or the user data dir.

Stdlib only, so shell completion can find the file without importing SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    """rmlog/rmlog.db in the user data dir (XDG on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("rmlog", appauthor=False) / "rmlog.db"


def db_path(option: Path | None) -> Path:
    """The SQLite file to use: --db, else RMLOG_DB, else the default."""
    if option is not None:
        return Path(option).expanduser()
    env = os.environ.get("RMLOG_DB")
    return Path(env).expanduser() if env else default_db_path()


def database_url(option: Path | None) -> tuple[str, Path | None]:
    """SQLAlchemy URL and, for SQLite, the file path. --db wins over RMLOG_DATABASE_URL."""
    url = os.environ.get("RMLOG_DATABASE_URL")
    if url and option is None:
        return url, None
    path = db_path(option)
    return f"sqlite:///{path}", path
