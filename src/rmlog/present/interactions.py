"""rmlog interactions as text: a numbered table, newest first."""

from __future__ import annotations

from rmlog import render
from rmlog.render import Col


def layout(view) -> None:
    """Draw an InteractionsView (rmlog.app.interactions): for one person, the others in each."""
    if not view.rows:
        render.line("No interactions. Log one with: rmlog log alice -m \"coffee\"")
        return
    render.table(
        [Col("#", right=True), Col("when"), Col("kind", drop=1),
         Col("people" if view.person_id is None else "with", name=True, shrink=12), Col("note", shrink=12, drop=2)],
        [(row.id, render.short_time(row.occurred_at), row.kind,
          render.people(p for p in people if p.id != view.person_id), render.first_line(row.notes))
         for row, people in view.rows],
    )
