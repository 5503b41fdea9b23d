"""Reflection on a period (review), and the weekly ritual's entry (review --weekly)."""

from __future__ import annotations

from typing import Annotated

import typer

from rmlog import render
from rmlog.cli.balance import flags_mark
from rmlog.cli.options import SINCE_FORMS, Db, Fmt, Json
from rmlog.present.due import overdue_mark
from rmlog.vocab import Circle


def review(
    since: Annotated[str, typer.Option("--since", help=f"Period: 30d, 2w, {SINCE_FORMS}.")] = "30d",
    weekly: Annotated[bool, typer.Option("--weekly", help="The weekly ritual: one key per item.")] = False,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Reflect on a period: contact, promises kept and broken, drift, balance, warning signs,
    relationships that cost you energy. --weekly walks you through this week's decisions.

    \b
    Example:
      rmlog review --since 30d
      rmlog review --weekly
    """
    if weekly:
        from rmlog.cli.weekly import weekly as ritual

        ritual(db, json)
        return
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.dates import parse_since
    from rmlog.reports.due import stale_bounds
    from rmlog.reports.review import build_review
    from rmlog.store.engine import open_store
    from rmlog.store.queries import circle_sizes, interaction_times
    from rmlog.store.rows import (
        activity_counts, balance_rows, commitment_rows, interaction_rows, person_statuses,
    )

    moment, config = now(), load_cadences()
    start = parse_since(since, moment)
    with open_store(db) as session:
        statuses = person_statuses(session, stale=stale_bounds(config, moment), created_since=start, reset=config.reset)
        result = build_review(
            statuses,
            interaction_rows(session, start, moods_only=True),
            commitment_rows(session, touched_since=start),
            balance_rows(session, start),
            start, moment, config,
            activity=activity_counts(session, start, moment),
        )
        if not json:
            times, sizes = interaction_times(session, start, moment), circle_sizes(session)
    if json:
        render.emit_report(result.to_json())
        return
    _render_review(result)
    _render_weeks(times, start, moment)
    _render_circles(sizes, statuses, moment, config)
    _render_review_lists(result)


def _render_review(r) -> None:
    render.heading(f"Review {render.short_date(r.since)} to {render.short_date(r.now)}")
    mine, theirs = r.promises_mine, r.promises_theirs
    render.fields([
        ("Interactions", f"{r.interactions} with {_count(r.people_touched, 'person', 'people')}"),
        ("New people", render.people(r.new_people) or "none"),
        ("Your promises", _promises(mine)),
        ("Their promises", _promises(theirs)),
        ("You keep your word", _reliability(r.reliability_mine)),
        ("They keep theirs", _reliability(r.reliability_theirs)),
    ])


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _promises(stats) -> str:
    overdue = f" ({stats.overdue} overdue)" if stats.overdue else ""
    return f"{stats.kept} kept, {stats.broken} broken, {stats.open} open{overdue}"


def _render_weeks(times, start, moment) -> None:
    """Interactions per week: a bar each for up to 16 weeks, a sparkline beyond."""
    from rmlog import charts
    from rmlog.clock import to_local

    today = to_local(moment).date()
    weeks = max(1, -(-((today - to_local(start).date()).days + 1) // 7))
    counts = charts.week_counts(times, today, weeks, lambda t: to_local(t).date())
    starts = charts.week_starts(today, weeks)
    render.line()
    render.heading("Interactions per week")
    if weeks > 16:
        shown = counts[-(render.terminal_width() or weeks):]
        render.segments([render.Styled(charts.sparkline(shown), render.GOOD)])
        render.line(f"{len(shown)} weeks to {render.short_date(today)}, at most {max(counts)} in a week")
        return
    labels = [render.short_date(day) for day in starts]
    room = min(render.terminal_width() or 80, 60) - max(map(len, labels)) - len(str(max(counts))) - 3
    for label, count in zip(labels, counts):
        render.segments([f"{label:<{max(map(len, labels))}}  ",
                         render.Styled(charts.bar(count, max(counts), room), render.GOOD), f" {count}"])


def _render_circles(sizes, statuses, moment, config) -> None:
    """Each circle side by side: how many people, how many due, how many drifting."""
    from rmlog.render import Col
    from rmlog.reports.due import contact_status, is_due

    due, drifting = {}, {}
    for person in statuses:
        status = contact_status(person, moment, config)
        if is_due(person, status, moment):
            tally = drifting if status.drifting else due
            tally[person.circle] = tally.get(person.circle, 0) + 1
    circles = [c.value for c in Circle]
    render.line()
    render.table(
        [Col("circles"), *(Col(name, right=True) for name in circles)],
        [("people", *(sizes.get(c, 0) for c in circles)),
         ("due", *(_tally(due.get(c, 0), render.WARN) for c in circles)),
         ("drifting", *(_tally(drifting.get(c, 0), render.BAD) for c in circles))],
    )


def _tally(count: int, style: str) -> render.Styled:
    return render.Styled(str(count), style if count else render.FAINT)


def _render_review_lists(r) -> None:
    from rmlog.render import Col

    past_max = {e.handle for e in r.not_seen_2x}  # listed once, in the second table
    drifted = [e for e in r.drifted if e.handle not in past_max]
    for title, entries in (("Drifted past their cadence", drifted), ("Past their maximum window", r.not_seen_2x)):
        if entries:
            render.line()
            render.table(
                [Col("person", name=True, shrink=12), Col("circle", drop=2), Col("last"), Col("every", drop=1),
                 Col("status")],
                [(render.person(e.name, e.handle), e.circle, render.since(e.days_since), f"{e.cadence_days}d",
                  overdue_mark(e)) for e in entries],
                title=f"{title} ({len(entries)})",
            )
    if r.one_sided:
        render.line()
        render.table(
            [Col("person", name=True, shrink=12), Col("flags")],
            [(render.person(e.name, e.handle), flags_mark(e.flags)) for e in r.one_sided],
            title=f"One-sided ({len(r.one_sided)})",
        )
    if r.warning_signs:
        render.line()
        render.table(
            [Col("person", name=True, shrink=12), Col("moods < 0 in a row", right=True), Col("")],
            [(render.person(w.name, w.handle), render.Styled(f"⚠ {w.negatives}", render.WARN),
              "the latest too" if w.ongoing else "") for w in r.warning_signs],
            title=f"Warning signs ({len(r.warning_signs)})",
        )
    if r.draining:
        render.line()
        render.heading(f"Relationships that cost you energy ({len(r.draining)})")
        for d in r.draining:
            render.line(f"  {render.person(d.name, d.handle)} ({d.drain} of 4 signals):")
            for reason in d.reasons:
                render.line(f"    {reason}")
        render.line("  Not a verdict: maybe a frank talk, a lighter rhythm, or another circle.")


def _reliability(rel) -> str:
    if rel.total == 0:
        return "no promises with a due date resolved yet"
    return f"{rel.kept} of {rel.total} on time ({rel.ratio:.0%})"


def register(app: typer.Typer) -> None:
    """Add the review command to the app."""
    for command in (review,):
        app.command(command.__name__.replace("_", "-"))(command)
