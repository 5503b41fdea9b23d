"""Options shared by every command, and person-handle completion (stdlib sqlite3 only)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


def complete_person(ctx: typer.Context, incomplete: str) -> list[str]:
    """Handles starting with what was typed, read with sqlite3 (no SQLAlchemy: TAB stays fast)."""
    import sqlite3

    from rmlog.store.location import db_path

    path = db_path(ctx.params.get("db"))
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            rows = conn.execute(
                "SELECT handle FROM person WHERE handle LIKE ? ESCAPE '\\' "
                "AND archived_at IS NULL ORDER BY handle LIMIT 100",
                (incomplete.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [handle for (handle,) in rows]


class Circle(str, Enum):
    """How much you invest in a person."""

    inner = "inner"
    core = "core"
    network = "network"
    periphery = "periphery"


class Kind(str, Enum):
    """What kind of contact an interaction was."""

    meeting = "meeting"
    call = "call"
    message = "message"
    email = "email"
    meal = "meal"
    event = "event"
    other = "other"


class Initiator(str, Enum):
    """Who reached out."""

    me = "me"
    them = "them"
    unknown = "unknown"


Db = Annotated[
    Optional[Path],
    typer.Option(
        "--db",
        help="SQLite journal file [env RMLOG_DB; default: user data dir rmlog/rmlog.db].",
        dir_okay=False,
        show_default=False,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document for scripts.")]
PersonArg = Annotated[
    str, typer.Argument(help="Handle, name, alias or unique prefix.", autocompletion=complete_person)
]
