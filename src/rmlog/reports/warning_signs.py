"""Warning signs: runs of negative-mood interactions with one person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from .data import InteractionRow
from .jsonable import JsonMixin

MIN_RUN = 3


@dataclass(frozen=True)
class WarningSign(JsonMixin):
    """The longest run of consecutive negative interactions with a person
    (the latest one on ties). ongoing: no non-negative interaction after it."""

    handle: str
    name: str
    negatives: int
    first_at: datetime
    last_at: datetime
    ongoing: bool


def _runs(rows: list[InteractionRow]) -> list[list[InteractionRow]]:
    """Negative runs in time order. sentiment < 0 extends a run, >= 0 ends it,
    None is skipped (neither counts nor breaks)."""
    runs: list[list[InteractionRow]] = []
    current: list[InteractionRow] = []
    for row in rows:
        if row.sentiment is None:
            continue
        if row.sentiment < 0:
            current.append(row)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def warning_signs(
    interactions: Iterable[InteractionRow], min_run: int = MIN_RUN
) -> list[WarningSign]:
    """People with >= min_run consecutive negative interactions among the rows
    given (the caller passes the review window). Longest runs first, then name."""
    by_person: dict[str, list[InteractionRow]] = defaultdict(list)
    for row in interactions:
        by_person[row.person_handle].append(row)
    signs = []
    for handle, rows in by_person.items():
        rows.sort(key=lambda r: (r.occurred_at, r.interaction_id))
        runs = _runs(rows)
        if not runs:
            continue
        longest = max(reversed(runs), key=len)  # latest wins ties
        if len(longest) < min_run:
            continue
        ongoing = longest is runs[-1] and not any(
            r.sentiment is not None and r.sentiment >= 0
            for r in rows
            if r.occurred_at > longest[-1].occurred_at
        )
        name = next((r.person_name for r in rows if r.person_name), handle)
        signs.append(
            WarningSign(
                handle,
                name,
                len(longest),
                longest[0].occurred_at,
                longest[-1].occurred_at,
                ongoing,
            )
        )
    return sorted(signs, key=lambda s: (-s.negatives, s.name.casefold(), s.handle))
