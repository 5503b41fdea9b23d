"""The page to read before meeting someone (rmlog brief): who they are, open promises both
ways, what went each way, the last conversations, what is coming up, recurring topics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

CONVERSATIONS = 5
EXCHANGES = 5
UPCOMING_DAYS = 60
"""Birthdays and promises due within this many days are upcoming."""


@dataclass(frozen=True)
class BriefView:
    """A person as brief presents them. promises are the open ones both ways, overdue the ids
    of those past their deadline; exchanges are all of them in the window (gave and received
    count them), the newest first; talks the last CONVERSATIONS interactions with who was
    there; upcoming the next birthday and promises due within UPCOMING_DAYS (overdue ones
    too), soonest first; topics the words that recur in the notes."""

    row: Any
    moment: datetime
    promises: list
    overdue: frozenset[int]
    exchanges: list
    gave: int
    received: int
    talks: list
    upcoming: list[dict]
    topics: list[dict]

    def to_json(self) -> dict:
        from rmlog.app.documents import exchange_document, interaction_document, open_promise_document, person_document

        return {
            "person": person_document(self.row, self.moment),
            "open_commitments": [open_promise_document(c) for c in self.promises],
            "exchanges": {"gave": self.gave, "received": self.received,
                          "latest": [exchange_document(e, self.row.person.handle) for e in self.exchanges[:EXCHANGES]]},
            "conversations": [interaction_document(i, [p.handle for p in people], [p.name for p in people])
                              for i, people in self.talks],
            "upcoming": self.upcoming,
            "topics": self.topics,
        }


def brief(session, moment: datetime, person_id: int, since: datetime | None = None) -> BriefView:
    """The brief on one person (resolved to person_id) at moment, of what happened since a
    moment (everything when since is None)."""
    from rmlog.reports.promises import is_overdue
    from rmlog.store.queries import exchanges_of, interactions_of, person_row
    from rmlog.store.rows import commitment_rows
    from rmlog.store.search import recurring_topics

    row = person_row(session, person_id)
    promises = commitment_rows(session, open_only=True, person_id=person_id)
    exchanges = [e for e in exchanges_of(session, person_id, limit=200) if since is None or e.occurred_at >= since]
    gave = sum(1 for e in exchanges if e.direction == "gave")
    return BriefView(
        row=row,
        moment=moment,
        promises=promises,
        overdue=frozenset(c.id for c in promises if is_overdue(c.status, c.due_at, moment)),
        exchanges=exchanges,
        gave=gave,
        received=len(exchanges) - gave,
        talks=interactions_of(session, person_id, since=since, limit=CONVERSATIONS),
        upcoming=_upcoming(row.person, promises, moment),
        topics=recurring_topics(session, person_id, since),
    )


def _upcoming(p, promises, moment: datetime) -> list[dict]:
    """The next birthday and promises due within UPCOMING_DAYS (overdue ones too), soonest first."""
    from rmlog.clock import to_local
    from rmlog.reports.birthdays import next_occurrence, parse_birthday

    today = to_local(moment).date()
    items = []
    born = parse_birthday(p.birthday)
    if born:
        day = next_occurrence(born[1], born[2], today)
        if (day - today).days <= UPCOMING_DAYS:
            items.append({"what": "birthday", "date": day.isoformat(), "days": (day - today).days, "id": None})
    for c in promises:
        if c.due_at is not None and c.due_at <= moment + timedelta(days=UPCOMING_DAYS):
            day = to_local(c.due_at).date()
            items.append({"what": f"{'you' if c.owner == 'me' else 'they'} promised: {c.what}",
                          "date": day.isoformat(), "days": (day - today).days, "id": c.id})
    return sorted(items, key=lambda item: item["date"])
