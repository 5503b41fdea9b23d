"""The reflection report for `rmlog review --since`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from .balance import BalanceEntry, balance_report
from .data import BalanceRow, CadenceConfig, CommitmentRow, InteractionRow, PersonStatus
from .days import local_date
from .draining import Draining, draining
from .due import DueEntry, by_urgency, contact_status, is_hidden
from .jsonable import JsonMixin
from .promises import PromiseStats, promise_stats
from .reliability import Reliability, reliability
from .warning_signs import WarningSign, warning_signs


@dataclass(frozen=True)
class NewPerson(JsonMixin):
    """Someone added during the window."""

    handle: str
    name: str
    circle: str
    created_at: datetime


@dataclass(frozen=True)
class Review(JsonMixin):
    """Everything `rmlog review` shows, over [since, now]."""

    since: datetime
    now: datetime
    interactions: int
    people_touched: int
    new_people: list[NewPerson]
    promises_mine: PromiseStats
    promises_theirs: PromiseStats
    reliability_mine: Reliability
    reliability_theirs: Reliability
    drifted: list[DueEntry]
    not_seen_2x: list[DueEntry]
    one_sided: list[BalanceEntry]
    warning_signs: list[WarningSign]
    draining: list[Draining]


def drifted_in_period(entry: DueEntry, since: datetime, now: datetime) -> bool:
    """Past cadence now, and the day they crossed it (local date of last contact, or of
    being added, + cadence) falls within the window."""
    crossed = local_date(now, now) - timedelta(days=entry.days_since - entry.cadence_days)
    return entry.days_since >= entry.cadence_days and crossed >= local_date(since, now)


def build_review(
    people: Iterable[PersonStatus],
    interactions: Iterable[InteractionRow],
    commitments: Iterable[CommitmentRow],
    balances: Iterable[BalanceRow],
    since: datetime,
    now: datetime,
    config: CadenceConfig,
    activity: tuple[int, int] | None = None,
) -> Review:
    """Build the review. interactions/balances should cover [since, now] (rows
    outside it are ignored / taken as given); people and commitments are all of
    them. Archived and snoozed people are left out of drifted/not_seen_2x.

    activity: (interactions, people touched) when counted elsewhere (in SQL); then
    `interactions` need only hold the rows with a mood, all warning signs look at."""
    people = list(people)
    commitments = list(commitments)
    balances = list(balances)
    in_window = [r for r in interactions if since <= r.occurred_at <= now]
    if activity is None:
        activity = (len({r.interaction_id for r in in_window}), len({r.person_handle for r in in_window}))
    statuses = [
        s
        for p in people
        if not is_hidden(p, now) and (s := contact_status(p, now, config)) is not None
    ]
    new_people = sorted(
        (p for p in people if since <= p.created_at <= now),
        key=lambda p: (p.created_at, p.name.casefold()),
    )
    return Review(
        since=since,
        now=now,
        interactions=activity[0],
        people_touched=activity[1],
        new_people=[NewPerson(p.handle, p.name, p.circle, p.created_at) for p in new_people],
        promises_mine=promise_stats(commitments, "me", since, now),
        promises_theirs=promise_stats(commitments, "them", since, now),
        reliability_mine=reliability(commitments, "me", now),
        reliability_theirs=reliability(commitments, "them", now),
        drifted=by_urgency(s for s in statuses if drifted_in_period(s, since, now)),
        not_seen_2x=by_urgency(s for s in statuses if s.drifting),
        one_sided=balance_report(balances, one_sided_only=True),
        warning_signs=warning_signs(in_window),
        draining=draining(in_window, commitments, balances, since, now),
    )
