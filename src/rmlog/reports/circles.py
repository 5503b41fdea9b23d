"""Circles against their capacity, people who don't fit their circle's rhythm, and the moves
that would fit them (rmlog circles, the weekly review)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from .cadence import effective_window
from .data import BalanceRow, CadenceConfig, PersonStatus
from .days import staleness_days
from .due import is_hidden, last_contact_of
from .jsonable import JsonMixin

ORDER = ("inner", "core", "network", "periphery")
RHYTHM_DAYS = 60
"""The window over which how often you meet someone is counted."""
WEEKLY = 9
"""Contacts in RHYTHM_DAYS that mean 'seen weekly' (60 days / 7, rounded up)."""
UNSEEN_FACTOR = 3
"""An inner person unseen for this many times their ideal window no longer fits inner."""
LET_GO_FACTOR = 2
"""No contact for this many maximum windows, and none started by them lately: let go."""
LAST_INTERACTIONS = 6
PROMOTE = {"network": "core", "periphery": "network"}
STEP_BACK = {"inner": "core"}
LET_GO = ("core", "network")


@dataclass(frozen=True)
class CircleSize(JsonMixin):
    """A circle's size against its soft capacity (None: unbounded); over: people beyond it."""

    circle: str
    size: int
    capacity: int | None
    over: int


@dataclass(frozen=True)
class Misfit(JsonMixin):
    """Someone whose contact doesn't fit their circle's rhythm."""

    handle: str
    name: str
    circle: str
    why: str


@dataclass(frozen=True)
class Move(JsonMixin):
    """A suggested move, its reason worded as 'promote: 9 contacts in 60 days, ...'."""

    handle: str
    name: str
    from_circle: str
    to_circle: str
    why: str


@dataclass(frozen=True)
class CirclesReport(JsonMixin):
    """Everything `rmlog circles` shows."""

    now: datetime
    circles: list[CircleSize]
    misfits: list[Misfit]
    moves: list[Move]


@dataclass(frozen=True)
class Initiations:
    """Of a person's last LAST_INTERACTIONS interactions: how many, and how many they started."""

    count: int
    by_them: int


def circle_sizes(people: Iterable[PersonStatus], capacity: Mapping[str, int]) -> list[CircleSize]:
    """Active people per circle, in circle order, against capacity."""
    sizes = dict.fromkeys(ORDER, 0)
    for person in people:
        if person.archived_at is None:
            sizes[person.circle] = sizes.get(person.circle, 0) + 1
    return [
        CircleSize(circle, size, capacity.get(circle), max(0, size - capacity[circle]) if circle in capacity else 0)
        for circle, size in sizes.items()
    ]


def seen_weekly(contacts: int) -> bool:
    """At least WEEKLY contacts in the last RHYTHM_DAYS days."""
    return contacts >= WEEKLY


def unseen_too_long(days: int, ideal: int) -> bool:
    """Unseen for UNSEEN_FACTOR times the ideal window or more."""
    return days >= UNSEEN_FACTOR * ideal


def drifted_away(days: int, most: int, initiations: Initiations | None) -> bool:
    """No contact for LET_GO_FACTOR maximum windows, and they started none of their last
    interactions (there must be some)."""
    return days >= LET_GO_FACTOR * most and initiations is not None and initiations.count > 0 \
        and initiations.by_them == 0


def _num(value: float) -> str:
    return f"{value:g}"


def judge(
    person: PersonStatus,
    now: datetime,
    config: CadenceConfig,
    recent: BalanceRow | None,
    initiations: Initiations | None,
) -> tuple[Misfit | None, Move | None]:
    """Whether the person fits their circle's rhythm, and the move that would fit them."""
    window = effective_window(person.cadence_days, person.tags, person.circle, config, person.cadence_max_days)
    days = staleness_days(last_contact_of(person), now)
    contacts = recent.interactions if recent else 0
    if person.circle in STEP_BACK and window and unseen_too_long(days, window.ideal):
        why = f"unseen for {days} days, over {UNSEEN_FACTOR} × their {window.ideal}-day rhythm"
        target = STEP_BACK[person.circle]
        return _misfit(person, why), _move(person, target, f"step back to {target}: {why}")
    if person.circle in PROMOTE and seen_weekly(contacts):
        target = PROMOTE[person.circle]
        gave, got = (recent.gave, recent.received) if recent else (0.0, 0.0)
        why = f"promote: {contacts} contacts in {RHYTHM_DAYS} days, you gave {_num(gave)} and received {_num(got)}"
        return _misfit(person, f"seen weekly: {contacts} contacts in {RHYTHM_DAYS} days"), _move(person, target, why)
    if person.circle in LET_GO and window and drifted_away(days, window.max, initiations):
        why = (f"let go to periphery: 0 contacts in {days} days ({LET_GO_FACTOR} × their {window.max}-day "
               f"maximum), they initiated none of the last {initiations.count}")
        return None, _move(person, "periphery", why)
    return None, None


def _misfit(person: PersonStatus, why: str) -> Misfit:
    return Misfit(person.handle, person.name, person.circle, why)


def _move(person: PersonStatus, to: str, why: str) -> Move:
    return Move(person.handle, person.name, person.circle, to, why)


def build_circles(
    people: Iterable[PersonStatus],
    recent: Mapping[str, BalanceRow],
    initiations: Mapping[str, Initiations],
    now: datetime,
    config: CadenceConfig,
    capacity: Mapping[str, int],
) -> CirclesReport:
    """Sizes of all active people's circles; misfits and moves for those not snoozed.

    recent: per handle, contacts and give/take over the last RHYTHM_DAYS days.
    initiations: per handle, who started their last LAST_INTERACTIONS interactions (needed
    only for people past LET_GO_FACTOR maximum windows)."""
    people = [p for p in people if p.archived_at is None]
    sizes = circle_sizes(people, capacity)
    full = {s.circle: s for s in sizes if s.capacity is not None and s.size >= s.capacity}
    misfits, moves = [], []
    for person in sorted(people, key=lambda p: (_rank(p.circle), p.name.casefold(), p.handle)):
        if is_hidden(person, now):
            continue
        misfit, move = judge(person, now, config, recent.get(person.handle), initiations.get(person.handle))
        if misfit:
            misfits.append(misfit)
        if move:
            moves.append(_with_full(move, full[move.to_circle]) if move.to_circle in full else move)
    return CirclesReport(now, sizes, misfits, moves)


def _with_full(move: Move, size: CircleSize) -> Move:
    return Move(move.handle, move.name, move.from_circle, move.to_circle,
                f"{move.why}; {size.circle} is full ({size.size} of {size.capacity})")


def _rank(circle: str) -> int:
    return ORDER.index(circle) if circle in ORDER else len(ORDER)


def let_go_candidates(people: Iterable[PersonStatus], now: datetime, config: CadenceConfig) -> list[int]:
    """Ids of the people whose initiations build_circles needs: in a let-go circle and past
    LET_GO_FACTOR maximum windows."""
    ids = []
    for person in people:
        window = effective_window(person.cadence_days, person.tags, person.circle, config, person.cadence_max_days)
        if person.circle in LET_GO and window and \
                staleness_days(last_contact_of(person), now) >= LET_GO_FACTOR * window.max:
            ids.append(person.id)
    return ids
