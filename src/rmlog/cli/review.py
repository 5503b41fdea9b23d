"""Reflection on a period (review), and the weekly ritual's entry (review --weekly)."""

from __future__ import annotations

from typing import Annotated

import typer

from rmlog import render
from rmlog.cli.options import SINCE_FORMS, Db, Fmt, Json


def review(
    since: Annotated[str, typer.Option("--since", help=f"Period: 30d, 2w, {SINCE_FORMS}.")] = "30d",
    weekly: Annotated[bool, typer.Option("--weekly", help="The weekly ritual: one key per item.")] = False,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Reflect on a period: contact, promises kept and broken, drift, balance, warning signs,
    relationships that cost you energy. --weekly walks you through this week's decisions.

    \b
    Example:
      rmlog review --since 30d
      rmlog review --weekly
    """
    if weekly:
        from rmlog.cli.weekly import weekly as ritual

        ritual(db, json)
        return
    from rmlog import present
    from rmlog.app.review import review as review_view
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.dates import parse_since
    from rmlog.store.engine import open_reader

    moment, config = now(), load_cadences()
    start = parse_since(since, moment)
    with open_reader(db) as session:
        view = review_view(session, moment, config, start, charts=render.output_format() != "json")
    present.show(view)


def register(app: typer.Typer) -> None:
    """Add the review command to the app."""
    for command in (review,):
        app.command(command.__name__.replace("_", "-"))(command)
