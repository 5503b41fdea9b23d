"""Everyone in the journal, a row at a time (rmlog people)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rmlog.app.listing import Listing


@dataclass(frozen=True)
class PeopleView(Listing):
    """People in the chosen order. rows is the store's page-at-a-time iterator: present the
    view inside the session that made it, and only once (up to tens of thousands of people).
    Its rows are PersonRows for the JSON documents, Listed rows for the table."""

    rows: Iterator[Any]
    moment: datetime
    settings: Any

    def json_items(self) -> Iterator[dict]:
        from rmlog.app.documents import person_document

        return (person_document(row, self.moment) for row in self.rows)


def people(session, moment: datetime, settings, circle: str | None = None, tag: str | None = None,
           archived: bool = False, sort: str = "name", documents: bool = False) -> PeopleView:
    """The people of one circle and tag (or all), archived or not, sorted by name or by the
    longest since contact; documents: rows complete enough for the JSON documents, not the
    brief ones the table needs."""
    from rmlog.store.queries import list_people, listed_people

    if documents:
        return PeopleView(list_people(session, circle, tag, archived, sort), moment, settings)
    return PeopleView(listed_people(session, circle, tag, archived, settings.reset, sort), moment, settings)
