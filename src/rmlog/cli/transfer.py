"""Moving data in and out: export, import, backup, doctor."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import SINCE_FORMS, Db, Fmt, Json
from rmlog.vocab import Circle
from rmlog.cli.outfile import is_stdout
from rmlog.errors import InputError


class ExportFormat(str, Enum):
    """What export writes."""

    json = "json"
    csv = "csv"
    ics = "ics"


class ImportFormat(str, Enum):
    """What import reads."""

    json = "json"
    csv = "csv"
    vcard = "vcard"
    ics = "ics"
    maildir = "maildir"
    mbox = "mbox"


SUFFIXES = {".json": ImportFormat.json, ".csv": ImportFormat.csv, ".vcf": ImportFormat.vcard,
            ".vcard": ImportFormat.vcard, ".ics": ImportFormat.ics, ".mbox": ImportFormat.mbox}
MAIL = (ImportFormat.maildir, ImportFormat.mbox)
TIMED = (ImportFormat.ics, *MAIL)
SERIES_SHOWN = 20
WARNINGS_SHOWN = 20
LONG_SERIES = 50  # occurrences of one recurring event the dry run lists
BULK_CIRCLE = "periphery"  # people a CSV or vCard import adds: 800 phone contacts must not all fall due
LEFT_OUT = ("declined", "unanswered", "cancelled", "without you")
Output = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help="Write here instead of stdout (- is stdout).", dir_okay=False),
]


def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json (everything), csv (people), ics (due to-dos).")] = ExportFormat.json,
    output: Output = None,
    db: Db = None,
) -> None:
    """Export the journal: a full JSON backup, people as CSV, or due items as a calendar.

    \b
    Example:
      rmlog export -o backup.json
      rmlog export --format csv -o people.csv
      rmlog export --format ics -o due.ics
    """
    from rmlog.store.engine import open_store

    from rmlog.cli.outfile import open_output

    shown = render.inert_json if format is ExportFormat.json else render.inert_lines
    with open_store(db) as session, open_output(output, format is ExportFormat.ics, shown) as out:
        if format is ExportFormat.json:
            _export_json(session, out)
        elif format is ExportFormat.csv:
            from rmlog.io.people_csv import write_people_csv
            from rmlog.store.transfer import CSV_COLUMNS, people_rows

            write_people_csv(people_rows(session), out, CSV_COLUMNS)
        else:
            out.write(_calendar(session))
    if not is_stdout(output):
        render.line(f"Exported {format.value} to {output}.")


def _export_json(session, out) -> None:
    from rmlog.clock import iso_local, now
    from rmlog.io.jsonl import write_json_document
    from rmlog.store.migrations import names
    from rmlog.store.transfer import EXPORT_FORMAT, export_sections

    header = {"rmlog_export": EXPORT_FORMAT, "schema_version": len(names()), "exported_at": iso_local(now())}
    write_json_document(out, header, export_sections(session))


def _calendar(session) -> bytes:
    from sqlalchemy import select

    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.io.ics import CalendarItem, build_calendar
    from rmlog.reports.due import build_due
    from rmlog.store.models import commitment, person
    from rmlog.store.rows import commitment_rows, person_statuses

    moment = now()
    config = load_cadences()
    report = build_due(person_statuses(session, reset=config.reset), [], moment, config)
    person_uids = dict(session.execute(select(person.c.handle, person.c.uid)).all())
    commitment_uids = dict(session.execute(select(commitment.c.id, commitment.c.uid)).all())
    items = [
        CalendarItem(person_uids[e.handle], f"Reconnect with {e.name}",
                     f"Last contact {render.local_date(e.last_contact) or 'never'}; every {e.cadence_days} days.",
                     moment.date(), "reconnect")
        for e in report.people
    ] + [
        CalendarItem(commitment_uids[c.id],
                     f"{c.what} (promised to {c.person_name})" if c.owner == "me" else f"{c.person_name} promised: {c.what}",
                     f"rmlog commitment #{c.id}; mark it with: rmlog done {c.id}", c.due_at, "commitment")
        for c in commitment_rows(session, open_only=True)
        if c.due_at is not None
    ]
    return build_calendar(items, moment)


def import_(
    file: Annotated[Path, typer.Argument(help="File to import, a folder of .ics files (khal, vdirsyncer) or a Maildir.", exists=True, readable=True)],
    format: Annotated[Optional[ImportFormat], typer.Option("--format", "-f", help="json, csv, vcard, ics, maildir or mbox [default: from the file].")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")] = False,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="CSV, vCard, a folder of .ics: import the good ones even if some are bad.")] = False,
    circle: Annotated[Optional[Circle], typer.Option("--circle", "-c", help="The circle of people the import adds [default: periphery].", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--since", help=f"ics, mail: only meetings or mail since: 90d, 1y, {SINCE_FORMS} [default: all; recurring events: 2 years back].")] = None,
    new: Annotated[bool, typer.Option("--new", help="ics, mail: add a person for every address that matches nobody.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="ics: refuse a file with an unreadable event, instead of skipping the event.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Import an rmlog JSON export, people from CSV or vCards, meetings from a calendar or
    mail threads from a mailbox (headers only); merges, never duplicates. Recurring events
    are read from --since, else from 2 years back.

    \b
    Example:
      rmlog import backup.json
      rmlog import contacts.vcf --dry-run --circle network
      rmlog import people.csv --skip-bad
      rmlog import calendar.ics --since 90d --dry-run
      rmlog import ~/.calendars/work --new
      rmlog import ~/Mail/INBOX --since 90d --dry-run
    """
    from rmlog.clock import now
    from rmlog.store.engine import open_store, rehearsed

    kind = _import_format(file, format)
    _check_options(kind, circle, since, new, strict)
    if kind is ImportFormat.ics:
        _import_calendar(file, since, new, circle, dry_run, skip_bad, strict, db, json)
        return
    if kind in MAIL:
        from rmlog.cli.mail import import_mail

        import_mail(file, kind.value, since, new, circle, dry_run, db, json)
        return
    load = {ImportFormat.json: _load_json, ImportFormat.csv: _load_csv, ImportFormat.vcard: _load_vcard}[kind]
    added_to = circle.value if circle else BULK_CIRCLE
    merge = load(file, skip_bad, added_to)
    with open_store(db, write=True) as session, rehearsed(session, dry_run):
        report = merge(session, now())
    for note in report.notes:
        render.warn(render.inert(note))
    if json:
        render.emit_json({"dry_run": dry_run, **report.to_json()})
        return
    render.line(_summary(report, dry_run))
    if kind is not ImportFormat.json and report.added.get("people"):
        render.line(_where_added(added_to, kind is ImportFormat.csv, dry_run))


