"""Sync: merge this journal with another one (a file or a PostgreSQL database), both ways."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rmlog import render
from rmlog.cli.options import Db, Json
from rmlog.errors import InputError


def sync(
    target: Annotated[str, typer.Argument(help="The other journal: a file, or postgresql+psycopg://...")],
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change on each side.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Merge two journals both ways by uid; run it again any time, it changes nothing twice.

    \b
    Example:
      rmlog sync postgresql+psycopg://me@db.example/rmlog
      rmlog sync ~/Dropbox/rmlog.db --dry-run
    """
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.location import database_url
    from rmlog.store.sync import apply, journal_id, plan, read_side, remember

    if "\x00" in target:
        raise InputError("the other journal's name holds a NUL character; name a file or a URL")
    is_url = "://" in target
    named = _without_password(target) if is_url else target
    here_url, here = database_url(db)
    same_file = not is_url and here is not None and Path(target).expanduser().resolve() == here.resolve()
    if same_file or (is_url and here is None and target == here_url):
        raise InputError(f"{named} is this journal itself; name another one to sync with")
    other = open_store(url=target, write=True) if is_url else open_store(Path(target), write=True)
    with open_store(db, write=True) as mine, other as theirs:
        sessions = (mine, theirs)
        savepoints = [session.begin_nested() for session in sessions]
        ids = [journal_id(session) for session in sessions]
        if ids[0] == ids[1]:
            raise InputError(f"{named} is a copy of this journal (the same journal uid); sync needs another one")
        sides = [read_side(mine, ids[1]), read_side(theirs, ids[0])]
        plans = plan(*sides)
        if dry_run:
            for savepoint in savepoints:
                savepoint.rollback()
        else:
            moment = now()
            for side, changes, session, other_id in zip(sides, plans, sessions, reversed(ids)):
                apply(side, changes)
                session.flush()
                remember(session, other_id, session.info["op_id"], moment)
            for savepoint in savepoints:
                savepoint.commit()
    counts = {"here": plans[0].counts(), "there": plans[1].counts()}
    if json:
        render.emit_json({"dry_run": dry_run, **counts})
        return
    verb = "Would change" if dry_run else "Synced:"
    render.line(f"{verb} here {_summary(counts['here'])}; there {_summary(counts['there'])}.")


def _without_password(url: str) -> str:
    """The URL as it may be shown: never with its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the URL given"


def _summary(counts: dict) -> str:
    if not counts:
        return "nothing"
    return ", ".join(
        f"{section} {c['written']} written" + (f", {c['deleted']} deleted" if c["deleted"] else "")
        for section, c in counts.items()
    )


def register(app: typer.Typer) -> None:
    """Add sync to the app."""
    app.command()(sync)
