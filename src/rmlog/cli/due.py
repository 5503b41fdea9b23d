"""The morning report (due) and its few characters for a shell prompt (prompt)."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import MAX_LIMIT, Db, Fmt, Json
from rmlog.errors import InputError
from rmlog.present.due import overdue_mark
from rmlog.vocab import Circle

CircleFilter = Annotated[Optional[Circle], typer.Option("--circle", "-c", help="Only this circle.")]

TagFilter = Annotated[Optional[str], typer.Option("--tag", "-t", help="Only people with this tag.")]


def due(
    within: Annotated[str, typer.Option("--within", help="Also what falls due in: 7d, 2w (default: today).")] = "0",
    circle: CircleFilter = None,
    tag: TagFilter = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="Show at most N people.")] = None,
    everyone: Annotated[bool, typer.Option("--all", "-a", help="Show everyone due, not only the day's capacity ([due] capacity, 10).")] = False,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything is due (cron, prompts).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; implies --exit-code (instant, see 'rmlog prompt').")] = False,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Whom to reconnect with, which promises fall due, and birthdays coming up.

    Shows the most urgent people up to a day's capacity ('[due] capacity' in the config,
    10 by default) and how many more there are; promises and birthdays always show.
    --json lists everyone unless --limit is given.

    \b
    Example:
      rmlog due
      rmlog due --all
      rmlog due --within 7d --circle inner
      rmlog due --json | jq -r '.people[].handle'
    """
    from rmlog.clock import now
    from rmlog.config import load_due
    from rmlog.dates import parse_duration
    from rmlog.reports.due import first_line
    from rmlog.store import due_snapshot
    from rmlog.store.engine import open_store
    from rmlog.store.queries import has_people
    from rmlog.store.rows import due_report, last_notes, snooze_ends

    if quiet and json:
        raise InputError("--quiet prints nothing; give --quiet or --json, not both")
    if everyone and limit:
        raise InputError("--all shows everyone; give --all or --limit, not both")
    moment, days, (config, capacity) = now(), parse_duration(within), load_due()
    circle_name = circle.value if circle else None
    full = days == 0 and circle_name is None and tag is None
    before = due_snapshot.key(db) if full else None
    limit = limit or (None if everyone or json else capacity)
    with open_store(db) as session:
        report = due_report(session, moment, config, days, circle_name, tag)
        shown = report.people[:limit] if limit else report.people
        notes = {} if quiet else last_notes(session, [entry.handle for entry in shown])
        snoozes = snooze_ends(session, moment) if full else []
        empty = not report.anything_due and not quiet and not has_people(session)
    if full:
        due_snapshot.record(db, report, snoozes, before)
    if quiet:
        raise typer.Exit(1 if report.anything_due else 0)
    more = len(report.people) - len(shown)
    report = dataclasses.replace(
        report, people=[dataclasses.replace(e, last_note=first_line(notes.get(e.handle))) for e in shown]
    )
    if json:
        render.emit_report({**report.to_json(), "more": more})
    else:
        _render_due(report, more, empty_journal=empty)
    if exit_code and report.anything_due:
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


def _render_due(report, more: int = 0, empty_journal: bool = False) -> None:
    """The report; `more` people due were left out of it (the day's capacity or --limit)."""
    from rmlog.render import Col

    if empty_journal:
        render.line('No people yet. Add one with: rmlog add "Alice Smith" --circle inner')
        return
    if not report.anything_due:
        render.line("All caught up: nobody to reconnect with, no promises due.")
        return
    if report.people:
        render.table(
            [Col("person", name=True, shrink=12), Col("circle", drop=2), Col("last", drop=3), Col("every", drop=1),
             Col("status"), Col("last note", shrink=10, drop=4)],
            [(render.person(e.name, e.handle), e.circle, render.since(e.days_since), f"{e.cadence_days}d",
              overdue_mark(e), render.first_line(e.last_note)) for e in report.people],
            title=f"Reconnect with ({len(report.people) + more:,})",
        )
        if more:
            render.line(f"and {more:,} more — rmlog due --all")
    if report.commitments:
        _gap(report.people)
        render.table(
            [Col("#", right=True), Col("person", name=True, shrink=10), Col("whose"), Col("what", shrink=12),
             Col("due"), Col("", drop=1)],
            [(c.id, render.person(c.person_name, c.person), render.whose(c.owner), c.what,
              render.due_date(c.due_at), render.Styled("overdue", render.BAD) if c.overdue else "")
             for c in report.commitments],
            title=f"Promises due ({len(report.commitments)})",
        )
    if report.birthdays:
        _gap(report.people or report.commitments)
        render.table(
            [Col("person", name=True, shrink=12), Col("birthday"), Col("in"), Col("turns", drop=1)],
            [(render.person(b.name, b.handle), render.short_date(b.date), _in_days(b.days_until), b.age or "")
             for b in report.birthdays],
            title=f"Birthdays ({len(report.birthdays)})",
        )


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"{days} days"


def _gap(previous) -> None:
    if previous:
        render.line()


def register(app: typer.Typer) -> None:
    """Add the due, prompt commands to the app."""
    for command in (due, prompt,):
        app.command(command.__name__.replace("_", "-"))(command)
