"""Logged interactions: list them with their ids, fix one, or delete one."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Db, Json, SINCE_FORMS, TableFmt, WHEN_FORMS, Yes, complete_person
from rmlog.errors import InputError
from rmlog.vocab import Initiator, Kind

InteractionId = Annotated[
    int, typer.Argument(min=1, max=2**62, help="Interaction number, as rmlog interactions shows it.")
]
People = Annotated[list[str], typer.Option(help="Person (repeatable).", autocompletion=complete_person)]


def interactions(
    person: Annotated[
        Optional[str], typer.Argument(help="Only this person's.", autocompletion=complete_person)
    ] = None,
    since: Annotated[Optional[str], typer.Option("--since", "-s", help=f"Only since: 30d, {SINCE_FORMS}.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=100_000, help="How many, newest first.")] = 50,
    db: Db = None,
    json: Json = False,
    output: TableFmt = None,
) -> None:
    """List logged interactions with their ids, newest first.

    \b
    Example:
      rmlog interactions alice --since 90d
      rmlog edit-log 41 --when yesterday
    """
    from rmlog import present
    from rmlog.app.interactions import interactions as interactions_view
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.store.engine import open_reader

    start = parse_since(since, now()) if since else None
    with open_reader(db) as session:
        view = interactions_view(session, person, start, limit)
    present.show(view)


def edit_log(
    interaction_id: InteractionId,
    message: Annotated[Optional[str], typer.Option("--message", "-m", help="New note.")] = None,
    when: Annotated[Optional[str], typer.Option("--when", "-w", help=f"New time: {WHEN_FORMS}.")] = None,
    kind: Annotated[Optional[Kind], typer.Option("--kind", "-k", help="Kind of contact.")] = None,
    by: Annotated[Optional[Initiator], typer.Option("--by", help="Who reached out.")] = None,
    mood: Annotated[Optional[int], typer.Option("--mood", help="How it went, -2..2.")] = None,
    add: People = [],
    remove: People = [],
    editor: Annotated[bool, typer.Option("--editor", help="Edit the note in $EDITOR.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Fix a logged interaction: note, time, kind, who reached out, mood, people.

    \b
    Example:
      rmlog edit-log 41 --remove bob --add bea
      rmlog edit-log 41 --when "yesterday 18:00" -m "dinner, not lunch"
    """
    from rmlog.clock import now
    from rmlog.dates import parse_when
    from rmlog.store.engine import open_store
    from rmlog.store.journal import edit_interaction, get_interaction, participants
    from rmlog.store.people import resolve_person

    moment = now()
    fields = {
        "notes": message, "kind": kind.value if kind else None,
        "occurred_at": parse_when(when, moment) if when else None,
        "initiated_by": by.value if by else None, "sentiment": mood,
    }
    fields = {name: value for name, value in fields.items() if value is not None}
    if editor:
        fields["notes"] = _edited_note(db, interaction_id)
    if not fields and not add and not remove:
        raise InputError("nothing to change; give -m, --when, --kind, --by, --mood, --add or --remove")
    with open_store(db, write=True) as session:
        found = get_interaction(session, interaction_id)
        edit_interaction(session, found, fields, [resolve_person(session, p) for p in add],
                         [resolve_person(session, p) for p in remove])
        handles = [p.handle for p in participants(session, found)]
    if json:
        from rmlog.app.documents import interaction_document

        render.emit_json(interaction_document(found, handles))
        return
    render.line(f"Updated interaction #{found.id} ({found.kind} on {render.local_time(found.occurred_at)} "
                f"with {', '.join(handles)}).")


def _edited_note(db, interaction_id: int) -> str | None:
    """The note as the user leaves it in $EDITOR, read before the write transaction begins."""
    from rmlog.cli.terminal import edit_text
    from rmlog.store.engine import open_reader
    from rmlog.store.journal import get_interaction

    with open_reader(db) as session:
        current = get_interaction(session, interaction_id).notes
    return edit_text(current or "").strip() or None


def delete_log(
    interaction_id: InteractionId,
    yes: Yes = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Delete a logged interaction (exchanges and promises made in it are kept).

    \b
    Example:
      rmlog delete-log 41 --yes
      rmlog undo               # changed your mind
    """
    from rmlog.cli.terminal import confirm_or_refuse
    from rmlog.store.engine import open_store
    from rmlog.store.journal import get_interaction, participants

    with open_store(db, write=True) as session:
        found = get_interaction(session, interaction_id)
        handles = [p.handle for p in participants(session, found)]
        if not yes:
            confirm_or_refuse(f"Delete interaction #{found.id} with {', '.join(handles)}?",
                              f"not deleting interaction #{interaction_id} without --yes (no terminal to confirm on)")
        session.delete(found)
    if json:
        render.emit_json({"deleted": {"interaction": found.id}})
        return
    render.line(f"Deleted interaction #{found.id} with {', '.join(handles)}. 'rmlog undo' brings it back.")


def register(app: typer.Typer) -> None:
    """Add the interaction commands to the app."""
    app.command()(interactions)
    app.command("edit-log")(edit_log)
    app.command("delete-log")(delete_log)
