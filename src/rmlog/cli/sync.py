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
    from rmlog.store.sync import apply, crash_point, journal_id, plan, read_side, remember, seen_mark

    if "\x00" in target:
        raise InputError("the other journal's name holds a NUL character; name a file or a URL")
    is_url = "://" in target
    named = _without_password(target) if is_url else target
    here_url, here = database_url(db)
    same_file = not is_url and here is not None and Path(target).expanduser().resolve() == here.resolve()
    if same_file or (is_url and here is None and target == here_url):
        raise InputError(f"{named} is this journal itself; name another one to sync with")

    def other():
        return open_store(url=target, write=True) if is_url else open_store(Path(target), write=True)

    moment = now()  # each side commits, then each records what the other has seen: replayable
    with open_store(db, write=True) as mine:
        with other() as theirs:
            sessions = (mine, theirs)
            savepoints = [session.begin_nested() for session in sessions]
            ids = [journal_id(session) for session in sessions]
            if ids[0] == ids[1]:
                raise InputError(f"{named} is a copy of this journal (the same journal uid); sync needs another one")
            sides = [read_side(mine, ids[1]), read_side(theirs, ids[0])]
            plans = plan(*sides)
            if not dry_run:
                for side, changes in zip(sides, plans):
                    apply(side, changes)
                    side.session.flush()
            marks = [seen_mark(session) for session in sessions]
            for savepoint in savepoints:
                if dry_run:
                    savepoint.rollback()
                else:
                    savepoint.commit()
        crash_point("sync:one-side-committed")
    if not dry_run:
        crash_point("sync:both-committed")
        with open_store(db, write=True) as session:
            remember(session, ids[1], marks[0], moment)
        crash_point("sync:one-mark-recorded")
        with other() as session:
            remember(session, ids[0], marks[1], moment)
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
