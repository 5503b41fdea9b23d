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
    people, promises, birthdays = on_screen(view)
    if people:
        render.table(
            [Col("person", name=True, shrink=12), Col("circle", drop=2), Col("last", drop=3), Col("every", drop=1),
             Col("status"), Col("last note", shrink=10, drop=4)],
            [(render.person(e.name, e.handle), e.circle, render.since(e.days_since), f"{e.cadence_days}d",
              overdue_mark(e), render.first_line(e.last_note)) for e in view.people[:people]],
            title=f"Reconnect with ({len(view.people) + view.more:,})",
        )
        _more(len(view.people) + view.more - people, "", "")
    commitments = view.commitments[:promises]
    if commitments:
        _gap(people)
        render.table(
            [Col("#", right=True), Col("person", name=True, shrink=10), Col("whose"), Col("what", shrink=12),
             Col("due"), Col("", drop=1)],
            [(c.id, render.person(c.person_name, c.person), render.whose(c.owner), c.what,
              render.due_date(c.due_at), render.Styled("overdue", render.BAD) if c.overdue else "")
             for c in commitments],
            title=f"Promises due ({view.promises:,})",
        )
        _more(view.promises - len(commitments), "promise", "promises")
    if birthdays:
        _gap(people or commitments)
        render.table(
            [Col("person", name=True, shrink=12), Col("birthday"), Col("in"), Col("turns", drop=1)],
            [(render.person(b.name, b.handle), render.short_date(b.date), _in_days(b.days_until), b.age or "")
             for b in view.birthdays[:birthdays]],
            title=f"Birthdays ({len(view.birthdays):,})",
        )
        _more(len(view.birthdays) - birthdays, "birthday", "birthdays")


SECTION_LINES = 3
"""Lines a section takes on a terminal besides its rows: title, column header, rule."""


def on_screen(view) -> list[int]:
    """How many people, promises and birthdays to list: the day's capacity of each (all with
    --all), and on a terminal no more than fit its height, with each section's title, header
    and 'more' line, a blank line between sections and the shell's prompt after. While they do
    not fit, the longest list gives up a row (a later one first on a tie); every section keeps
    at least one row, so each kind of thing due shows with its count."""
    cap = view.capacity if view.capacity is not None else max(len(view.commitments), len(view.birthdays))
    rows = [len(view.people), min(len(view.commitments), cap), min(len(view.birthdays), cap)]
    totals = [len(view.people) + view.more, view.promises, len(view.birthdays)]
    height = render.terminal_height() if view.capacity is not None else None
    while height is not None and _lines(rows, totals) >= height and max(rows) > 1:
        longest = max(range(len(rows)), key=lambda i: (rows[i], i))
        rows[longest] -= 1
    return rows


def _lines(rows: list[int], totals: list[int]) -> int:
    shown = [(n, total) for n, total in zip(rows, totals) if n]
    return sum(SECTION_LINES + n + (n < total) for n, total in shown) + len(shown) - 1


def overdue_mark(entry) -> render.Styled:
    """'due +4d' (yellow) or 'drifting +32d' (red): the word says what the colour does."""
    from rmlog.reports.cadence import verdict
    from rmlog.reports.due import window_of_entry

    mark = render.contact(verdict(entry.days_since, window_of_entry(entry)))
    return render.Styled(f"{mark.text} +{entry.days_overdue}d", mark.style)


def _more(count: int, one: str, many: str) -> None:
    """'and 3 more promises — rmlog due --all' (people: 'and 3 more — ...')."""
    if count:
        what = one if count == 1 else many
        render.line(f"and {count:,} more {what + ' ' if what else ''}{MORE}")


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"{days} days"


def _gap(previous) -> None:
    if previous:
        render.line()
