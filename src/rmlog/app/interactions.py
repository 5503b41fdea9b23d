"""Logged interactions with their numbers, newest first (rmlog interactions)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rmlog.app.listing import Listing


@dataclass(frozen=True)
class InteractionsView(Listing):
    """Interactions, newest first, each with everyone in it; person_id: the person they were
    listed for (None: everyone's)."""

    rows: list[tuple[Any, list[Any]]]
    person_id: int | None = None

    def json_items(self) -> Iterator[dict]:
        from rmlog.app.documents import interaction_document

        for row, people in self.rows:
            yield interaction_document(row, [p.handle for p in people], [p.name for p in people])


def interactions(session, person: str | None = None, since: datetime | None = None,
                 limit: int | None = None) -> InteractionsView:
    """At most limit interactions from one session, of one person (a handle, alias or name)
    or everyone's, since a moment or ever."""
    from rmlog.store.queries import interactions_of, resolve_person_id

    person_id = resolve_person_id(session, person) if person is not None else None
    return InteractionsView(interactions_of(session, person_id, since, limit, everyone=True), person_id)