def _import_format(file: Path, format: ImportFormat | None) -> ImportFormat:
    from rmlog.io.mail import is_maildir

    if file.is_dir():
        if format is ImportFormat.maildir or (format is None and is_maildir(file)):
            return ImportFormat.maildir
        if format not in (None, ImportFormat.ics):
            raise InputError(f"{file} is a folder; import reads a file, a folder of .ics files or a "
                             "Maildir (for a folder of .vcf files: rmlog contacts sync)")
        return ImportFormat.ics
    kind = format or SUFFIXES.get(file.suffix.lower()) or _sniffed(file)
    if kind is None:
        raise InputError(f"cannot tell the format of {file.name}; "
                         "pass --format json, csv, vcard, ics, maildir or mbox")
    return kind


def _sniffed(file: Path) -> ImportFormat | None:
    """An mbox without a suffix starts with its first message's 'From ' line."""
    try:
        with open(file, "rb") as handle:
            return ImportFormat.mbox if handle.read(5) == b"From " else None
    except OSError:
        return None


def _check_options(kind: ImportFormat, circle, since: str | None, new: bool, strict: bool) -> None:
    if kind not in TIMED and (since is not None or new):
        raise InputError(f"--since and --new are for calendars and mail; {kind.value} imports take neither")
    if kind is not ImportFormat.ics and strict:
        raise InputError(f"--strict is for calendars (.ics); {kind.value} imports take none")
    if kind is ImportFormat.json and circle is not None:
        raise InputError("--circle is for people from CSV, vCard or a calendar; a JSON export keeps its circles")
    if kind in TIMED and circle is not None and not new:
        raise InputError(f"--circle with {kind.value} is the circle of the people --new adds; pass --new too")


