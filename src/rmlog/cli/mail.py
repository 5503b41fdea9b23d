"""`rmlog import` of a mailbox: mail threads with known people become interactions."""

from __future__ import annotations

from pathlib import Path

from rmlog import render


def import_mail(file: Path, format: str, since: str | None, new: bool, circle, dry_run: bool,
                db, json: bool) -> None:
    """One interaction of kind email per thread per day with a known person, once each."""
    from rmlog.cli.unmatched import list_unmatched
    from rmlog.clock import now
    from rmlog.config import load_me
    from rmlog.dates import parse_since
    from rmlog.io.mail import read_mail
    from rmlog.store.engine import open_store, rehearsed
    from rmlog.store.meetings import import_meetings

    moment, me = now(), load_me()
    start = parse_since(since, moment) if since else None
    mail = read_mail(file, format, me=me, now=moment, since=start)
    if not me:
        render.warn("your own addresses are not set, so every thread counts as started by them "
                    "and your own address counts as someone else's; "
                    "set them with: rmlog config --me you@example.com")
    with open_store(db, write=True) as session, rehearsed(session, dry_run):
        result = import_meetings(session, mail.conversations, moment, add_unknown=new,
                                 circle=circle.value if circle else None)
    if json:
        render.emit_json(_document(result, dry_run, mail))
    else:
        _render(result, dry_run, mail)
    list_unmatched(result.unmatched, ("conversation", "conversations"))


def _document(result, dry_run: bool, mail) -> dict:
    return {
        "dry_run": dry_run,
        "messages": mail.messages,
        "skipped": dict(sorted(mail.skipped.items())),
        "added": {"interactions": result.added, "people": result.people_added},
        "updated": {"interactions": result.updated},
        "unchanged": {"interactions": result.unchanged},
        "conversations": [
            {"source": c.key, "occurred_at": c.start, "kind": c.kind, "notes": c.note,
             "initiated_by": c.initiated_by, "with": handles}
            for c, handles in result.changed
        ],
        "unmatched": [{"email": u.email, "name": u.name, "conversations": u.meetings}
                      for u in result.unmatched],
    }


def _render(result, dry_run: bool, mail) -> None:
    if dry_run and result.changed:
        render.table(
            ["when", "with", "subject"],
            [(render.local_time(c.start), render.named(handles, result.names), render.first_line(c.note, 40))
             for c, handles in result.changed],
            title=f"Would add or update ({len(result.changed)})",
        )
    skipped = ", ".join(f"{count} {reason}" for reason, count in sorted(mail.skipped.items()))
    render.line(f"{mail.messages} messages, {len(mail.conversations)} conversations"
                + (f" (skipped: {skipped})." if skipped else "."))
    from rmlog.cli.unmatched import counts

    if dry_run:
        render.line(f"Dry run, nothing written. Would import {counts(result)}.")
    else:
        render.line(f"Imported {counts(result)}.")
