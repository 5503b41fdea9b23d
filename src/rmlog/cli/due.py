"""The morning report (due) and its few characters for a shell prompt (prompt)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import MAX_LIMIT, Db, Fmt, Json
from rmlog.errors import InputError
from rmlog.vocab import Circle

CircleFilter = Annotated[Optional[Circle], typer.Option("--circle", "-c", help="Only this circle.")]

TagFilter = Annotated[Optional[str], typer.Option("--tag", "-t", help="Only people with this tag.")]


def due(
    within: Annotated[str, typer.Option("--within", help="Also what falls due in: 7d, 2w (default: today).")] = "0",
    circle: CircleFilter = None,
    tag: TagFilter = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="Show at most N people.")] = None,
    everyone: Annotated[bool, typer.Option("--all", "-a", help="Show everything due, not only a day's capacity of each ([due] capacity, 10).")] = False,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything is due (cron, prompts).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; implies --exit-code (instant, see 'rmlog prompt').")] = False,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Whom to reconnect with, which promises fall due, and birthdays coming up.

    Each section (people, promises, birthdays) lists at most a day's capacity ('[due]
    capacity' in the config, 10 by default), most urgent first, and on a terminal no more
    than fit its window, then says how many more there are; --all lists everything, --limit
    N lists N people. --json lists everything, or N people with --limit.

    \b
    Example:
      rmlog due
      rmlog due --all
      rmlog due --within 7d --circle inner
      rmlog due --json | jq -r '.people[].handle'
    """
    from rmlog import present
    from rmlog.app import due as use_case
    from rmlog.clock import now
    from rmlog.config import load_due
    from rmlog.dates import parse_duration
    from rmlog.store import due_snapshot
    from rmlog.store.engine import open_reader

    if quiet and json:
        raise InputError("--quiet prints nothing; give --quiet or --json, not both")
    if everyone and limit:
        raise InputError("--all shows everyone; give --all or --limit, not both")
    moment, days, (config, capacity) = now(), parse_duration(within), load_due()
    circle_name = circle.value if circle else None
    whole = use_case.is_whole(days, circle_name, tag)
    before = due_snapshot.key(db) if whole else None
    with open_reader(db) as session:
        view = use_case.due(session, moment, config, None if everyone or json else capacity, days, circle_name,
                            tag, limit, notes=not quiet)
    if whole:
        due_snapshot.record(db, view.report, view.snooze_ends, before)
    if quiet:
        raise typer.Exit(1 if view.anything_due else 0)
    present.show(view)
    if exit_code and view.anything_due:
        raise typer.Exit(1)


def prompt(
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", show_default=False,
        help="Text with {people}, {promises}, {overdue}, {birthdays}, {total} "
             "[default: ↻people ⚑promises ✱birthdays, those due].")] = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """What is due, in a few characters for a shell prompt: '↻3 ⚑1', or nothing at all.

    Answers in milliseconds from the due snapshot, which the first prompt or full 'due'
    after a write rebuilds; 'rmlog due' has the details. docs/shell.md sets it up in bash, zsh,
    fish and starship.

    \b
    Example:
      rmlog prompt                          # ↻3 ⚑1
      rmlog prompt --format '{total} due'   # 4 due
    """
    from rmlog import snapshot
    from rmlog.errors import InputError
    from rmlog.store.due_snapshot import refresh

    try:
        snapshot.render(dict.fromkeys(snapshot.COUNTS, 0), format)  # a bad --format fails first
    except snapshot.FormatError as error:
        raise InputError(str(error)) from None
    counts = refresh(db)
    text = snapshot.to_json(counts) if json else snapshot.render(counts, format)
    if text:
        render.line(text)


def register(app: typer.Typer) -> None:
    """Add the due, prompt commands to the app."""
    for command in (due, prompt,):
        app.command(command.__name__.replace("_", "-"))(command)
