"""What went each way: gave, got, and fixing them (edit-exchange, delete-exchange)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.app.documents import exchange_document
from rmlog.cli.options import WHEN_FORMS, Db, Json, PersonArg, What, Yes
from rmlog.errors import InputError
from rmlog.vocab import Direction, ExchangeKind


KindOpt = Annotated[ExchangeKind, typer.Option("--kind", "-k", help="Kind of value.")]

Weight = Annotated[
    float, typer.Option("--weight", min=0.01, help="How much it counted (default 1).")
]

When = Annotated[str, typer.Option("--when", "-w", help=f"When: {WHEN_FORMS}.")]


def gave(person: PersonArg, what: What, kind: KindOpt = ExchangeKind.other, weight: Weight = 1.0,
         when: When = "now", db: Db = None, json: Json = False) -> None:
    """Record something you gave someone (intro, advice, favor...).

    \b
    Example:
      rmlog gave alice "intro to Dan at Acme" --kind intro --weight 2
    """
    _exchange(person, "gave", what, kind, weight, when, db, json)


def got(person: PersonArg, what: What, kind: KindOpt = ExchangeKind.other, weight: Weight = 1.0,
        when: When = "now", db: Db = None, json: Json = False) -> None:
    """Record something someone gave you.

    \b
    Example:
      rmlog got bob "reviewed my pitch deck" --kind advice --when yesterday
    """
    _exchange(person, "received", what, kind, weight, when, db, json)


def _exchange(person, direction, what, kind, weight, when, db, json) -> None:
    from rmlog.clock import now
    from rmlog.dates import parse_when
    from rmlog.store.engine import open_store
    from rmlog.store.journal import add_exchange
    from rmlog.store.people import resolve_person

    moment = now()
    occurred_at = parse_when(when, moment)
    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        exchange = add_exchange(session, found, direction, what, occurred_at, moment,
                                kind=kind.value, weight=weight)
        session.flush()
    if json:
        render.emit_json(exchange_document(exchange, found.handle))
        return
    verb = "Gave" if direction == "gave" else "Received from"
    render.line(f"{verb} {render.inert(found.name)}: {render.inert(what)} ({kind.value}, #{exchange.id}).")


ExchangeId = Annotated[int, typer.Argument(min=1, max=2**62, help="Exchange number, as rmlog show lists it.")]


def edit_exchange(
    exchange_id: ExchangeId,
    what: Annotated[Optional[str], typer.Option("--what", help="What it was.")] = None,
    kind: Annotated[Optional[ExchangeKind], typer.Option("--kind", "-k", help="Kind of value.")] = None,
    weight: Annotated[Optional[float], typer.Option("--weight", help="How much it counted.")] = None,
    direction: Annotated[Optional[Direction], typer.Option("--direction", help="gave or received.")] = None,
    when: Annotated[Optional[str], typer.Option("--when", "-w", help=f"New time: {WHEN_FORMS}.")] = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """Fix a gave/got entry: what, kind, weight, direction or time.

    \b
    Example:
      rmlog edit-exchange 7 --weight 2 --kind intro
    """
    from rmlog.clock import now
    from rmlog.dates import parse_when
    from rmlog.store.engine import open_store
    from rmlog.store.ledger import edit_exchange as change

    fields = {"what": what, "kind": kind and kind.value, "weight": weight,
              "direction": direction and direction.value,
              "occurred_at": parse_when(when, now()) if when else None}
    fields = {name: value for name, value in fields.items() if value is not None}
    if not fields:
        raise InputError("nothing to change; give --what, --kind, --weight, --direction or --when")
    with open_store(db, write=True) as session:
        exchange, person = change(session, exchange_id, fields)
    if json:
        render.emit_json(exchange_document(exchange, person.handle))
        return
    render.line(f"Updated exchange #{exchange.id} ({exchange.direction}, {person.handle}): "
                f"{render.inert(exchange.what)}.")


def delete_exchange(
    exchange_id: ExchangeId,
    yes: Yes = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Delete a gave/got entry.

    \b
    Example:
      rmlog delete-exchange 7 --yes
    """
    from rmlog.cli.terminal import confirm_or_refuse
    from rmlog.store.engine import open_store
    from rmlog.store.ledger import get_exchange

    with open_store(db, write=True) as session:
        exchange, person = get_exchange(session, exchange_id)
        if not yes:
            confirm_or_refuse(f"Delete exchange #{exchange.id} ({exchange.what})?",
                              f"not deleting exchange #{exchange_id} without --yes (no terminal to confirm on)")
        session.delete(exchange)
    if json:
        render.emit_json({"deleted": {"exchange": exchange.id}})
        return
    render.line(f"Deleted exchange #{exchange.id} with {person.handle}. 'rmlog undo' brings it back.")


def register(app: typer.Typer) -> None:
    """Add the gave, got, edit-exchange, delete-exchange commands to the app."""
    for command in (gave, got, edit_exchange, delete_exchange,):
        app.command(command.__name__.replace("_", "-"))(command)
