"""The log command: record an interaction right after it happens."""

from __future__ import annotations

import re
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import DUE_FORMS, WHEN_FORMS, Db, Json, complete_person
from rmlog.vocab import Initiator, Kind

EDITOR_HINT = "# What happened? What did they need, what did you promise?\n"
PROMISE_HINT = "# A line \"promise: send the deck\" (or \"promise: send the deck due fri\") records your promise.\n"
PROMISE_LINE = re.compile(r"^\s*promise:\s*(?P<what>\S.*)$", re.IGNORECASE)


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
    from rmlog.cli.terminal import interactive, note_kept_on_error
    from rmlog.clock import now
    from rmlog.dates import parse_due, parse_when
    from rmlog.errors import InputError, RmlogError, StoreError

    moment = now()
    occurred_at = parse_when(when, moment)
    due_at = parse_due(due, moment) if due else None
    if due and not promise:
        raise InputError("--due goes with --promise, e.g. --promise 'send the deck' --due fri")
    promises = [(what, due_at) for what in promise]
    notes = message
    if message is None and interactive():
        notes, promised = _note_from_editor(db, people, kind.value, occurred_at, moment)
        if notes is None and not promised:
            typer.echo("nothing logged: the note was left empty", err=True)
            raise typer.Exit(1)
        promises += promised
    from rmlog.app.journal import Contact, log_contact
    from rmlog.store.engine import open_store

    initiated_by = by.value if by and by is not Initiator.unknown else None
    contact = Contact(kind=kind.value, notes=notes, initiated_by=initiated_by, sentiment=mood,
                      gave=gave, got=got, promises=promises, they_promise=they_promise)
    # A note typed in the editor exists nowhere else; one given with -m is in the shell history.
    kept = note_kept_on_error(notes, StoreError if message is not None else RmlogError)
    with kept, open_store(db, write=True) as session:
        entry = log_contact(session, _resolve_all(session, people, new, moment), occurred_at, moment, contact)
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


def _note_from_editor(db, names: list[str], kind: str, occurred_at, moment):
    """The note typed in $EDITOR under a template naming who, when and kind, and the
    promises of mine its "promise: ..." lines make: (note or None, [(what, due_at)])."""
    from rmlog.cli.terminal import edit_note

    who = ", ".join(_names_as_known(db, names))
    template = (f"# Logging a {kind} with {who} on {render.local_time(occurred_at)}.\n"
                f"{EDITOR_HINT}{PROMISE_HINT}")
    return promises_in(edit_note(None, template), moment)


def _names_as_known(db, names: list[str]) -> list[str]:
    """Each name as the journal knows the person (the words as typed for anyone not found)."""
    from rmlog.errors import InputError
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    shown = []
    with open_store(db) as session:
        for name in names:
            try:
                person = resolve_person(session, name)
            except InputError:
                shown.append(f"{render.inert(name)} (not in the journal)")
                continue
            shown.append(render.person(person.name, person.handle))
    return shown


def promises_in(note: str | None, moment) -> tuple[str | None, list[tuple[str, object]]]:
    """Take "promise: send the deck" lines (optionally ending "due fri") out of a note:
    (the rest of the note or None, [(what, due_at or None)]). A trailing "due ..." that is not
    a date stays part of what was promised."""
    from rmlog.dates import parse_due
    from rmlog.errors import InputError

    if not note:
        return note, []
    kept, promised = [], []
    for line in note.splitlines():
        found = PROMISE_LINE.match(line)
        if not found:
            kept.append(line)
            continue
        what, due_at = found["what"].strip(), None
        head, sep, tail = what.rpartition(" due ")
        if sep and head.strip():
            try:
                what, due_at = head.strip(), parse_due(tail.strip(), moment)
            except InputError:
                pass
        promised.append((what, due_at))
    return "\n".join(kept).strip() or None, promised


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
    from rmlog.app.documents import commitment_document, exchange_document
    from rmlog.store.shapes import InteractionOut, shown

    people = {p.id: p for p in entry.people}
    return {
        **shown(InteractionOut, entry.interaction, include=set(InteractionOut.model_fields) - {"with_"}),
        "people": [{"id": p.id, "handle": p.handle, "name": p.name} for p in entry.people],
        "exchanges": [exchange_document(e, people[e.person_id].handle) for e in entry.exchanges],
        "commitments": [commitment_document(c, people[c.person_id].handle) for c in entry.commitments],
    }


def register(app: typer.Typer) -> None:
    """Add the log command to the app."""
    app.command()(log)