def _import_calendar(file: Path, since: str | None, new: bool, circle, dry_run: bool,
                     skip_bad: bool, strict: bool, db, json: bool) -> None:
    """Past meetings you took part in, with known people, become interactions, once each."""
    from rmlog.clock import now
    from rmlog.config import load_me
    from rmlog.dates import parse_since
    from rmlog.io.calendar import CalendarError, read_calendar
    from rmlog.store.engine import open_store, rehearsed
    from rmlog.store.meetings import import_meetings

    moment, me = now(), load_me()
    start = parse_since(since, moment) if since else None
    calendar = read_calendar(file, me=me, now=moment, since=start, strict=strict)
    if calendar.skipped and not skip_bad:
        more = f" (and {len(calendar.skipped) - 1} more files)" if len(calendar.skipped) > 1 else ""
        raise CalendarError(f"{calendar.skipped[0].reason}{more}; nothing imported "
                            "(fix it or pass --skip-bad to import the other files)")
    for skipped in calendar.skipped:
        render.warn(f"skipped {render.inert(skipped.reason)}")
    _warn_all(calendar.warnings)
    if not me:
        render.warn("your own addresses are not set, so events you declined or never answered "
                    "count too; rmlog config --me you@example.com makes the import exact")
    if calendar.cut_series and start is None:
        render.warn(f"recurring events are read from {render.local_date(calendar.expanded_from)} "
                    f"({calendar.cut_series} series began earlier); pass --since to read further back")
    with open_store(db, write=True) as session, rehearsed(session, dry_run):
        result = import_meetings(session, calendar.meetings, moment, add_unknown=new,
                                 circle=circle.value if circle else None)
    series = _long_series(result.changed)
    if json:
        render.emit_json(_calendar_json(result, dry_run, calendar, series))
    else:
        _render_calendar(result, dry_run, len(calendar.meetings), calendar.left_out, series)
    from rmlog.cli.unmatched import list_unmatched

    list_unmatched(result.unmatched)


def _warn_all(warnings: list[str]) -> None:
    for warning in warnings[:WARNINGS_SHOWN]:
        render.warn(render.inert(warning))
    if len(warnings) > WARNINGS_SHOWN:
        render.warn(f"... and {len(warnings) - WARNINGS_SHOWN} more warnings (all of them: --json)")


def _long_series(changed) -> list[dict]:
    """Series with at least LONG_SERIES of the meetings, most first: title, count, first, with."""
    found: dict[str, dict] = {}
    for meeting, handles in changed:
        if meeting.series is None:
            continue
        entry = found.setdefault(meeting.series, {
            "title": render.first_line(meeting.note, 30), "occurrences": 0,
            "since": meeting.start, "with": handles})
        entry["occurrences"] += 1
    long = [entry for entry in found.values() if entry["occurrences"] >= LONG_SERIES]
    return sorted(long, key=lambda entry: (-entry["occurrences"], entry["since"]))


def _calendar_json(result, dry_run: bool, calendar, series: list[dict]) -> dict:
    return {
        "dry_run": dry_run,
        "added": {"interactions": result.added, "people": result.people_added},
        "updated": {"interactions": result.updated},
        "unchanged": {"interactions": result.unchanged},
        "left_out": dict(sorted(calendar.left_out.items())),
        "meetings": [
            {"source": meeting.key, "occurred_at": meeting.start, "kind": meeting.kind,
             "notes": meeting.note, "initiated_by": meeting.initiated_by, "with": handles}
            for meeting, handles in result.changed
        ],
        "series": series,
        "unmatched": [{"email": u.email, "name": u.name, "meetings": u.meetings} for u in result.unmatched],
        "skipped": [{"path": str(s.path), "reason": s.reason} for s in calendar.skipped],
        "warnings": calendar.warnings,
    }


