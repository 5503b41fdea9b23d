"""Give and take per person (balance)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog.app.balance import BALANCE_WINDOW
from rmlog.cli.options import SINCE_FORMS, Db, Json, TableFmt


def balance(
    person: Annotated[Optional[str], typer.Argument(help="Only this person.")] = None,
    since: Annotated[str, typer.Option("--since", help=f"Window: 90d, 1y, {SINCE_FORMS}.")] = BALANCE_WINDOW,
    one_sided: Annotated[bool, typer.Option("--one-sided", help="Only flagged relationships.")] = False,
    everyone_shown: Annotated[bool, typer.Option("--all", "-a", help="Also people with nothing given or received.")] = False,
    db: Db = None,
    json: Json = False,
    output: TableFmt = None,
) -> None:
    """Give and take per person, flagging one-sided relationships both ways.

    People with nothing given or received (and no flag) are left out unless --all;
    --json lists everyone.

    \b
    Example:
      rmlog balance --one-sided
      rmlog balance --all
      rmlog balance alice --since 90d
    """
    from rmlog import present
    from rmlog.app.balance import balance as balance_view
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.store.engine import open_reader

    start = parse_since(since, now())
    with open_reader(db) as session:
        view = balance_view(session, start, person, one_sided, everyone_shown)
    present.show(view)


def register(app: typer.Typer) -> None:
    """Add the balance command to the app."""
    for command in (balance,):
        app.command(command.__name__.replace("_", "-"))(command)
