"""Keep the due snapshot (rmlog.snapshot) in step with the journal: every write command
forgets it after its commit (the command line registers forget() as a commit hook, see
rmlog.store.commit_hooks), and the next full `due` or `prompt` rebuilds it. A write so costs
the same at any size; the rebuild is paid once, by the first read after it.

The counts always come from the due report (rmlog.store.rows.due_report), never from a
second computation. A snapshot is only saved when the journal files, the config file and TZ
are the same after the report was read as before, so a write racing with it is never hidden.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rmlog import snapshot
from rmlog.reports.due import DueReport, next_change, summary_counts
from rmlog.store.location import database_url


def _source(db: Path | None) -> tuple[str | None, str | None]:
    """(journal file, None) for SQLite, (None, URL) for a database URL."""
    url, path = database_url(db)
    return (str(path), None) if path is not None else (None, url)


def key(db: Path | None) -> dict[str, str]:
    """What the snapshot depends on, taken before the report is read."""
    return snapshot.key(_source(db)[0])


def record(db: Path | None, report: DueReport, snooze_ends: list[datetime], before: dict[str, str]) -> bool:
    """Save the counts of a full due report (no window, circle or tag); deleted instead when
    the journal changed since `before` or the file cannot be written. Never raises."""
    journal, url = _source(db)
    try:
        until = next_change(report, snooze_ends)
        return snapshot.save(
            journal, url, summary_counts(report), report.now.timestamp(), until.timestamp(), before
        )
    except Exception:  # the snapshot is a cache: never fail the command that feeds it
        snapshot.delete(snapshot.location(journal, url))
        return False


def refresh(db: Path | None) -> dict[str, int]:
    """Read the due report, save its counts, return them (what a stale `prompt` does)."""
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.store.engine import open_reader
    from rmlog.store.rows import due_report, snooze_ends

    moment, config = now(), load_cadences()
    before = key(db)
    with open_reader(db) as session:
        report = due_report(session, moment, config, promises=0)  # counts: no promise listed
        snoozes = snooze_ends(session, moment)
    record(db, report, snoozes, before)
    return summary_counts(report)


def forget(db: Path | None) -> None:
    """Delete the snapshot after a write to db committed, so that nothing answers from
    counts the write may have changed (a PostgreSQL write leaves no file stamp). Never raises."""
    snapshot.delete(snapshot.location(*_source(db)))