def _render_calendar(result, dry_run: bool, found: int, left_out, series: list[dict]) -> None:
    if dry_run and result.changed:
        render.table(
            ["when", "kind", "with", "note"],
            [(render.local_time(meeting.start), meeting.kind, render.named(handles, result.names),
              render.first_line(meeting.note, 40)) for meeting, handles in result.changed],
            title=f"Would add or update ({len(result.changed)})",
        )
    if dry_run and series:
        render.line("Long series (pass --since to import less of them):")
        for entry in series[:SERIES_SHOWN]:
            render.line(render.inert(
                f"  {entry['title']}: {entry['occurrences']:,} occurrences since "
                f"{render.local_date(entry['since'])} with {render.named(entry['with'], result.names)}"))
    from rmlog.cli.unmatched import counts

    if dry_run:
        render.line(f"Dry run, nothing written. {found} past meetings; would import {counts(result)}.")
    else:
        render.line(f"{found} past meetings; imported {counts(result)}.")
    if left_out:
        reasons = ", ".join(f"{left_out[reason]} {reason}" for reason in LEFT_OUT if left_out[reason])
        render.line(f"Left out: {reasons}.")


def _load_json(file: Path, skip_bad: bool, circle: str | None):
    from rmlog.io.jsonl import read_json_document
    from rmlog.store.transfer import import_document

    document = read_json_document(file)
    return lambda session, moment: import_document(session, document, moment, file.name)


def _load_csv(file: Path, skip_bad: bool, circle: str | None):
    from rmlog.io.people_csv import read_people_csv
    from rmlog.store.contacts import merge_contacts
    from rmlog.store.transfer import CSV_COLUMNS, CSV_LISTS

    try:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            rows, errors = read_people_csv(handle, CSV_COLUMNS, CSV_LISTS)
    except UnicodeDecodeError:
        raise InputError(f"{file} is not UTF-8 text; save it as UTF-8 CSV") from None
    problems = [f"line {e.line}: {e.message}" for e in errors]
    records = _checked_people(((f"line {line}", cells) for line, cells in rows), problems)
    if problems and not skip_bad:
        listed = "; ".join(problems[:5])
        more = f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InputError(f"{file.name} {listed}{more}; nothing imported (fix them or pass --skip-bad)")
    for problem in problems:
        render.warn(f"{file.name}: skipped {problem}")
    return lambda session, moment: merge_contacts(session, records, moment, circle)


def _load_vcard(file: Path, skip_bad: bool, circle: str | None):
    from rmlog.io.vcard import read_vcard_file
    from rmlog.store.contacts import merge_contacts

    result = read_vcard_file(file)
    for card in result.skipped:
        render.warn(f"{file}: skipped card {card.index} (line {card.line}): {card.reason}")
    problems: list[str] = []
    cards = ((f"card {index} (line {line})", fields) for index, line, fields in result.records)
    records = _checked_people(cards, problems)
    if problems and not skip_bad:
        raise InputError(f"{file.name} {problems[0]}; nothing imported (fix it or pass --skip-bad)")
    for problem in problems:
        render.warn(f"{file.name}: skipped {problem}")
    return lambda session, moment: merge_contacts(session, records, moment, circle)


def _checked_people(rows, problems: list[str]) -> list:
    """Each (where, fields) checked by the person model; failures go to problems."""
    from rmlog.store.models import checked
    from rmlog.store.shapes import PersonIn

    records = []
    for where, fields in rows:
        try:
            records.append(checked(PersonIn, fields, where))
        except InputError as error:
            problems.append(str(error))
    return records


def _where_added(circle: str, csv: bool, dry_run: bool) -> str:
    """Which circle the people an import added went to, and how to move one of them."""
    own = " (unless their circle column names one)" if csv else ""
    go = "would go" if dry_run else "went"
    return f'New people {go} to the {circle} circle{own}; move someone with: rmlog move NAME core --why "..."'



def _summary(report, dry_run: bool) -> str:
    seen = set(report.added) | set(report.updated) | set(report.unchanged)
    kinds = [kind for kind in ("people", "interactions", "exchanges", "commitments", "moves") if kind in seen]
    if not kinds:
        return "Nothing to import."
    parts = [
        f"{kind}: {report.added[kind]} added, {report.updated[kind]} updated, {report.unchanged[kind]} unchanged"
        for kind in kinds
    ]
    prefix = "Dry run, nothing written. Would import " if dry_run else "Imported "
    return prefix + "; ".join(parts) + "."


