"""Putting someone out of due for a while (snooze, unsnooze)."""

from __future__ import annotations

from typing import Annotated

import typer

from rmlog import render
from rmlog.cli.options import DUE_FORMS, Db, Json, PersonArg
from rmlog.errors import InputError


def snooze(
    person: PersonArg,
    until: Annotated[str, typer.Option("--until", "-u", help=f"Until: 2w, {DUE_FORMS}.")],
    db: Db = None,
    json: Json = False,
) -> None:
    """Hide someone from due until a date.

    \b
    Example:
      rmlog snooze bob --until "in 3 weeks"
    """
    from rmlog.app.journal import snooze as snooze_person
    from rmlog.clock import now
    from rmlog.dates import is_duration, parse_due, parse_duration
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    moment = now()
    until_at = parse_due(f"in {parse_duration(until)} days" if is_duration(until) else until, moment)
    if until_at <= moment:
        raise InputError(f"--until {until!r} is not in the future")
    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        snooze_person(session, found, until_at)
    if json:
        render.emit_json({"handle": found.handle, "snoozed_until": render.iso(until_at)})
        return
    render.line(f"Snoozed {found.handle} until {render.local_date(until_at)}.")


def unsnooze(person: PersonArg, db: Db = None, json: Json = False) -> None:
    """Lift a snooze: they show in due again when they are due.

    \b
    Example:
      rmlog unsnooze bob
    """
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        if found.snoozed_until is None:
            raise InputError(f"{found.handle} is not snoozed")
        found.snoozed_until = None
    if json:
        render.emit_json({"handle": found.handle, "snoozed_until": None})
        return
    render.line(f"{found.handle} is no longer snoozed.")


def register(app: typer.Typer) -> None:
    """Add the snooze, unsnooze commands to the app."""
    for command in (snooze, unsnooze,):
        app.command(command.__name__.replace("_", "-"))(command)
