"""rmlog review --weekly off a terminal: the items as one table (on a terminal the review
asks them one at a time, rmlog.cli.weekly)."""

from __future__ import annotations

from rmlog import render
from rmlog.render import Col


def layout(view) -> None:
    """Draw a WeeklyView (rmlog.app.weekly)."""
    if not view.items:
        render.line("Nothing to review this week: nobody drifting, no promises due, no moves to make.")
        return
    render.table([Col("#", right=True), Col("what"), Col("who", name=True, shrink=10), Col("item", shrink=36),
                  Col("answers", drop=1)],
                 [(n, i.kind, render.person(i.name, i.handle), i.text, ", ".join(i.answers))
                  for n, i in enumerate(view.items, 1)],
                 title=f"Weekly review ({len(view.items)})")
