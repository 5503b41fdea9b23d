"""Reflection on a period (rmlog review --since)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rmlog.reports.data import CadenceConfig
from rmlog.reports.review import Review


@dataclass(frozen=True)
class CircleTally:
    """One circle: how many active people it holds, and how many of them are due or drifting."""

    circle: str
    people: int
    due: int
    drifting: int


@dataclass(frozen=True)
class ReviewView:
    """The review of a period (report, what JSON lists) and what the text charts besides:
    when each interaction of the period happened, and each circle's tally, in circle order
    (both empty when the charts were not asked for)."""

    report: Review
    times: list[datetime]
    circles: list[CircleTally]

    def to_json(self) -> dict[str, Any]:
        return self.report.to_json()


def review(session, moment: datetime, config: CadenceConfig, since: datetime, charts: bool = True) -> ReviewView:
    """The review of [since, moment] with the cadences of config; charts: also read what the
    text charts (the JSON document has no use for it)."""
    from rmlog.reports.due import stale_bounds
    from rmlog.reports.review import build_review
    from rmlog.store.queries import circle_sizes, interaction_times
    from rmlog.store.rows import activity_counts, balance_rows, commitment_rows, interaction_rows, person_statuses

    statuses = person_statuses(session, stale=stale_bounds(config, moment), created_since=since, reset=config.reset)
    report = build_review(
        statuses,
        interaction_rows(session, since, moods_only=True),
        commitment_rows(session, touched_since=since),
        balance_rows(session, since),
        since, moment, config,
        activity=activity_counts(session, since, moment),
    )
    if not charts:
        return ReviewView(report, [], [])
    tallies = _circle_tallies(statuses, circle_sizes(session), moment, config)
    return ReviewView(report, interaction_times(session, since, moment), tallies)


def _circle_tallies(statuses, sizes: dict[str, int], moment: datetime, config: CadenceConfig) -> list[CircleTally]:
    """Each circle's size (from sizes) and how many of statuses are due, or drifting, there."""
    from rmlog.reports.due import contact_status, is_due
    from rmlog.vocab import Circle

    due: dict[str, int] = {}
    drifting: dict[str, int] = {}
    for person in statuses:
        status = contact_status(person, moment, config)
        if is_due(person, status, moment):
            tally = drifting if status.drifting else due
            tally[person.circle] = tally.get(person.circle, 0) + 1
    return [CircleTally(c.value, sizes.get(c.value, 0), due.get(c.value, 0), drifting.get(c.value, 0))
            for c in Circle]