def backup(output: Output = None, db: Db = None) -> None:
    """Copy the journal safely while it is in use (SQLite online backup; JSON on PostgreSQL).

    The copy is written beside its target and renamed into place once whole; an existing
    file is never overwritten. `-o -`, a pipe or a device gets the finished copy streamed.

    \b
    Example:
      rmlog backup -o ~/rmlog-backup.db
      rmlog backup -o - | gzip > rmlog-backup.db.gz
      rmlog --db ~/rmlog-backup.db people     # look inside a backup
    """
    import os

    from rmlog.cli.outfile import kind_of
    from rmlog.clock import now
    from rmlog.store.location import database_url
    from rmlog.store.maintenance import backup as copy

    url, path = database_url(db)
    stamp = now().strftime("%Y%m%d-%H%M%S")
    if path is None:
        _backup_server(url, output, stamp)
        return
    if output is not None and (is_stdout(output) or kind_of(output)[0] == "in place"):
        pages = _streamed_backup(path, output)
        if not is_stdout(output):
            render.line(f"Backed up {path} to {output} ({pages} pages).")
        return
    target = output or path.with_name(f"rmlog-backup-{stamp}.db")
    if os.path.lexists(target):  # a dangling symlink too: never renamed over
        raise InputError(f"{target} exists; choose another -o or remove it first")
    pages = copy(path, target)
    render.line(f"Backed up {path} to {target} ({pages} pages).")


def _streamed_backup(path: Path, output: Path) -> int:
    """Back up into a temp file beside the journal, then copy it to stdout, a pipe or a device."""
    import shutil

    from rmlog.cli.outfile import open_output, temp_beside
    from rmlog.store.maintenance import backup as copy

    temp = temp_beside(path)
    try:
        pages = copy(path, temp)
        with open(temp, "rb") as source, open_output(output, binary=True) as out:
            shutil.copyfileobj(source, out)
    finally:
        temp.unlink(missing_ok=True)
    return pages


def _backup_server(url: str, output: Path | None, stamp: str) -> None:
    """A database server has its own tools for a full copy; this writes the JSON export."""
    import os

    from rmlog.cli.outfile import kind_of, open_output
    from rmlog.store.engine import open_store
    from rmlog.store.location import default_db_path
    from rmlog.store.postgres_direct import shown

    target = output or default_db_path().parent / f"rmlog-backup-{stamp}.json"
    streamed = is_stdout(target) or kind_of(target)[0] == "in place"
    if not streamed and os.path.lexists(target):
        raise InputError(f"{target} exists; choose another -o or remove it first")
    if output is None:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open_store() as session, open_output(target) as out:
        _export_json(session, out)
    if not is_stdout(target):
        render.line(f"Backed up {render.inert(shown(url))} to {target} as a JSON export "
                    "(restore with rmlog import; pg_dump copies the whole database).")


def doctor(
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", "--rebuild-search",
        help="Build what the database derives from the journal again first: the search index and each "
             "person's last contact.")] = False,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Check the journal: integrity, foreign keys, schema version, WAL mode, permissions, and
    that the search index and each person's last contact match the journal.

    On PostgreSQL: the connection, the schema version, dangling references, the search index,
    the last contacts.

    \b
    Example:
      rmlog doctor
      rmlog doctor --rebuild
    """
    from rmlog import present
    from rmlog.app.doctor import doctor as doctor_view
    from rmlog.errors import StoreError

    if rebuild:
        from rmlog.store import fulltext, last_contact
        from rmlog.store.engine import open_store
        from rmlog.store.migrations import build_progress

        with open_store(db, write=True) as session, build_progress("Rebuilding the search index") as progress:
            fulltext.rebuild(session.connection(), progress)
            last_contact.rebuild(session.connection())
    view = doctor_view(db)
    present.show(view)
    if view.failed():
        raise StoreError(f"doctor found problems: {', '.join(view.failed())}")


def register(app: typer.Typer) -> None:
    """Add the transfer commands to the app."""
    app.command()(export)
    app.command("import")(import_)
    app.command()(backup)
    app.command()(doctor)
