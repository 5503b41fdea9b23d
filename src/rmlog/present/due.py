"""The morning report drawn: people to reconnect with, promises due, birthdays. Each section
lists at most the day's capacity of rows, most urgent first, then says how many more there are."""

from __future__ import annotations

from rmlog import render

MORE = "— rmlog due --all"
"""How a cut section ends: what shows the rest."""


def layout(view) -> None:
    """A DueView: the people shown, then promises and birthdays up to view.capacity each."""
    from rmlog.render import Col

    if view.empty_journal:
        render.line('No people yet. Add one with: rmlog add "Alice Smith" --circle inner')
        return
    if not view.anything_due:
        render.line("All caught up: nobody to reconnect with, no promises due.")
        return
    if view.people:
        render.table(
            [Col("person", name=True, shrink=12), Col("circle", drop=2), Col("last", drop=3), Col("every", drop=1),
             Col("status"), Col("last note", shrink=10, drop=4)],
            [(render.person(e.name, e.handle), e.circle, render.since(e.days_since), f"{e.cadence_days}d",
              overdue_mark(e), render.first_line(e.last_note)) for e in view.people],
            title=f"Reconnect with ({len(view.people) + view.more:,})",
        )
        if view.more:
            render.line(f"and {view.more:,} more {MORE}")
    commitments = view.commitments[:view.capacity]
    if commitments:
        _gap(view.people)
        render.table(
            [Col("#", right=True), Col("person", name=True, shrink=10), Col("whose"), Col("what", shrink=12),
             Col("due"), Col("", drop=1)],
            [(c.id, render.person(c.person_name, c.person), render.whose(c.owner), c.what,
              render.due_date(c.due_at), render.Styled("overdue", render.BAD) if c.overdue else "")
             for c in commitments],
            title=f"Promises due ({view.promises:,})",
        )
        _more(view.promises - len(commitments), "promise", "promises")
    birthdays = view.birthdays[:view.capacity]
    if birthdays:
        _gap(view.people or commitments)
        render.table(
            [Col("person", name=True, shrink=12), Col("birthday"), Col("in"), Col("turns", drop=1)],
            [(render.person(b.name, b.handle), render.short_date(b.date), _in_days(b.days_until), b.age or "")
             for b in birthdays],
            title=f"Birthdays ({len(view.birthdays):,})",
        )
        _more(len(view.birthdays) - len(birthdays), "birthday", "birthdays")


def overdue_mark(entry) -> render.Styled:
    """'due +4d' (yellow) or 'drifting +32d' (red): the word says what the colour does."""
    from rmlog.reports.cadence import verdict
    from rmlog.reports.due import window_of_entry

    mark = render.contact(verdict(entry.days_since, window_of_entry(entry)))
    return render.Styled(f"{mark.text} +{entry.days_overdue}d", mark.style)


def _more(count: int, one: str, many: str) -> None:
    if count:
        render.line(f"and {count:,} more {one if count == 1 else many} {MORE}")


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"{days} days"


def _gap(previous) -> None:
    if previous:
        render.line()
