"""Ranked full-text search over notes, promises and people (rmlog search)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class SearchView:
    """The query as given and its hits per section (people, interactions, commitments), best
    first; each hit carries its snippet and the highlighted spans in it."""

    query: str
    hits: dict[str, list[dict[str, Any]]]

    def to_json(self) -> dict[str, Any]:
        from rmlog.reports.jsonable import to_jsonable

        return to_jsonable({"query": self.query, **self.hits})


def search(session, moment: datetime, query: str, limit: int, person: str | None = None,
           since: datetime | None = None, kind: str | None = None, section: str | None = None) -> SearchView:
    """At most limit hits per section for query from one session, ranked as of moment; person
    (a handle, alias or name), since and kind narrow notes and promises, section (notes,
    promises or people) looks in one section only."""
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.search import Filters, search_all

    filters = Filters(since=since, kind=kind, sections=(section,) if section else Filters().sections)
    if person is not None:
        filters.person_id = resolve_person_id(session, person)
    return SearchView(query, search_all(session, query.strip(), limit, filters, moment))
