"""rmlog history as text: each operation, when, its command and the rows it changed."""

from __future__ import annotations

from rmlog import render
from rmlog.render import Col


def layout(view) -> None:
    """Draw a HistoryView (rmlog.app.history)."""
    if not view.operations:
        render.line("Nothing done yet. Every change you make is listed here and can be undone.")
        return
    render.table(
        [Col("#", right=True), Col("when"), Col("command", shrink=16), Col("changes", shrink=12, drop=1)],
        [(op.id, render.short_time(op.at), _command(op), _changes(op)) for op in view.operations],
    )


def _command(op) -> render.Styled | str:
    if op.kind == "undo":
        return f"undo #{op.undoes}"
    return render.Styled(f"(undone) {op.command}", render.FAINT) if op.undone_by else op.command


def _changes(op) -> str:
    parts = []
    for table, counts in op.counts().items():
        marks = "".join(f"{sign}{counts[key]}" for sign, key in (("+", "added"), ("~", "changed"), ("-", "removed"))
                        if counts[key])
        parts.append(f"{table} {marks}")
    return ", ".join(parts)
