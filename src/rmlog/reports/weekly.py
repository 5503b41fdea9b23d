"""The weekly review: a short list of items, each answerable with one key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping, Sequence

from .circles import Move
from .data import CadenceConfig, CommitmentRow, ExchangeRow, PersonStatus
from .due import by_urgency, contact_status, due_commitments, first_line, is_hidden
from .give_first import best_offer, offer_items
from .jsonable import JsonMixin
from .plan import when_phrase

KEY_CIRCLES = ("inner", "core")
WEEK_DAYS = 7
ANSWERS = {
    "drifting": ("log", "snooze", "move", "promise", "skip"),
    "promise": ("log", "snooze", "promise", "skip"),
    "move": ("move", "log", "skip"),
    "offer": ("promise", "log", "skip"),
}


@dataclass(frozen=True)
class WeeklyItem(JsonMixin):
    """One thing to decide. kind: drifting | promise | move | offer. answers: the ones that
    apply, in the order offered. to_circle: where 'move' moves them; commitment_id: the
    promise that 'promise' marks kept and 'snooze' puts off a week; offer: what 'promise'
    promises them when there is no commitment."""

    kind: str
    handle: str
    name: str
    text: str
    answers: tuple[str, ...]
    to_circle: str | None = None
    commitment_id: int | None = None
    offer: str | None = None


def drifting_items(
    people: Sequence[PersonStatus], now: datetime, config: CadenceConfig, moves: Mapping[str, Move]
) -> list[WeeklyItem]:
    """Inner and core people past their maximum window, most urgent first; 'move' is offered
    only where `rmlog circles` suggests one (moves, by handle), to the circle it names."""
    statuses = [
        s for p in people
        if p.circle in KEY_CIRCLES and not is_hidden(p, now)
        and (s := contact_status(p, now, config)) is not None and s.drifting
    ]
    items = []
    for s in by_urgency(statuses):
        move = moves.get(s.handle)
        answers = tuple(a for a in ANSWERS["drifting"] if a != "move" or move)
        items.append(WeeklyItem("drifting", s.handle, s.name,
                                f"{s.days_since} days without contact; every {s.cadence_days}, at most {s.max_days}",
                                answers, to_circle=move.to_circle if move else None))
    return items


def promise_items(commitments: Iterable[CommitmentRow], now: datetime) -> list[WeeklyItem]:
    """Open promises both ways due by the end of the coming week, overdue first."""
    items = []
    for c in due_commitments(commitments, now, WEEK_DAYS):
        whose = f"you promised {c.person_name}" if c.owner == "me" else f"{c.person_name} promised you"
        items.append(WeeklyItem("promise", c.person, c.person_name,
                                f"{whose}: {c.what} ({when_phrase(c.due_at, now)})",
                                ANSWERS["promise"], commitment_id=c.id))
    return items


def move_items(moves: Iterable[Move]) -> list[WeeklyItem]:
    """The circle moves `rmlog circles` suggests (those of drifting people are offered on
    their drifting item instead)."""
    return [WeeklyItem("move", m.handle, m.name, m.why, ANSWERS["move"], to_circle=m.to_circle) for m in moves]


def suggested_offer(
    person: PersonStatus,
    offers: list[str],
    my_open: Sequence[CommitmentRow],
    gifts: Sequence[ExchangeRow],
) -> WeeklyItem | None:
    """One offer for a key person, first found: something you offer that meets their needs;
    an open promise of yours; returning the latest favour; help with their needs."""
    found = best_offer(person.needs, offers)
    if found:
        return _offer(person, found[0], f"offer {found[0]}: they need {first_line(person.needs)}")
    if my_open:
        c = my_open[0]
        return WeeklyItem("offer", person.handle, person.name, f"keep your promise: {c.what}",
                          ANSWERS["offer"], commitment_id=c.id)
    if gifts:
        gift = gifts[0].what or gifts[0].kind
        return _offer(person, f"return the favour ({gift})", f"return the favour: they gave you {gift}")
    need = first_line(person.needs)
    return _offer(person, f"help with {need}", f"offer help with: {need}") if need else None


def _offer(person: PersonStatus, offer: str, text: str) -> WeeklyItem:
    return WeeklyItem("offer", person.handle, person.name, text, ANSWERS["offer"], offer=offer)


def build_weekly(
    people: Sequence[PersonStatus],
    commitments: Sequence[CommitmentRow],
    moves: Iterable[Move],
    received: Iterable[ExchangeRow],
    offers: str | None,
    now: datetime,
    config: CadenceConfig,
) -> list[WeeklyItem]:
    """Drifting inner and core people, promises due this week both ways, suggested moves
    (one per person, as `rmlog circles` suggests it), then one suggested offer per key person
    (inner, then core; by name).

    commitments: open ones. received: what people gave you lately, newest first. A promise
    listed as due this week is not offered again."""
    promises = promise_items(commitments, now)
    listed = {item.commitment_id for item in promises}
    mine: dict[str, list[CommitmentRow]] = {}
    for c in sorted(commitments, key=lambda c: (c.due_at is None, c.due_at or now, c.id)):
        if c.owner == "me" and c.status == "open" and c.id not in listed:
            mine.setdefault(c.person_handle, []).append(c)
    gifts: dict[str, list[ExchangeRow]] = {}
    for e in received:
        gifts.setdefault(e.person_handle, []).append(e)
    items = offer_items(offers)
    key = sorted((p for p in people if p.circle in KEY_CIRCLES and not is_hidden(p, now)),
                 key=lambda p: (KEY_CIRCLES.index(p.circle), p.name.casefold(), p.handle))
    suggested = [suggested_offer(p, items, mine.get(p.handle, []), gifts.get(p.handle, [])) for p in key]
    by_handle = {m.handle: m for m in moves}
    drifting = drifting_items(people, now, config, by_handle)
    asked = {item.handle for item in drifting}
    rest = [m for m in by_handle.values() if m.handle not in asked]
    return [*drifting, *promises, *move_items(rest), *filter(None, suggested)]
