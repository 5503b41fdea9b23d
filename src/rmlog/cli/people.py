"""People commands: add, edit, show, people (ls), archive, unarchive, delete."""

from __future__ import annotations

import inspect
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.app.documents import person_document
from rmlog.cli.options import Db, Json, PersonArg, TableFmt, Yes
from rmlog.cli.person_options import OPTIONS
from rmlog.vocab import Circle
from rmlog.errors import InputError

Tags = Annotated[list[str], typer.Option("--tag", "-t", help="Tag (repeatable).")]
Emails = Annotated[list[str], typer.Option("--email", help="Email address (repeatable).")]
Phones = Annotated[list[str], typer.Option("--phone", help="Phone number (repeatable).")]
Aliases = Annotated[list[str], typer.Option("--alias", help="Another name they go by (repeatable).")]
CircleOpt = Annotated[Optional[Circle], typer.Option("--circle", "-c", help="Circle of investment.")]
Cadence = Annotated[
    Optional[str],
    typer.Option("--cadence", help="Contact every: 10d, 3w, or ideal..maximum: 14d..28d (overrides circle)."),
]
Birthday = Annotated[
    Optional[str], typer.Option("--birthday", help="YYYY-MM-DD, or MM-DD without the year.")
]


def with_field_options(command):
    """The command with an option per person field (OPTIONS, generated from the model) before
    --alias: Typer reads them from the signature; the command gets them in **given, by field."""
    signature = inspect.signature(command, eval_str=True)
    params = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    at = [p.name for p in params].index("alias")
    options = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=kind)
               for name, kind in OPTIONS.items()]
    command.__signature__ = signature.replace(parameters=[*params[:at], *options, *params[at:]])
    return command


def _optional_fields(cadence, birthday, given: dict) -> dict:
    """The fields the options set: the generated ones as given, the birthday and the cadence
    read here."""
    from rmlog.dates import parse_birthday

    fields = {name: value for name, value in given.items() if value is not None}
    if birthday:
        fields["birthday"] = parse_birthday(birthday)
    return {**fields, **_cadence(cadence)} if cadence is not None else fields


def _cadence(text: str) -> dict:
    """cadence_days and cadence_max_days (None: twice the ideal) from '3w' or '14d..28d'."""
    from rmlog.config import parse_window

    try:
        ideal, most = parse_window(text)
    except InputError as error:
        raise InputError(f"--cadence: {error}") from None
    return {"cadence_days": ideal, "cadence_max_days": most}


@with_field_options
def add(
    name: Annotated[str, typer.Argument(help="Full name, e.g. \"Alice Smith\".")],
    circle: CircleOpt = None,
    cadence: Cadence = None,
    tag: Tags = [],
    email: Emails = [],
    phone: Phones = [],
    alias: Aliases = [],
    birthday: Birthday = None,
    db: Db = None,
    json: Json = False,
    **given,
) -> None:
    """Add a person and print their handle.

    \b
    Example:
      rmlog add "Alice Smith" --circle inner --tag investor --email a@x.io \\
        --company Acme --role CTO --met "PyCon 2025" --needs "ML hires"
    """
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.people import add_person
    from rmlog.store.queries import person_row

    if not name.strip():
        raise InputError("a name cannot be empty")
    fields = _optional_fields(cadence, birthday, given)
    with open_store(db, write=True) as session:
        person, namesakes = add_person(
            session,
            name,
            now(),
            tags=tag,
            aliases=alias,
            circle=(circle or Circle.network).value,
            emails=list(email),
            phones=list(phone),
            **fields,
        )
        row = person_row(session, person.id)
    if namesakes:
        render.warn(
            f"{render.inert(', '.join(namesakes))} already has this name; "
            f"this person's handle is {person.handle}"
        )
    if json:
        render.emit_json(person_document(row))
        return
    render.line(render.inert(person.handle))


