"""Give and take per person over a window (rmlog balance)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rmlog.reports.balance import BalanceEntry
from rmlog.reports.jsonable import HIDDEN, JsonMixin

BALANCE_WINDOW = "365d"
"""The default window of balance, and the one plan and show judge give and take over."""


def balance_window_start(moment: datetime) -> datetime:
    """Start of the default balance window (the last year) before moment."""
    from rmlog.dates import parse_since

    return parse_since(BALANCE_WINDOW, moment)


@dataclass(frozen=True)
class BalanceView(JsonMixin):
    """Each person's give and take since a moment, flagged first. people: everyone (only the
    flagged ones when one-sided was asked for), as JSON lists them; listed: the rows the table
    shows, without people with nothing given or received unless all were asked for;
    all_balanced: one-sided was asked for and someone is in the window, so an empty list
    means nobody is one-sided (rather than nothing given or received)."""

    since: datetime
    people: list[BalanceEntry]
    listed: list[BalanceEntry] = field(metadata=HIDDEN)
    all_balanced: bool = field(metadata=HIDDEN)


def balance(
    session, since: datetime, person: str | None = None, one_sided: bool = False, everyone: bool = False
) -> BalanceView:
    """Balance since a moment, of one person (a handle, name, alias or prefix) or of all;
    one_sided: only flagged relationships; everyone: list people with nothing given or
    received too."""
    from rmlog.reports.balance import balance_report
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.rows import iter_balance_rows

    person_id = resolve_person_id(session, person) if person is not None else None
    entries = balance_report(iter_balance_rows(session, since, person_id))  # rows go as entries come
    people = [e for e in entries if e.flags] if one_sided else entries
    listed = people if everyone else [e for e in people if e.gave or e.received or e.flags]
    return BalanceView(since, people, listed, all_balanced=bool(entries) and one_sided)
