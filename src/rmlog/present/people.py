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
    from rmlog.store.queries import tag_list

    zone = moment.tzinfo

    @lru_cache(maxsize=None)
    def day(last: date) -> tuple[int, str, str]:
        """Days since a contact day (staleness_days, with today worked out once), as shown."""
        days = max(0, (today - last).days)
        return days, render.short_day(last, today.year), render.since(days)

    @lru_cache(maxsize=None)
    def tags(text: str | None) -> tuple[tuple[str, ...], str]:
        """A person's tags (tags_column's text), and as the table shows them."""
        found = tuple(tag_list(text))
        return found, ", ".join(found)

    @lru_cache(maxsize=None)
    def window(cadence_days, tags: tuple[str, ...], circle: str, cadence_max_days):
        return effective_window(cadence_days, tags, circle, config, cadence_max_days)

    @lru_cache(maxsize=None)
    def status(days: int, cadence) -> render.Styled:
        """The verdict after days without contact, in a cadence window, as shown."""
        return render.contact(verdict(days, cadence))

    for r in rows:  # Listed rows (rmlog.store.queries)
        days, last, ago = day(r.since.astimezone(zone).date())  # local_date
        tagged, shown = tags(r.tags)
        if r.archived_at or (r.snoozed_until and r.snoozed_until > moment):
            mark = _paused_mark(r)
        else:  # the clock counts what resets it, as due does ([reset]): most often the same contact
            counted = r.counted_since
            clock = days if counted is None or counted == r.since else staleness_days(counted, moment)
            mark = status(clock, window(r.cadence_days, tagged, r.circle, r.cadence_max_days))
        yield (
            render.person(r.name, r.handle), r.circle, shown,
            last if r.contacted else "never", ago if r.contacted else "", mark,
        )


def _paused_mark(p) -> render.Styled:
    """The status of someone archived or snoozed, who is never due."""
    return render.Styled("archived" if p.archived_at else "snoozed", render.FAINT)
