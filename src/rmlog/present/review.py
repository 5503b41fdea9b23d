"""How review draws its view: the period in figures, interactions per week, the circles side
by side, then who drifted, who is one-sided, warning signs and draining relationships."""

from __future__ import annotations

from rmlog import render
from rmlog.present.balance import flags_mark
from rmlog.present.due import overdue_mark


def layout(view) -> None:
    """The whole review, section after section."""
    r = view.report
    _render_review(r)
    _render_weeks(view.times, r.since, r.now)
    _render_circles(view.circles)
    _render_review_lists(r)


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


def _render_circles(circles) -> None:
    """Each circle side by side: how many people, how many due, how many drifting."""
    from rmlog.render import Col

    render.line()
    render.table(
        [Col("circles"), *(Col(c.circle, right=True) for c in circles)],
        [("people", *(c.people for c in circles)),
         ("due", *(_tally(c.due, render.WARN) for c in circles)),
         ("drifting", *(_tally(c.drifting, render.BAD) for c in circles))],
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
