"""This week's decisions (rmlog review --weekly): drifting key people, promises due, circle
moves and one offer per key person, each answerable with one key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rmlog.app.plan import RECENT_GIFTS
from rmlog.reports.data import Practice
from rmlog.reports.jsonable import JsonMixin
from rmlog.reports.weekly import WeeklyItem


@dataclass(frozen=True)
class WeeklyView(JsonMixin):
    """The items of this week's review, in the order they are asked."""

    now: datetime
    items: list[WeeklyItem]


def weekly(session, moment: datetime, settings: Practice) -> WeeklyView:
    """The items from one session; the moves are those rmlog circles suggests
    (rmlog.app.circles), so both name the same move for the same person."""
    from rmlog.app.circles import circles
    from rmlog.dates import parse_since
    from rmlog.reports.weekly import build_weekly
    from rmlog.store.rows import commitment_rows, person_statuses, received_rows

    config = settings.cadences
    people = person_statuses(session, reset=config.reset)
    items = build_weekly(
        people, commitment_rows(session, open_only=True), circles(session, moment, settings).moves,
        received_rows(session, parse_since(RECENT_GIFTS, moment)), settings.offers, moment, config,
    )
    return WeeklyView(moment, items)
