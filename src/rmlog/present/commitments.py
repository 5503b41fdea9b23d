"""rmlog commitments as text: a numbered table of promises both ways."""

from __future__ import annotations

from rmlog import render
from rmlog.render import Col


def layout(view) -> None:
    """Draw a CommitmentsView (rmlog.app.commitments)."""
    if not view.rows:
        render.line("No commitments. Record one with: rmlog promise alice \"send the deck\" --due fri")
        return
    render.table(
        [Col("#", right=True), Col("person", name=True, shrink=10), Col("whose"), Col("what", shrink=12),
         Col("due", drop=1), Col("status")],
        [(c.id, render.person(c.person_name, c.person_handle), render.whose(c.owner), c.what,
          render.due_date(c.due_at), _status(view, c)) for c in view.rows],
    )


def _status(view, c) -> render.Styled:
    """A commitment's status: overdue in red, kept in green (late: yellow), dropped faint."""
    if c.id in view.overdue:
        return render.Styled("overdue", render.BAD)
    if c.id in view.done_late:
        return render.Styled("done late", render.WARN)
    return render.Styled(c.status, {"done": render.GOOD, "dropped": render.FAINT}.get(c.status, ""))
