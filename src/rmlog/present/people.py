"""rmlog people as text: a table of people, their circle, last contact and status."""

from __future__ import annotations

import itertools
from datetime import date
from functools import lru_cache

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
    """The table's cells, a row at a time (the rows come from the store a page at a time).

    Up to tens of thousands of rows: what depends only on a value that many people share
    (a contact day, a cadence with its tags and circle, a verdict) is worked out once per
    value, and the texts made for it are shared by every row that shows them."""
    from rmlog.reports.cadence import effective_window, verdict
    from rmlog.reports.days import staleness_days

    zone = moment.tzinfo

    @lru_cache(maxsize=None)
    def day(last: date) -> tuple[int, str, str]:
        """Days since a contact day (staleness_days, with today worked out once), as shown."""
        days = max(0, (today - last).days)
        return days, render.short_day(last, today.year), render.since(days)

    @lru_cache(maxsize=None)
    def window(cadence_days, tags: tuple[str, ...], circle: str, cadence_max_days):
        return effective_window(cadence_days, tags, circle, config, cadence_max_days)

    @lru_cache(maxsize=None)
    def status(days: int, cadence) -> render.Styled:
        """The verdict after days without contact, in a cadence window, as shown."""
        return render.contact(verdict(days, cadence))

    for r in rows:
        p = r.person
        days, last, ago = day((r.last_contact or p.created_at).astimezone(zone).date())  # local_date
        # the status counts what resets the clock, as due does ([reset]): most often the same contact
        same = r.counted_contact == r.last_contact
        clock = days if same else staleness_days(r.counted_contact or p.created_at, moment)
        if p.archived_at or (p.snoozed_until and p.snoozed_until > moment):
            mark = _paused_mark(p)
        else:
            mark = status(clock, window(p.cadence_days, tuple(r.tags), p.circle, p.cadence_max_days))
        yield (
            render.person(p.name, p.handle), p.circle, ", ".join(r.tags),
            last if r.last_contact else "never", ago if r.last_contact else "", mark,
        )


def _paused_mark(p) -> render.Styled:
    """The status of someone archived or snoozed, who is never due."""
    return render.Styled("archived" if p.archived_at else "snoozed", render.FAINT)
