"""Promises both ways: promise, done, drop, reopen, edit-promise, commitments."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.app.documents import commitment_document
from rmlog.cli.options import DUE_FORMS, MAX_ID, Db, Json, PersonArg, TableFmt, What
from rmlog.errors import InputError

CommitmentId = Annotated[
    int, typer.Argument(min=1, max=MAX_ID, help="Commitment number, as shown by rmlog commitments.")
]


def promise(
    person: PersonArg,
    what: What,
    due: Annotated[Optional[str], typer.Option("--due", "-d", help=f"Due: {DUE_FORMS}.")] = None,
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
    from rmlog.app.journal import make_promise
    from rmlog.clock import now
    from rmlog.dates import parse_due
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    moment = now()
    due_at = parse_due(due, moment) if due else None
    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        commitment = make_promise(session, found, what, moment, due_at, theirs=theirs)
    if json:
        render.emit_json(commitment_document(commitment, found.handle))
        return
    whose = f"{render.inert(found.name)} promised you" if theirs else f"You promised {render.inert(found.name)}"
    due_text = f", due {render.due_date(due_at, long=True)}" if due_at else ""
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
    from rmlog.app.journal import keep_promise
    from rmlog.clock import now
    from rmlog.store.engine import open_store

    with open_store(db, write=True) as session:
        commitment, person = keep_promise(session, commitment_id, now(), status)
    if json:
        render.emit_json(commitment_document(commitment, person.handle))
        return
    render.line(f"#{commitment.id} {status}: {render.inert(commitment.what)} ({person.handle}).")


def commitments(
    person: Annotated[Optional[str], typer.Argument(help="Only this person's commitments.")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open commitments.")] = False,
    db: Db = None,
    json: Json = False,
    output: TableFmt = None,
) -> None:
    """List commitments both ways, with their numbers for done and drop.

    \b
    Example:
      rmlog commitments --open
      rmlog commitments alice
    """
    from rmlog import present
    from rmlog.app.commitments import commitments as commitments_view
    from rmlog.clock import now
    from rmlog.store.engine import open_reader

    with open_reader(db) as session:
        view = commitments_view(session, now(), person, open_only)
    present.show(view)


def edit_promise(
    commitment_id: CommitmentId,
    what: Annotated[Optional[str], typer.Option("--what", help="What was promised.")] = None,
    due: Annotated[Optional[str], typer.Option("--due", "-d", help=f"New due date: {DUE_FORMS}.")] = None,
    no_due: Annotated[bool, typer.Option("--no-due", help="Remove the due date.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Reschedule or reword a promise.

    \b
    Example:
      rmlog edit-promise 12 --due "next fri"
      rmlog edit-promise 12 --no-due
    """
    from rmlog.app.journal import reschedule_promise
    from rmlog.clock import now
    from rmlog.dates import parse_due
    from rmlog.store.engine import open_store

    if due and no_due:
        raise InputError("give --due or --no-due, not both")
    fields = {"what": what} if what is not None else {}
    if due or no_due:
        fields["due_at"] = parse_due(due, now()) if due else None
    if not fields:
        raise InputError("nothing to change; give --what, --due or --no-due")
    with open_store(db, write=True) as session:
        commitment, person = reschedule_promise(session, commitment_id, fields)
    _print_commitment(commitment, person, json, "updated")


def reopen(commitment_id: CommitmentId, db: Db = None, json: Json = False) -> None:
    """Open a promise again after done or drop.

    \b
    Example:
      rmlog reopen 12
    """
    from rmlog.store.engine import open_store
    from rmlog.store.ledger import reopen_commitment

    with open_store(db, write=True) as session:
        commitment, person = reopen_commitment(session, commitment_id)
    _print_commitment(commitment, person, json, "open again")


def _print_commitment(commitment, person, json: bool, what_happened: str) -> None:
    if json:
        render.emit_json(commitment_document(commitment, person.handle))
        return
    due = f", due {render.due_date(commitment.due_at, long=True)}" if commitment.due_at else ", no due date"
    render.line(f"#{commitment.id} {what_happened}: {render.inert(commitment.what)} ({person.handle}{due}).")


def register(app: typer.Typer) -> None:
    """Add the promise, done, drop, reopen, edit-promise, commitments commands to the app."""
    for command in (promise, done, drop, reopen, edit_promise, commitments,):
        app.command(command.__name__.replace("_", "-"))(command)
