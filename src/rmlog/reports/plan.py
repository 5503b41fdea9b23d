"""The action plan: key people to prioritise and what to offer each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from .birthdays import BirthdayEntry, upcoming_birthdays
from .cadence import Window, effective_window, verdict
from .data import BalanceRow, CadenceConfig, CommitmentRow, ExchangeRow, PersonStatus
from .days import days_until_due, is_late, staleness_days
from .due import first_line, last_contact_of
from .jsonable import HIDDEN, JsonMixin
from .promises import is_overdue

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
    max_days: int | None = field(default=None, metadata=HIDDEN)
    birthday: BirthdayEntry | None = field(default=None, metadata=HIDDEN)
    """The birthday when it falls within the lookahead ([due] birthdays)."""

    @property
    def window(self) -> Window | None:
        """The window the person is judged by, as in due (None without a cadence)."""
        return Window(self.cadence_days, self.max_days) if self.cadence_days and self.max_days else None

    @property
    def verdict(self) -> str:
        """'in touch', 'due' or 'drifting' by that window, as every view says it ('' without one)."""
        return verdict(self.days_since, self.window)


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
            return f"Return the favour for: {gifts[0].what or gifts[0].kind}"
        return "Return the favour: they have given you more than you gave lately"
    if first_line(needs):
        return f"Offer help with: {first_line(needs)}"
    if cadence is not None:
        days = cadence - days_since
        return f"Keep in touch — next check-in in {days} day{'s' if days != 1 else ''}"
    return "Keep in touch"


def _open_promises_by_person(
    commitments: Iterable[CommitmentRow], now: datetime
) -> dict[str, list[PlanPromise]]:
    """My open promises per handle: overdue first, then by due date, undated last."""
    grouped: dict[str, list[PlanPromise]] = defaultdict(list)
    for c in commitments:
        if c.owner == "me" and c.status == "open":
            overdue = is_overdue(c.status, c.due_at, now)
            grouped[c.person_handle].append(PlanPromise(c.id, c.what, c.due_at, overdue))
    for promises in grouped.values():
        promises.sort(key=lambda p: (not p.overdue, p.due_at is None, p.due_at or now, p.id))
    return grouped


def _gifts_by_person(exchanges: Iterable[ExchangeRow]) -> dict[str, list[PlanGift]]:
    """The latest MAX_GIFTS things each person gave me."""
    rows = sorted((e for e in exchanges if e.direction == "received"),
                  key=lambda e: e.occurred_at, reverse=True)
    grouped: dict[str, list[PlanGift]] = defaultdict(list)
    for e in rows:
        if len(grouped[e.person_handle]) < MAX_GIFTS:
            grouped[e.person_handle].append(PlanGift(e.kind, e.what, e.weight, e.occurred_at))
    return grouped


@dataclass(frozen=True)
class _Candidate:
    person: PersonStatus
    window: Window | None
    days: int
    urgency: float | None
    gave: float
    received: float

    @property
    def owe(self) -> float:
        return max(0.0, self.received - self.gave)

    def rank(self) -> tuple:
        return (
            CIRCLE_RANK.get(self.person.circle, len(CIRCLE_RANK)),
            -(self.urgency or 0.0),
            -self.owe,
            self.person.name.casefold(),
            self.person.handle,
        )


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
    ones stay: the plan is about whom to invest in, not timing). People are ranked
    first; promises, gifts and next steps are worked out for the chosen ones only."""
    balance_by_handle = {b.handle: b for b in balances}
    candidates = []
    for person in people:
        if person.archived_at is not None or person.circle in EXCLUDED_CIRCLES:
            continue
        window = effective_window(person.cadence_days, person.tags, person.circle, config, person.cadence_max_days)
        days = staleness_days(last_contact_of(person), now)
        row = balance_by_handle.get(person.handle)
        candidates.append(_Candidate(
            person, window, days, days / window.ideal if window else None,
            row.gave if row else 0.0, row.received if row else 0.0,
        ))
    candidates.sort(key=_Candidate.rank)
    chosen = candidates if limit is None else candidates[:limit]
    promises = _open_promises_by_person(commitments, now)
    gifts = _gifts_by_person(recent_received)
    return [_entry(c, promises.get(c.person.handle, []), gifts.get(c.person.handle, []), now, config)
            for c in chosen]


def _entry(
    c: _Candidate, promises: list[PlanPromise], gifts: list[PlanGift], now: datetime, config: CadenceConfig
) -> PlanEntry:
    person = c.person
    birthday = upcoming_birthdays([person], now, config.birthday_days)
    return PlanEntry(
        handle=person.handle,
        name=person.name,
        circle=person.circle,
        urgency=None if c.urgency is None else round(c.urgency, 2),
        days_since=c.days,
        cadence_days=c.window.ideal if c.window else None,
        needs=person.needs,
        offers=person.offers,
        my_promises=promises,
        recent_received=gifts,
        gave=c.gave,
        received=c.received,
        owe=c.owe,
        next_step=next_step(promises, c.days, c.window.ideal if c.window else None, c.owe, gifts, person.needs, now),
        urgency_exact=c.urgency or 0.0,
        max_days=c.window.max if c.window else None,
        birthday=birthday[0] if birthday else None,
    )
