"""The log command: record an interaction right after it happens."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import DUE_FORMS, WHEN_FORMS, Db, Json, complete_person
from rmlog.vocab import Initiator, Kind

EDITOR_HINT = "# What happened? What did they need, what did you promise?\n"


def log(
    people: Annotated[
        list[str],
        typer.Argument(help="One or more people (handle, name, alias, prefix).", autocompletion=complete_person),
    ],
    message: Annotated[
        Optional[str], typer.Option("--message", "-m", help="Note; without it $EDITOR opens on a terminal.")
    ] = None,
    when: Annotated[str, typer.Option("--when", "-w", help=f"When: {WHEN_FORMS}.")] = "now",
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="Kind of contact.")] = Kind.meeting,
    by: Annotated[Optional[Initiator], typer.Option("--by", help="Who reached out.")] = None,
    mood: Annotated[
        Optional[int], typer.Option("--mood", min=-2, max=2, help="How it went, -2..2.")
    ] = None,
    gave: Annotated[list[str], typer.Option("--gave", help="Something you gave each of them (repeatable).")] = [],
    got: Annotated[list[str], typer.Option("--got", help="Something you received (repeatable).")] = [],
    promise: Annotated[list[str], typer.Option("--promise", help="Something you promised (repeatable).")] = [],
    due: Annotated[Optional[str], typer.Option("--due", help=f"When your promises are due: {DUE_FORMS}.")] = None,
    they_promise: Annotated[
        list[str], typer.Option("--they-promise", help="Something they promised you (repeatable).")
    ] = [],
    new: Annotated[bool, typer.Option("--new", help="Create people that do not exist yet.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Record an interaction with one or more people.

    \b
    Example:
      rmlog log alice bob -m "coffee, wants intros to ML people" --when yesterday
      rmlog log alice --kind call --by them --promise "send the deck" --due fri
    """
    from rmlog.cli.terminal import note_kept_on_error
    from rmlog.clock import now
    from rmlog.dates import parse_due, parse_when
    from rmlog.errors import InputError, RmlogError, StoreError

    moment = now()
    occurred_at = parse_when(when, moment)
    due_at = parse_due(due, moment) if due else None
    if due and not promise:
        raise InputError("--due goes with --promise, e.g. --promise 'send the deck' --due fri")
    notes = message if message is not None else _notes_from_editor()
    from rmlog.store.engine import open_store
    from rmlog.store.journal import add_commitment, add_exchange, log_interaction

    # A note typed in the editor exists nowhere else; one given with -m is in the shell history.
    kept = note_kept_on_error(notes, StoreError if message is not None else RmlogError)
    with kept, open_store(db, write=True) as session:
        found = _resolve_all(session, people, new, moment)
        entry = log_interaction(
            session,
            found,
            occurred_at,
            moment,
            kind=kind.value,
            notes=notes,
            initiated_by=by.value if by and by is not Initiator.unknown else None,
            sentiment=mood,
        )
        for person in found:
            for what, direction in [*((g, "gave") for g in gave), *((g, "received") for g in got)]:
                entry.exchanges.append(
                    add_exchange(session, person, direction, what, occurred_at, moment, interaction=entry.interaction)
                )
            for what, owner in [*((p, "me") for p in promise), *((p, "them") for p in they_promise)]:
                entry.commitments.append(
                    add_commitment(
                        session, person, owner, what, moment,
                        due_at=due_at if owner == "me" else None,
                        interaction=entry.interaction,
                    )
                )
        session.flush()
    if json:
        render.emit_json(log_document(entry))
        return
    render.line(_confirmation(entry))


def _resolve_all(session, names: list[str], create_missing: bool, moment):
    from rmlog.resolve import UnknownPerson
    from rmlog.store.people import add_person, resolve_person

    found = {}
    for name in names:
        try:
            person = resolve_person(session, name)
        except UnknownPerson as unknown:
            if not create_missing:
                raise UnknownPerson(unknown.query, f"{unknown}, or pass --new to log them as new") from None
            person, _ = add_person(session, name, moment)
            render.warn(f"created {person.handle} for {render.inert(name)!r}")
        found[person.id] = person
    return list(found.values())


def _notes_from_editor() -> str | None:
    from rmlog.cli.terminal import edit_note, interactive

    if not interactive():
        return None
    return edit_note(None, EDITOR_HINT)


def _confirmation(entry) -> str:
    names = ", ".join(render.inert(p.name) for p in entry.people)
    parts = [f"Logged {entry.interaction.kind} #{entry.interaction.id} with {names} on "
             f"{render.local_time(entry.interaction.occurred_at)}"]
    if entry.exchanges:
        parts.append(f"{len(entry.exchanges)} exchange{'s' * (len(entry.exchanges) != 1)}")
    if entry.commitments:
        ids = ", ".join(f"#{c.id}" for c in entry.commitments)
        parts.append(f"promise{'s' * (len(entry.commitments) != 1)} {ids}")
    return "; ".join(parts) + "."


def log_document(entry) -> dict:
    """What log saved, as JSON: the interaction, its people, exchanges and commitments."""
    from rmlog.cli.ledger import commitment_document, exchange_document
    from rmlog.store.shapes import InteractionOut, shown

    people = {p.id: p for p in entry.people}
    return {
        **shown(InteractionOut, entry.interaction, include=set(InteractionOut.model_fields) - {"with_"}),
        "people": [{"id": p.id, "handle": p.handle, "name": p.name} for p in entry.people],
        "exchanges": [exchange_document(e, people[e.person_id].handle) for e in entry.exchanges],
        "commitments": [commitment_document(c, people[c.person_id]) for c in entry.commitments],
    }


def register(app: typer.Typer) -> None:
    """Add the log command to the app."""
    app.command()(log)
