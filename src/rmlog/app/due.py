"""The morning report: whom to reconnect with, which promises fall due, whose birthday comes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rmlog.reports.birthdays import BirthdayEntry
from rmlog.reports.data import CadenceConfig
from rmlog.reports.due import CommitmentDue, DueEntry, DueReport, first_line


@dataclass(frozen=True)
class DueView:
    """What `rmlog due` shows. report is everything due, uncut (what the due snapshot counts);
    people are the most urgent of report.people, each with their last note; text lists at
    most `capacity` promises and birthdays (None: all of them, --all), and the report lists
    no more of the promises than that (it counts the others, see DueReport.unlisted)."""

    report: DueReport
    people: list[DueEntry]
    capacity: int | None
    empty_journal: bool
    snooze_ends: list[datetime]

    @property
    def more(self) -> int:
        """How many people due were left out (the day's capacity or --limit)."""
        return len(self.report.people) - len(self.people)

    @property
    def commitments(self) -> list[CommitmentDue]:
        """The promises listed: all of them, or at least the first `capacity`."""
        return self.report.commitments

    @property
    def promises(self) -> int:
        """How many promises are due, listed or not."""
        return self.report.promises

    @property
    def birthdays(self) -> list[BirthdayEntry]:
        return self.report.birthdays

    @property
    def anything_due(self) -> bool:
        """True when `due --exit-code` should exit 1."""
        return self.report.anything_due

    def to_json(self) -> dict[str, Any]:
        """The report with the people shown, and how many more are due."""
        return {**dataclasses.replace(self.report, people=self.people).to_json(), "more": self.more}


def is_whole(within_days: int, circle: str | None, tag: str | None) -> bool:
    """Whether a report covers the whole journal today (no window, circle or tag): the one
    whose counts the due snapshot keeps."""
    return within_days == 0 and circle is None and tag is None


def due(
    session, moment: datetime, config: CadenceConfig, capacity: int | None, within_days: int = 0,
    circle: str | None = None, tag: str | None = None, limit: int | None = None, notes: bool = True,
) -> DueView:
    """The report of `rmlog due` at a moment: the most urgent `limit` people (else `capacity`
    of them; None: everyone due) with their last note unless notes is False (--quiet), and
    every promise and birthday, which text cuts to capacity."""
    from rmlog.store.queries import has_people
    from rmlog.store.rows import due_report, last_notes, snooze_ends

    report = due_report(session, moment, config, within_days, circle, tag, promises=capacity)
    count = limit or capacity
    shown = report.people[:count] if count else report.people
    found = last_notes(session, [entry.handle for entry in shown]) if notes else {}
    return DueView(
        report=report,
        people=[dataclasses.replace(e, last_note=first_line(found.get(e.handle))) for e in shown],
        capacity=capacity,
        empty_journal=not report.anything_due and not has_people(session),
        snooze_ends=snooze_ends(session, moment) if is_whole(within_days, circle, tag) else [],
    )
