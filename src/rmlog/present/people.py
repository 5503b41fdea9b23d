"""rmlog people as text: a table of people, their circle, last contact and status."""

from __future__ import annotations

import itertools

from rmlog import render
from rmlog.render import Col


def layout(view) -> None:
    """Draw a PeopleView (rmlog.app.people), a row at a time, paged on a terminal."""
    rows = iter(view.rows)
    first = next(rows, None)
    if first is None:
        render.line("No people yet. Add one with: rmlog add \"Alice Smith\"")
        return
    with render.paged():
        _people(itertools.chain([first], rows), view.moment, view.settings)


def _people(rows, moment, config) -> None:
    from rmlog.reports.days import local_date

    today = local_date(moment, moment)
    render.table(
        [Col("person", name=True, shrink=12), Col("circle", drop=3), Col("tags", shrink=8, drop=2),
         Col("last contact", drop=1), Col("ago"), Col("status")],
        _people_cells(rows, today, moment, config),
    )


def _people_cells(rows, today, moment, config):
    """The table's cells, a row at a time (the rows come from the store a page at a time)."""
    from rmlog.reports.cadence import effective_window
    from rmlog.reports.days import local_date, staleness_days

    for r in rows:  # up to tens of thousands of rows: one local date per person, no report row
        p = r.person
        last = local_date(r.last_contact or p.created_at, moment)
        days = max(0, (today - last).days)  # staleness_days, with today worked out once
        window = None if p.archived_at else effective_window(p.cadence_days, r.tags, p.circle, config, p.cadence_max_days)
        # the status counts what resets the clock, as due does ([reset]): most often the same contact
        same = r.counted_contact == r.last_contact
        clock = days if same else staleness_days(r.counted_contact or p.created_at, moment)
        yield (
            render.person(p.name, p.handle), p.circle, ", ".join(r.tags),
            render.short_day(last, today.year) if r.last_contact else "never", render.since(days) if r.last_contact else "",
            _status_mark(p, window, clock, moment),
        )


def _status_mark(p, window, days: int, moment) -> render.Styled | str:
    if p.archived_at:
        return render.Styled("archived", render.FAINT)
    if p.snoozed_until and p.snoozed_until > moment:
        return render.Styled("snoozed", render.FAINT)
    from rmlog.reports.cadence import verdict

    return render.contact(verdict(days, window))
