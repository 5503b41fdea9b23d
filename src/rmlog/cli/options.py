"""Options shared by every command, and the PERSON argument with its handle completion."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rmlog import render

MAX_ID = 2**63 - 1
"""The largest row id SQLite stores: a bigger number names nothing (and would overflow)."""
MAX_LIMIT = 100_000

WHEN_FORMS = "'yesterday 18:00', 9am, 'last fri 6pm', '2 hours ago', 'jan 15', '2026-03-04 15:00'"
DUE_FORMS = "'fri 5pm', 'tomorrow 9am', 'in 2 weeks', eow, eom, 'jan 15', 2026-03-04"
SINCE_FORMS = "'last fri', 'jan 1', 2026-01-01"
"""The date forms each kind of date option lists in its help (rmlog.dates has the grammar)."""


def complete_person(ctx: typer.Context, incomplete: str) -> list[str]:
    """Handles starting with what was typed. Marks an argument as a PERSON for TAB, which
    rmlog.__main__ answers through rmlog.completion before Typer is even imported."""
    from rmlog.completion import handles

    db = ctx.params.get("db")
    return handles(None if db is None else str(db), incomplete)


Db = Annotated[
    Optional[Path],
    typer.Option(
        "--db",
        help="SQLite journal file [env RMLOG_DB; default: user data dir rmlog/rmlog.db].",
        dir_okay=False,
        show_default=False,
    ),
]
def _json_or_format(value: bool) -> bool:
    """--json, or --format json (--format is eager: it is read before every other option).
    --json chooses the JSON format, as --format json does (rmlog.present.show reads it)."""
    if value:
        render.use_format("json")
    return value or render.output_format() == "json"


TableFormat = Enum("TableFormat", [(name, name) for name in render.FORMATS], type=str)
"""How a one-table view can be printed: every format rmlog.render draws."""
Format = Enum("Format", [(name, name) for name in render.FORMATS if name != "csv"], type=str)
"""How any other view can be printed: CSV holds one table only."""


def _choose_format(value: Format | TableFormat | None) -> Format | TableFormat | None:
    """The one output switch: how rmlog.render draws every view of this command."""
    render.use_format(value.value if value else "text")
    return value


_FORMAT_HELP = "Print the view as text (the default), json (= --json) or markdown"
Fmt = Annotated[
    Optional[Format],
    typer.Option("--format", help=_FORMAT_HELP + ".", is_eager=True, callback=_choose_format, show_default=False),
]
"""--format for a read command; the command itself never looks at it (rmlog.render does)."""
TableFmt = Annotated[
    Optional[TableFormat],
    typer.Option("--format", help=_FORMAT_HELP + ", or csv.", is_eager=True, callback=_choose_format,
                 show_default=False),
]
"""--format for a read command whose view is one table: csv too."""


What = Annotated[str, typer.Argument(help="What it was, e.g. \"intro to Dan\".")]
"""What was given, received or promised."""

Json = Annotated[
    bool, typer.Option("--json", help="Print one JSON document for scripts (= --format json).", callback=_json_or_format)
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
"""Skip the confirmation of a command that deletes or merges."""
PersonArg = Annotated[
    str, typer.Argument(help="Handle, name, alias or unique prefix.", autocompletion=complete_person)
]
