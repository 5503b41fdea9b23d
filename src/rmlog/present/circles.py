"""rmlog circles as text: sizes against capacity, who is out of rhythm, suggested moves."""

from __future__ import annotations

from rmlog import render
from rmlog.render import Col


def layout(view) -> None:
    """Draw a CirclesView (rmlog.app.circles)."""
    render.table(
        ["circle", "people", "capacity", ""],
        [(c.circle, c.size, c.capacity or "", f"over by {c.over}" if c.over else "") for c in view.circles],
        title="Circles",
    )
    if view.misfits:
        render.line()
        render.table([Col("person", name=True, shrink=12), "circle", Col("doesn't fit because", shrink=20)],
                     [(render.person(m.name, m.handle), m.circle, m.why) for m in view.misfits],
                     title=f"Out of rhythm ({len(view.misfits)})")
    if view.moves:
        render.line()
        render.table([Col("person", name=True, shrink=12), "move", Col("why", shrink=20)],
                     [(render.person(m.name, m.handle), f"{m.from_circle} → {m.to_circle}", m.why)
                      for m in view.moves],
                     title=f"Suggested moves ({len(view.moves)})")
        render.line(f"Decide with: rmlog move {view.moves[0].handle} {view.moves[0].to_circle} --why \"...\"")
    elif not view.misfits:
        render.line()
        render.line("Everyone fits their circle's rhythm.")
