"""Where rmlog's files are, found with the standard library only (no pathlib, no platformdirs
on Linux): the fast paths (TAB, prompt) pay for every import.

The answers equal rmlog.store.location.db_path and rmlog.config.config_path (a test says so);
where they could differ (a relative HOME), a fast path finds nothing and the full program answers.
"""

from __future__ import annotations

import os
import sys

_XDG = {"data": ("XDG_DATA_HOME", "~/.local/share"), "config": ("XDG_CONFIG_HOME", "~/.config"),
        "cache": ("XDG_CACHE_HOME", "~/.cache")}


def user_dir(kind: str) -> str:
    """platformdirs' user_{kind}_dir("rmlog") for kind data, config or cache: the XDG rule on
    Linux, platformdirs itself elsewhere."""
    if sys.platform.startswith("linux") and os.environ.get("ANDROID_DATA") != "/data":
        variable, fallback = _XDG[kind]
        base = os.environ.get(variable, "")
        return os.path.join(base if os.path.isabs(base) else os.path.expanduser(fallback), "rmlog")
    import platformdirs

    return getattr(platformdirs, f"user_{kind}_dir")("rmlog", appauthor=False)


def make_private_dir(folder: str | os.PathLike) -> None:
    """Create folder and whichever of its parents are missing user-only (0700), as the XDG
    base directory spec asks (mkdir(parents=True) gives the parents 0755); folders that exist
    are left as they are. OSError when one cannot be made."""
    missing, path = [], os.path.abspath(folder)
    while not os.path.isdir(path) and os.path.dirname(path) != path:
        missing.append(path)
        path = os.path.dirname(path)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            if not os.path.isdir(path):
                raise


def journal_file(db: str | None) -> str | None:
    """The SQLite file the store opens (--db, RMLOG_DB, the default); None for a
    RMLOG_DATABASE_URL journal (--db wins over it)."""
    if db is None and os.environ.get("RMLOG_DATABASE_URL"):
        return None
    given = db or os.environ.get("RMLOG_DB")
    if given:
        return os.path.expanduser(given)
    return os.path.join(user_dir("data"), "rmlog.db")


def config_file() -> str:
    """RMLOG_CONFIG, else rmlog/config.toml in the user config dir."""
    given = os.environ.get("RMLOG_CONFIG")
    return os.path.expanduser(given) if given else os.path.join(user_dir("config"), "config.toml")
