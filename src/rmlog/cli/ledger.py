"""Give and take, promises and snoozes: gave, got, promise, done, drop, commitments, snooze."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Db, Json, PersonArg
from rmlog.errors import InputError


class ExchangeKind(str, Enum):
    """What kind of value changed hands."""

    intro = "intro"
    advice = "advice"
    favor = "favor"
    referral = "referral"
    gift = "gift"
    time = "time"
    other = "other"


What = Annotated[str, typer.Argument(help="What it was, e.g. \"intro to Dan\".")]
KindOpt = Annotated[ExchangeKind, typer.Option("--kind", "-k", help="Kind of value.")]
Weight = Annotated[
    float, typer.Option("--weight", min=0.01, help="How much it counted (default 1).")
]
When = Annotated[str, typer.Option("--when", "-w", help="When: yesterday, tue, 2026-03-04.")]
CommitmentId = Annotated[int, typer.Argument(help="Commitment number, as shown by rmlog commitments.")]


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


def exchange_document(exchange, handle: str) -> dict:
    """An exchange as JSON."""
    from rmlog.store.models import ExchangeOut, shown

    return shown(ExchangeOut, exchange, person=handle)


def promise(
    person: PersonArg,
    what: What,
    due: Annotated[Optional[str], typer.Option("--due", "-d", help="Due: fri, 'in 2 weeks', 2026-03-04.")] = None,
    theirs: Annotated[bool, typer.Option("--theirs", help="They promised it to you.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Record a promise: yours to them, or with --theirs, theirs to you.

    \b
    Example:
      rmlog promise alice "send the deck" --due fri
      rmlog promise bob "intro to his CFO" --theirs
    """
    from rmlog.clock import now
    from rmlog.dates import parse_due
    from rmlog.store.engine import open_store
    from rmlog.store.journal import add_commitment
    from rmlog.store.people import resolve_person

    moment = now()
    due_at = parse_due(due, moment) if due else None
    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        commitment = add_commitment(session, found, "them" if theirs else "me", what, moment, due_at)
        session.flush()
    if json:
        render.emit_json(commitment_document(commitment, found))
        return
    whose = f"{render.inert(found.name)} promised you" if theirs else f"You promised {render.inert(found.name)}"
    due_text = f", due {render.local_date(due_at)}" if due_at else ""
    render.line(f"#{commitment.id} {whose}: {render.inert(what)}{due_text}.")


def done(commitment_id: CommitmentId, db: Db = None, json: Json = False) -> None:
    """Mark a commitment kept.

    \b
    Example:
      rmlog done 12
    """
    _resolve(commitment_id, "done", db, json)


def drop(commitment_id: CommitmentId, db: Db = None, json: Json = False) -> None:
    """Drop a commitment that will not happen (counts as not kept).

    \b
    Example:
      rmlog drop 12
    """
    _resolve(commitment_id, "dropped", db, json)


def _resolve(commitment_id: int, status: str, db, json: bool) -> None:
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.ledger import resolve_commitment

    with open_store(db, write=True) as session:
        commitment, person = resolve_commitment(session, commitment_id, status, now())
    if json:
        render.emit_json(commitment_document(commitment, person))
        return
    render.line(f"#{commitment.id} {status}: {render.inert(commitment.what)} ({person.handle}).")


def commitment_document(commitment, person) -> dict:
    """A commitment as JSON."""
    from rmlog.clock import now
    from rmlog.reports.days import is_late
    from rmlog.store.models import CommitmentOut, shown

    moment = now()
    late = commitment.status == "open" and bool(commitment.due_at) and is_late(moment, commitment.due_at, moment)
    return shown(CommitmentOut, commitment, person=person.handle, overdue=late)


LISTED = {"id", "person", "owner", "what", "status", "due_at", "done_at", "overdue"}
"""The keys of a commitment in `commitments --json`."""


def commitments(
    person: Annotated[Optional[str], typer.Argument(help="Only this person's commitments.")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open commitments.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """List commitments both ways, with their numbers for done and drop.

    \b
    Example:
      rmlog commitments --open
      rmlog commitments alice
    """
    from rmlog.clock import now
    from rmlog.reports.days import is_late
    from rmlog.store.engine import open_store
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.reports import commitment_rows

    moment = now()
    with open_store(db) as session:
        person_id = resolve_person_id(session, person) if person else None
        rows = commitment_rows(session, open_only=open_only, person_id=person_id)
    overdue = {c.id for c in rows if c.status == "open" and c.due_at and is_late(moment, c.due_at, moment)}
    if json:
        from rmlog.store.models import CommitmentOut, shown

        render.emit_json([
            shown(CommitmentOut, c, person=c.person_handle, overdue=c.id in overdue, include=LISTED)
            for c in rows
        ])
        return
    if not rows:
        render.line("No commitments. Record one with: rmlog promise alice \"send the deck\" --due fri")
        return
    render.table(
        ["#", "person", "whose", "what", "due", "status"],
        [(c.id, c.person_handle, "mine" if c.owner == "me" else "theirs", c.what,
          render.local_date(c.due_at), "overdue" if c.id in overdue else c.status) for c in rows],
    )


def snooze(
    person: PersonArg,
    until: Annotated[str, typer.Option("--until", "-u", help="Until: 2w, 'next mon', 2026-04-01.")],
    db: Db = None,
    json: Json = False,
) -> None:
    """Hide someone from due until a date.

    \b
    Example:
      rmlog snooze bob --until "in 3 weeks"
    """
    from rmlog.clock import now
    from rmlog.dates import parse_due, parse_duration
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    moment = now()
    try:
        until_at = parse_due(f"in {parse_duration(until)} days", moment)
    except InputError:
        until_at = parse_due(until, moment)
    if until_at <= moment:
        raise InputError(f"--until {until!r} is not in the future")
    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        found.snoozed_until = until_at
    if json:
        render.emit_json({"handle": found.handle, "snoozed_until": render.iso(until_at)})
        return
    render.line(f"Snoozed {found.handle} until {render.local_date(until_at)}.")


def register(app: typer.Typer) -> None:
    """Add the ledger commands to the app."""
    for command in (gave, got, promise, done, drop, commitments, snooze):
        app.command()(command)
