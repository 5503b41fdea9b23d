"""Whom to prioritise and what to offer them (plan)."""

from __future__ import annotations

from typing import Annotated

import typer

from rmlog.cli.options import MAX_LIMIT, Db, Fmt, Json


def plan(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="How many people.")] = 10,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Whom to prioritise, what they need, and what you could offer each.

    \b
    Example:
      rmlog plan --limit 5
    """
    from rmlog import present
    from rmlog.app.plan import plan as plan_view
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.store.engine import open_reader

    moment, settings = now(), load_practice()
    with open_reader(db) as session:
        view = plan_view(session, moment, settings, limit)
    present.show(view)


def register(app: typer.Typer) -> None:
    """Add the plan command to the app."""
    for command in (plan,):
        app.command(command.__name__.replace("_", "-"))(command)
