"""People who may be one person, and the command that merges them (rmlog dedupe)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rmlog.app.listing import Listing


@dataclass(frozen=True)
class DedupeView(Listing):
    """The likely duplicate pairs (store.merge.find_duplicates): keep and other as
    (handle, name), and the reasons they look alike."""

    pairs: list[Any]

    def json_items(self) -> Iterator[dict]:
        for p in self.pairs:
            yield {"keep": p.keep[0], "keep_name": p.keep[1], "other": p.other[0], "other_name": p.other[1],
                   "reasons": list(p.reasons), "command": merge_command(p)}


def dedupe(session) -> DedupeView:
    """The likely duplicates among the people of one session."""
    from rmlog.store.merge import find_duplicates

    return DedupeView(find_duplicates(session))


def merge_command(pair) -> str:
    """The command that folds the pair's other person into the one it keeps."""
    return f"rmlog merge {shlex.quote(pair.keep[0])} {shlex.quote(pair.other[0])}"
