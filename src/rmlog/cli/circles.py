"""The practice: circles against their capacity with suggested moves, and moving someone."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Db, Fmt, Json, PersonArg
from rmlog.vocab import Circle


def circles(db: Db = None, json: Json = False,
    output: Fmt = None) -> None:
    """Each circle's size against its capacity, who doesn't fit their circle's rhythm, and moves.

    \b
    Example:
      rmlog circles
      rmlog move bob core --why "we meet every week now"
    """
    from rmlog import present
    from rmlog.app.circles import circles as circles_view
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.store.engine import open_reader

    moment, settings = now(), load_practice()
    with open_reader(db) as session:
        view = circles_view(session, moment, settings)
    present.show(view)


def move(
    person: PersonArg,
    circle: Annotated[Circle, typer.Argument(help="The circle to move them to.")],
    why: Annotated[Optional[str], typer.Option("--why", help="Your reason, kept with the move.")] = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """Move someone to another circle and record why (undo reverts it; show lists moves).

    \b
    Example:
      rmlog move bob core --why "9 meetings in 60 days"
      rmlog move carol periphery --why "we drifted apart"
    """
    from rmlog.app.journal import move as move_person
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        moved = move_person(session, found, circle.value, why, now())
    if json:
        render.emit_json({"handle": found.handle, "from": moved.from_circle, "to": moved.to_circle,
                          "why": moved.why, "at": render.iso(moved.at)})
        return
    render.line(f"Moved {render.inert(found.handle)} from {moved.from_circle} to {moved.to_circle}.")


def register(app: typer.Typer) -> None:
    """Add circles and move to the app."""
    app.command()(circles)
    app.command()(move)
