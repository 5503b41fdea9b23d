"""Relationships that cost you energy: four gentle signals per person over a window.

    drain = declining mood + their promises slipping + you give most + you always reach out

each term 0 or 1 (see the functions below); a relationship is listed when drain >= DRAIN_AT.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Sequence

from .balance import ALWAYS_REACH_OUT, ONE_SIDED_GIVE, balance_flags
from .data import BalanceRow, CommitmentRow, InteractionRow
from .jsonable import JsonMixin
from .promises import promise_stats

MOOD_LAST = 6
"""The mood trend is the slope over this many latest interactions with a mood..."""
MOOD_MIN = 3
"""...once there are at least this many."""
MOOD_SLOPE = -0.25
"""A slope of this (mood points per interaction) or steeper down counts."""
SLIPPED = 2
"""Their promises that slipped in the window (broken: done late or dropped; or still open
past due) that count."""
DRAIN_AT = 2
_EPS = 1e-9


@dataclass(frozen=True)
class Draining(JsonMixin):
    """A relationship that costs energy: its drain score (0-4) and the reasons, kindly put."""

    handle: str
    name: str
    drain: int
    reasons: list[str]


def mood_slope(moods: Sequence[int]) -> float | None:
    """Least-squares slope of the last MOOD_LAST moods in time order (points per
    interaction); None with fewer than MOOD_MIN."""
    ys = list(moods)[-MOOD_LAST:]
    if len(ys) < MOOD_MIN:
        return None
    n = len(ys)
    mean_x, mean_y = (n - 1) / 2, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(ys)) / spread


def mood_declining(slope: float | None) -> bool:
    """The mood trend counts at MOOD_SLOPE or steeper down."""
    return slope is not None and slope <= MOOD_SLOPE + _EPS


def promises_slipping(broken: int) -> bool:
    """Their promises count when SLIPPED or more were broken in the window."""
    return broken >= SLIPPED


def you_give_most(row: BalanceRow | None) -> bool:
    """One-sided balance your way (balance's 'one-sided: you give')."""
    return row is not None and ONE_SIDED_GIVE in balance_flags(row)


def you_always_reach_out(row: BalanceRow | None) -> bool:
    """Balance's 'you always reach out'."""
    return row is not None and ALWAYS_REACH_OUT in balance_flags(row)


def reasons_for(moods: Sequence[int], broken: int, row: BalanceRow | None) -> list[str]:
    """The signals that hold, each worded kindly (the drain score is their count)."""
    reasons = []
    slope = mood_slope(moods)
    if mood_declining(slope):
        shown = min(len(moods), MOOD_LAST)
        reasons.append(f"time together has felt heavier lately (mood {slope:+.2f} a meeting over the last {shown})")
    if promises_slipping(broken):
        reasons.append(f"{broken} of their promises slipped")
    if you_give_most(row):
        reasons.append(f"you gave {row.gave:g} of the {row.gave + row.received:g} that changed hands")
    if you_always_reach_out(row):
        reasons.append(f"you reached out {row.by_me} of {row.by_me + row.by_them} times")
    return reasons


def draining(
    moods: Iterable[InteractionRow],
    commitments: Iterable[CommitmentRow],
    balances: Iterable[BalanceRow],
    since: datetime,
    now: datetime,
) -> list[Draining]:
    """People (those with a balance row: active, in touch in the window) whose drain score
    reaches DRAIN_AT; highest first, then name. moods: rows with a mood in the window."""
    by_person: dict[str, list[InteractionRow]] = defaultdict(list)
    for row in moods:
        if row.sentiment is not None and since <= row.occurred_at <= now:
            by_person[row.person_handle].append(row)
    theirs: dict[str, list[CommitmentRow]] = defaultdict(list)
    for c in commitments:
        theirs[c.person_handle].append(c)
    found = []
    for row in balances:
        rows = sorted(by_person.get(row.handle, []), key=lambda r: (r.occurred_at, r.interaction_id))
        stats = promise_stats(theirs.get(row.handle, []), "them", since, now)
        reasons = reasons_for([r.sentiment for r in rows], stats.broken + stats.overdue, row)
        if len(reasons) >= DRAIN_AT:
            found.append(Draining(row.handle, row.name, len(reasons), reasons))
    return sorted(found, key=lambda d: (-d.drain, d.name.casefold(), d.handle))
