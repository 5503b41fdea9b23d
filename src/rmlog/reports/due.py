"""Who to reconnect with, and which commitments are due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from .birthdays import BirthdayEntry, upcoming_birthdays
from .cadence import Window, effective_window, verdict
from .data import CadenceConfig, CommitmentRow, PersonStatus
from .days import end_of_window, is_date_only, late_now, local_date, staleness_days, start_of_local_day
from .jsonable import HIDDEN, JsonMixin


@dataclass  # not frozen: a report builds one per row, and frozen __init__ costs 5x
class DueEntry(JsonMixin):
    """A person's contact status: due from the ideal window (cadence_days), drifting from the
    maximum (max_days, not in JSON). urgency is rounded for display; sorting uses
    urgency_exact (not in JSON). last_contact is None for someone never contacted, whose
    days_since counts from when they were added."""

    handle: str
    name: str
    circle: str
    last_contact: datetime | None
    days_since: int
    cadence_days: int
    urgency: float
    days_overdue: int
    drifting: bool
    last_note: str | None
    urgency_exact: float = field(default=0.0, repr=False, metadata=HIDDEN)
    max_days: int = field(default=0, metadata=HIDDEN)


@dataclass  # not frozen: a report builds one per row, and frozen __init__ costs 5x
class CommitmentDue(JsonMixin):
    """An open commitment with a due date. person is the handle."""

    id: int
    person: str
    person_name: str
    owner: str
    what: str
    due_at: datetime
    overdue: bool


def first_line(text: str | None) -> str | None:
    """First non-empty line of a note, stripped; None when there is none."""
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return None


def last_contact_of(person: PersonStatus) -> datetime:
    """Latest contact that counts, or created_at when there is none."""
    return person.last_contact if person.last_contact is not None else person.created_at


def is_hidden(person: PersonStatus, now: datetime) -> bool:
    """Archived, or snoozed until a moment still in the future."""
    if person.archived_at is not None:
        return True
    return person.snoozed_until is not None and person.snoozed_until > now


def contact_status(
    person: PersonStatus, now: datetime, config: CadenceConfig
) -> DueEntry | None:
    """Staleness/urgency of one person, due or not; None when they have no cadence."""
    window = effective_window(person.cadence_days, person.tags, person.circle, config, person.cadence_max_days)
    if window is None:
        return None
    cadence = window.ideal
    last = last_contact_of(person)
    days = staleness_days(last, now)
    urgency = days / cadence
    return DueEntry(
        handle=person.handle,
        name=person.name,
        circle=person.circle,
        last_contact=person.last_contact,
        days_since=days,
        cadence_days=cadence,
        urgency=round(urgency, 2),
        days_overdue=days - cadence,
        drifting=verdict(days, window) == "drifting",
        last_note=first_line(person.last_note),
        urgency_exact=urgency,
        max_days=window.max,
    )


def window_of_entry(entry: DueEntry) -> Window:
    """The window a due entry was judged by."""
    return Window(entry.cadence_days, entry.max_days)


def by_urgency(entries: Iterable[DueEntry]) -> list[DueEntry]:
    """Most urgent first, then name (case-insensitive), then handle."""
    return sorted(entries, key=lambda e: (-e.urgency_exact, e.name.casefold(), e.handle))


def is_due(person: PersonStatus, entry: DueEntry | None, now: datetime) -> bool:
    """Due as every view means it: a window reached (due or drifting), and neither snoozed
    nor archived. entry is contact_status(person, ...)."""
    if entry is None or is_hidden(person, now):
        return False
    return verdict(entry.days_since, window_of_entry(entry)) in ("due", "drifting")


def due_people(
    people: Iterable[PersonStatus], now: datetime, config: CadenceConfig
) -> list[DueEntry]:
    """People to reconnect with: cadence exists, staleness >= cadence, not
    snoozed (snoozed_until > now) and not archived; sorted by urgency."""
    entries = []
    for person in people:
        if is_hidden(person, now):
            continue
        entry = contact_status(person, now, config)
        if is_due(person, entry, now):
            entries.append(entry)
    return by_urgency(entries)


def due_commitments(
    commitments: Iterable[CommitmentRow], now: datetime, within_days: int = 0
) -> list[CommitmentDue]:
    """Open commitments due by the end of local today + within_days, overdue
    first, then by due time. Commitments without a due date never appear."""
    cutoff, late = end_of_window(now, within_days), late_now(now)
    entries = [
        CommitmentDue(c.id, c.person_handle, c.person_name, c.owner, c.what, c.due_at, late(c.due_at))
        for c in commitments
        if c.status == "open" and c.due_at is not None and c.due_at < cutoff
    ]
    return sorted(entries, key=lambda e: (not e.overdue, e.due_at, e.id))


@dataclass(frozen=True)
class DueReport(JsonMixin):
    """Everything `rmlog due` shows; to_json() is the documented contract (docs/reference/json.md).

    unlisted: promises overdue since before today that are counted but not in commitments
    (a store reading for a view that shows only the first few, see overdue_before); they
    sort after the listed ones overdue since before today, before the rest."""

    now: datetime
    people: list[DueEntry]
    commitments: list[CommitmentDue]
    birthdays: list[BirthdayEntry]
    unlisted: int = field(default=0, metadata=HIDDEN)

    @property
    def anything_due(self) -> bool:
        """True when `due --exit-code` should exit 1."""
        return bool(self.people or self.commitments or self.unlisted or self.birthdays)

    @property
    def promises(self) -> int:
        """How many promises are due, listed or not."""
        return len(self.commitments) + self.unlisted


def build_due(
    people: Iterable[PersonStatus],
    commitments: Iterable[CommitmentRow],
    now: datetime,
    config: CadenceConfig,
    within_days: int = 0,
    with_birthdays: Iterable[PersonStatus] | None = None,
    unlisted: int = 0,
) -> DueReport:
    """Due people, due commitments and upcoming birthdays in one report; birthdays look
    config.birthday_days ahead, or within_days when that is further.

    with_birthdays: the people whose birthdays to consider, when `people` was narrowed
    to possible reconnections (see StaleBounds); defaults to `people`. unlisted: open
    promises due before overdue_before(now) left out of commitments (see DueReport)."""
    people = list(people)
    return DueReport(
        now=now,
        people=due_people(people, now, config),
        commitments=due_commitments(commitments, now, within_days),
        birthdays=upcoming_birthdays(
            people if with_birthdays is None else with_birthdays, now, birthday_window(config, within_days)),
        unlisted=unlisted,
    )


def overdue_before(now: datetime) -> datetime:
    """The start of today (local): an open promise due before it is overdue, whether its
    deadline is a day or an instant (see is_late). A store may count those in SQL and list
    only the first few by due time: they sort first, in that order."""
    return start_of_local_day(local_date(now, now), now)


def birthday_window(config: CadenceConfig, within_days: int = 0) -> int:
    """How many days ahead a report shows birthdays: the configured lookahead or the window."""
    return max(config.birthday_days, within_days)


def summary_counts(report: DueReport) -> dict[str, int]:
    """What `rmlog prompt` shows of a report: how many people, promises (of them overdue)
    and birthdays."""
    return {
        "people": len(report.people),
        "promises": report.promises,
        "overdue": sum(c.overdue for c in report.commitments) + report.unlisted,
        "birthdays": len(report.birthdays),
    }


def next_change(report: DueReport, snooze_ends: Iterable[datetime]) -> datetime:
    """The first moment after report.now at which its summary_counts can change with no
    write: the next local midnight (staleness, birthdays, the day's promises and date-only
    deadlines all move by calendar day), an exact deadline today turning overdue, or a
    snooze ending (snooze_ends: those of people not archived)."""
    now = report.now
    moments = [end_of_window(now, 0)]
    moments += [c.due_at for c in report.commitments if not c.overdue and not is_date_only(c.due_at, now)]
    moments += [end for end in snooze_ends if end > now]
    return min(moments)


@dataclass(frozen=True)
class StaleBounds:
    """A cheap test the store can run in SQL to skip people who cannot be due now.

    Someone with no cadence of their own and no tag in `tags` is due only if their last
    contact (or creation) is earlier than `before[circle]`. Everyone else stays a candidate;
    due_people still decides exactly.
    """

    before: dict[str, datetime]
    tags: tuple[str, ...]


def stale_bounds(config: CadenceConfig, now: datetime) -> StaleBounds:
    """Per circle, the local midnight before which a last contact means staleness >= cadence."""
    today = local_date(now, now)
    before = {
        circle: start_of_local_day(today - timedelta(days=days - 1), now)
        for circle, days in config.circles.items()
        if days and days > 0
    }
    return StaleBounds(before, tuple(sorted(config.folded_tags)))