@with_field_options
def edit(
    person: PersonArg,
    name: Annotated[Optional[str], typer.Option("--name", help="New name (the handle stays).")] = None,
    circle: CircleOpt = None,
    cadence: Cadence = None,
    tag: Tags = [],
    untag: Annotated[list[str], typer.Option("--untag", help="Remove a tag (repeatable).")] = [],
    email: Emails = [],
    phone: Phones = [],
    alias: Aliases = [],
    birthday: Birthday = None,
    editor: Annotated[bool, typer.Option("--editor", help="Edit the notes in $EDITOR.")] = False,
    db: Db = None,
    json: Json = False,
    **given,
) -> None:
    """Change a person's details; list options (--tag, --email, --alias) add.

    \b
    Example:
      rmlog edit alice --circle core --tag mentor --untag investor --needs "a CFO"
    """
    from rmlog.cli.terminal import note_kept_on_error
    from rmlog.store.engine import open_store
    from rmlog.store.people import add_aliases, resolve_person, set_tags, update_person
    from rmlog.store.queries import person_row

    fields = _optional_fields(cadence, birthday, given)
    if name is not None:
        if not name.strip():
            raise InputError("a name cannot be empty")
        fields["name"] = name.strip()
    if circle is not None:
        fields["circle"] = circle.value
    if editor:
        fields["notes"] = _edit_notes(db, person)
    with note_kept_on_error(fields.get("notes") if editor else None), open_store(db, write=True) as session:
        found = resolve_person(session, person)
        if email:
            fields["emails"] = [*found.emails, *email]
        if phone:
            fields["phones"] = [*found.phones, *phone]
        update_person(session, found, fields)
        set_tags(session, found, tag, remove=untag)
        add_aliases(session, found, alias)
        session.flush()
        row = person_row(session, found.id)
    if json:
        render.emit_json(person_document(row))
        return
    render.line(f"Updated {render.inert(found.handle)}.")


def _edit_notes(db, person: str) -> str | None:
    """The notes as edited in $EDITOR, opened before the write transaction so no lock is held
    while the user types."""
    from rmlog.cli.terminal import edit_note, interactive
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    if not interactive():
        raise InputError("--editor needs a terminal; pass the notes with --notes instead")
    with open_store(db) as session:
        current = resolve_person(session, person).notes
    return edit_note(current)


def people(
    circle: CircleOpt = None,
    tag: Annotated[Optional[str], typer.Option("--tag", "-t", help="Only people with this tag.")] = None,
    archived: Annotated[bool, typer.Option("--archived", help="List archived people instead.")] = False,
    sort: Annotated[
        str, typer.Option("--sort", help="Order: name, last (longest since contact first).")
    ] = "name",
    db: Db = None,
    json: Json = False,
    output: TableFmt = None,
) -> None:
    """List people with circle, last contact and days since (alias: ls).

    \b
    Example:
      rmlog people --circle inner --sort last
    """
    from rmlog import present
    from rmlog.app.people import people as people_view
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.store.engine import open_reader

    if sort not in ("name", "last"):
        raise InputError(f"--sort {sort!r}: use name or last")
    config, moment = load_cadences(), now()
    with open_reader(db) as session:  # the rows come a page at a time: shown inside the session
        view = people_view(session, moment, config, circle.value if circle else None, tag, archived,
                           sort=sort, documents=json)
        present.show(view)


def archive(person: PersonArg, db: Db = None, json: Json = False) -> None:
    """Archive a person: kept, but out of lists and reports (exact handle, name or alias).

    \b
    Example:
      rmlog archive bob
    """
    _set_archived(person, db, json, archived=True)


def unarchive(person: PersonArg, db: Db = None, json: Json = False) -> None:
    """Bring an archived person back.

    \b
    Example:
      rmlog unarchive bob
    """
    _set_archived(person, db, json, archived=False)


def _set_archived(person: str, db, json: bool, archived: bool) -> None:
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person
    from rmlog.store.queries import person_row

    with open_store(db, write=True) as session:
        found = resolve_person(session, person, prefix=not archived)
        found.archived_at = now() if archived else None
        session.flush()
        row = person_row(session, found.id)
    if json:
        render.emit_json(person_document(row))
        return
    render.line(f"{'Archived' if archived else 'Unarchived'} {render.inert(found.handle)}.")


def delete(
    person: PersonArg,
    yes: Yes = False,
    db: Db = None,
) -> None:
    """Delete a person and their links; interactions shared with others are kept.

    PERSON must be an exact handle, name or alias: a prefix is refused.

    \b
    Example:
      rmlog delete bob --yes
    """
    from rmlog.cli.terminal import confirm_or_refuse
    from rmlog.store.engine import open_store
    from rmlog.store.people import delete_person, resolve_person

    with open_store(db, write=True) as session:
        found = resolve_person(session, person, prefix=False)
        if not yes:
            confirm_or_refuse(f"Delete {found.name} ({found.handle}) and their history?",
                              f"not deleting {found.handle} without --yes (no terminal to confirm on)")
        removed = delete_person(session, found)
    extra = f" and {removed} interaction{'s' * (removed != 1)} only they were in" if removed else ""
    render.line(f"Deleted {render.inert(found.handle)}{extra}.")


def register(app: typer.Typer) -> None:
    """Add the people commands to the app."""
    app.command()(add)
    app.command()(edit)
    app.command()(people)
    app.command("ls", hidden=True)(people)
    app.command()(archive)
    app.command()(unarchive)
    app.command()(delete)
