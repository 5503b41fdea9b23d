"""rmlog show: one person's profile, contact status, balance, promises and history."""

from __future__ import annotations

import typer

from rmlog.cli.options import Db, Fmt, Json, PersonArg


def show(person: PersonArg, db: Db = None, json: Json = False,
    output: Fmt = None) -> None:
    """Show a profile: details, due status, balance, promises both ways, recent interactions.

    \b
    Example:
      rmlog show alice
      rmlog show alice --json | jq .open_commitments
    """
    from rmlog import present
    from rmlog.app.show import show as show_view
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.store.engine import open_reader
    from rmlog.store.queries import resolve_person_id

    moment, config = now(), load_cadences()
    with open_reader(db) as session:
        view = show_view(session, moment, config, resolve_person_id(session, person))
    present.show(view)


def register(app: typer.Typer) -> None:
    """Add the show command to the app."""
    app.command()(show)
