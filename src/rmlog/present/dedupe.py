"""rmlog dedupe as text: each likely pair, why, and the command that merges it."""

from __future__ import annotations

from rmlog import render
from rmlog.app.dedupe import merge_command


def layout(view) -> None:
    """Draw a DedupeView (rmlog.app.dedupe)."""
    pairs = view.pairs
    if not pairs:
        render.line("No likely duplicates.")
        return
    for pair in pairs:
        render.line(render.inert(f"{pair.keep[1]} ({pair.keep[0]}) and {pair.other[1]} ({pair.other[0]}): "
                                 f"{'; '.join(pair.reasons)}"))
        render.line(render.inert(f"  {merge_command(pair)}"))
    render.line(f"{len(pairs)} likely duplicate{'s' * (len(pairs) != 1)}; "
                "merge keeps the first person and deletes the second (rmlog undo reverts it).")
