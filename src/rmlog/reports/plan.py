"""The action plan: key people to prioritise and what to offer each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from .cadence import effective_cadence
from .data import BalanceRow, CadenceConfig, CommitmentRow, ExchangeRow, PersonStatus
from .days import days_until_due, is_late, staleness_days
from .due import first_line, last_contact_of
from .jsonable import HIDDEN, JsonMixin

CIRCLE_RANK = {"inner": 0, "core": 1}
"""Inner first, then core, then every other circle; periphery is excluded."""
EXCLUDED_CIRCLES = {"periphery"}
SOON_DAYS = 7
"""A promise due within this many days comes before reconnecting."""
MAX_GIFTS = 3


@dataclass(frozen=True)
class PlanPromise(JsonMixin):
    """One of my open promises to the person."""

    id: int
    what: str
    due_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class PlanGift(JsonMixin):
    """Something they gave me recently."""

    kind: str
    what: str
    weight: float
    occurred_at: datetime


@dataclass(frozen=True)
class PlanEntry(JsonMixin):
    """A person to prioritise. owe = received - gave when positive, else 0.
    urgency is None when the person has no cadence."""

    handle: str
    name: str
    circle: str
    urgency: float | None
    days_since: int
    cadence_days: int | None
    needs: str | None
    offers: str | None
    my_promises: list[PlanPromise]
    recent_received: list[PlanGift]
    gave: float
    received: float
    owe: float
    next_step: str
    urgency_exact: float = field(default=0.0, repr=False, metadata=HIDDEN)


def when_phrase(due_at: datetime, now: datetime) -> str:
    """'due today', 'due in 2 days', 'was due yesterday', ..."""
    days = days_until_due(due_at, now)
    if is_late(now, due_at, now):
        if days >= 0:
            return "was due today"
        return "was due yesterday" if days == -1 else f"was due {-days} days ago"
    if days == 0:
        return "due today"
    return "due tomorrow" if days == 1 else f"due in {days} days"


def _promise_text(p: PlanPromise, now: datetime) -> str:
    text = f"Follow up on your promise: {p.what}"
    return text if p.due_at is None else f"{text} ({when_phrase(p.due_at, now)})"


def next_step(
    promises: list[PlanPromise],
    days_since: int,
    cadence: int | None,
    owe: float,
    gifts: list[PlanGift],
    needs: str | None,
    now: datetime,
) -> str:
    """The one kind suggestion, first match: a promise overdue or due within
    SOON_DAYS; reconnect when due; any other promise; return the favour when
    owing; offer help with their needs; keep in touch."""
    soon = [
        p for p in promises
        if p.due_at is not None and (p.overdue or days_until_due(p.due_at, now) <= SOON_DAYS)
    ]
    if soon:
        return _promise_text(soon[0], now)
    if cadence is not None and days_since >= cadence:
        return f"Reconnect — it's been {days_since} days"
    if promises:
        return _promise_text(promises[0], now)
    if owe > 0:
        if gifts:
            return f"Return the favour: they gave you {gifts[0].what or gifts[0].kind}"
        return "Return the favour: they have given you more than you gave lately"
    if first_line(needs):
        return f"Offer help with: {first_line(needs)}"
    if cadence is not None:
        days = cadence - days_since
        return f"Keep in touch — next check-in in {days} day{'s' if days != 1 else ''}"
    return "Keep in touch"


def _my_open_promises(
    commitments: list[CommitmentRow], handle: str, now: datetime
) -> list[PlanPromise]:
    """Overdue first, then by due date, undated last."""
    promises = [
        PlanPromise(c.id, c.what, c.due_at, c.due_at is not None and is_late(now, c.due_at, now))
        for c in commitments
        if c.person_handle == handle and c.owner == "me" and c.status == "open"
    ]
    return sorted(
        promises, key=lambda p: (not p.overdue, p.due_at is None, p.due_at or now, p.id)
    )


def _gifts(exchanges: list[ExchangeRow], handle: str) -> list[PlanGift]:
    rows = [e for e in exchanges if e.person_handle == handle and e.direction == "received"]
    rows.sort(key=lambda e: e.occurred_at, reverse=True)
    return [PlanGift(e.kind, e.what, e.weight, e.occurred_at) for e in rows[:MAX_GIFTS]]


def build_plan(
    people: Iterable[PersonStatus],
    balances: Iterable[BalanceRow],
    commitments: Iterable[CommitmentRow],
    recent_received: Iterable[ExchangeRow],
    now: datetime,
    config: CadenceConfig,
    limit: int | None = 10,
) -> list[PlanEntry]:
    """Key people, sorted: inner, core, other circles; then urgency desc; then
    owe desc; then name. Periphery and archived people are left out (snoozed
    ones stay: the plan is about whom to invest in, not timing)."""
    balance_by_handle = {b.handle: b for b in balances}
    commitments = list(commitments)
    exchanges = list(recent_received)
    entries = []
    for person in people:
        if person.archived_at is not None or person.circle in EXCLUDED_CIRCLES:
            continue
        cadence = effective_cadence(person.cadence_days, person.tags, person.circle, config)
        days = staleness_days(last_contact_of(person), now)
        urgency = days / cadence if cadence else None
        row = balance_by_handle.get(person.handle)
        gave, received = (row.gave, row.received) if row else (0.0, 0.0)
        owe = max(0.0, received - gave)
        promises = _my_open_promises(commitments, person.handle, now)
        gifts = _gifts(exchanges, person.handle)
        entries.append(
            PlanEntry(
                handle=person.handle,
                name=person.name,
                circle=person.circle,
                urgency=None if urgency is None else round(urgency, 2),
                days_since=days,
                cadence_days=cadence,
                needs=person.needs,
                offers=person.offers,
                my_promises=promises,
                recent_received=gifts,
                gave=gave,
                received=received,
                owe=owe,
                next_step=next_step(promises, days, cadence, owe, gifts, person.needs, now),
                urgency_exact=urgency or 0.0,
            )
        )
    entries.sort(
        key=lambda e: (
            CIRCLE_RANK.get(e.circle, len(CIRCLE_RANK)),
            -e.urgency_exact,
            -e.owe,
            e.name.casefold(),
            e.handle,
        )
    )
    return entries if limit is None else entries[:limit]
