"""Give/receive balance and initiation share per person."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Iterable

from .data import BalanceRow
from .jsonable import JsonMixin

ONE_SIDED_GIVE = "one-sided: you give"
ONE_SIDED_TAKE = "one-sided: you take"
ALWAYS_REACH_OUT = "you always reach out"

MIN_UNITS = 3.0
"""Weighted units (gave + received) needed before give_ratio is judged."""
MIN_KNOWN_INITIATIONS = 4
"""Interactions with a known initiator needed before initiation is judged."""
HIGH_SHARE = 0.8
LOW_SHARE = 0.2
_EPS = 1e-9  # float sums of weights: 0.8 exactly must still flag


# Not frozen: a report builds one per row, and a frozen __init__ costs 5x. Slots: a fifth
# less memory each (a report at XL holds 50,000).
@dataclass(slots=True)
class BalanceEntry(JsonMixin):
    """One person's balance. Ratios are rounded to 2 decimals for display;
    flags are decided on exact values. Shares are None when undefined."""

    handle: str
    name: str
    circle: str
    gave: float
    received: float
    net: float
    give_ratio: float | None
    initiated_by_me: int
    initiated_by_them: int
    initiation_share: float | None
    interactions: int
    flags: tuple[str, ...]


def _share(part: float, total: float) -> float | None:
    return part / total if total > 0 else None


def balance_flags(row: BalanceRow) -> tuple[str, ...]:
    """Flags at the documented thresholds (docs/practice.md) (>= 0.8 / <= 0.2 inclusive)."""
    flags = []
    units = row.gave + row.received
    give_ratio = _share(row.gave, units)
    if units >= MIN_UNITS - _EPS and give_ratio is not None:
        if give_ratio >= HIGH_SHARE - _EPS:
            flags.append(ONE_SIDED_GIVE)
        elif give_ratio <= LOW_SHARE + _EPS:
            flags.append(ONE_SIDED_TAKE)
    known = row.by_me + row.by_them
    if known >= MIN_KNOWN_INITIATIONS and row.by_me / known >= HIGH_SHARE - _EPS:
        flags.append(ALWAYS_REACH_OUT)
    return tuple(flags)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def balance_entry(row: BalanceRow) -> BalanceEntry:
    """Compute net, give ratio, initiation share (over known initiators) and flags."""
    return BalanceEntry(
        handle=row.handle,
        name=row.name,
        circle=row.circle,
        gave=row.gave,
        received=row.received,
        net=row.gave - row.received,
        give_ratio=_rounded(_share(row.gave, row.gave + row.received)),
        initiated_by_me=row.by_me,
        initiated_by_them=row.by_them,
        initiation_share=_rounded(_share(row.by_me, row.by_me + row.by_them)),
        interactions=row.interactions,
        flags=balance_flags(row),
    )


def balance_report(
    rows: Iterable[BalanceRow], one_sided_only: bool = False
) -> list[BalanceEntry]:
    """Entries sorted flagged first, then by |net| descending, then name.
    one_sided_only keeps only entries with any flag (incl. 'you always reach out')."""
    entries = [entry for row in rows if (entry := balance_entry(row)).flags or not one_sided_only]
    # Sorted one key at a time, the last first (each sort is stable): the same order as one
    # sort by the tuple of keys, without building a tuple per person (50,000 at XL).
    entries.sort(key=attrgetter("handle"))
    entries.sort(key=lambda e: e.name.casefold())
    entries.sort(key=lambda e: abs(e.net), reverse=True)
    entries.sort(key=lambda e: not e.flags)
    return entries
