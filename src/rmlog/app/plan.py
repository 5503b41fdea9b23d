"""Whom to prioritise, what they need and what you could offer each (rmlog plan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rmlog.reports.data import Practice
from rmlog.reports.give_first import GiveFirst
from rmlog.reports.jsonable import HIDDEN, JsonMixin
from rmlog.reports.plan import PlanEntry

RECENT_GIFTS = "90d"
"""How far back what people gave you counts (plan lists it; the weekly review offers to return it)."""


@dataclass(frozen=True)
class PlanView(JsonMixin):
    """The give-first queue and the key people with their next step. offers: what you said
    you can give (settings), None when unset."""

    now: datetime
    give_first: list[GiveFirst]
    people: list[PlanEntry]
    offers: str | None = field(default=None, metadata=HIDDEN)


def plan(session, moment: datetime, settings: Practice, limit: int) -> PlanView:
    """The plan for at most limit people and as many give-first entries, from one session;
    settings: the practice (cadences, offers). Whom you owe is judged over balance's window."""
    from rmlog.app.balance import balance_window_start
    from rmlog.dates import parse_since
    from rmlog.reports.give_first import give_first
    from rmlog.reports.plan import build_plan
    from rmlog.store.rows import balance_rows, commitment_rows, person_statuses, received_rows

    config = settings.cadences
    people = person_statuses(session, reset=config.reset)
    balances = balance_rows(session, balance_window_start(moment), initiation=False)
    entries = build_plan(
        people, balances,
        commitment_rows(session, open_only=True),
        received_rows(session, parse_since(RECENT_GIFTS, moment)),
        moment, config, limit,
    )
    return PlanView(moment, give_first(people, balances, settings.offers, limit), entries, settings.offers)
