"""Moving data in and out: export, import, backup, doctor."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Db, Json
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


SUFFIXES = {".json": ImportFormat.json, ".csv": ImportFormat.csv, ".vcf": ImportFormat.vcard,
            ".vcard": ImportFormat.vcard}
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

    with open_store(db) as session, open_output(output, binary=format is ExportFormat.ics) as out:
        if format is ExportFormat.json:
            _export_json(session, out)
        elif format is ExportFormat.csv:
            from rmlog.io.people_csv import write_people_csv
            from rmlog.store.transfer import people_rows

            write_people_csv(people_rows(session), out)
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
    from rmlog.store.reports import commitment_rows, person_statuses

    moment = now()
    report = build_due(person_statuses(session), [], moment, load_cadences())
    person_uids = dict(session.execute(select(person.c.handle, person.c.uid)).all())
    commitment_uids = dict(session.execute(select(commitment.c.id, commitment.c.uid)).all())
    items = [
        CalendarItem(person_uids[e.handle], f"Reconnect with {e.name}",
                     f"Last contact {render.local_date(e.last_contact)}; every {e.cadence_days} days.",
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
    file: Annotated[Path, typer.Argument(help="File to import.", exists=True, dir_okay=False, readable=True)],
    format: Annotated[Optional[ImportFormat], typer.Option("--format", "-f", help="json, csv or vcard [default: from the file name].")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")] = False,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="CSV: import the good rows even if some are bad.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Import an rmlog JSON export, people from CSV, or contacts from vCards; merges, never duplicates.

    \b
    Example:
      rmlog import backup.json
      rmlog import contacts.vcf --dry-run
      rmlog import people.csv --skip-bad
    """
    from rmlog.clock import now
    from rmlog.store.engine import open_store

    kind = format or SUFFIXES.get(file.suffix.lower())
    if kind is None:
        raise InputError(f"cannot tell the format of {file.name}; pass --format json, csv or vcard")
    load = {ImportFormat.json: _load_json, ImportFormat.csv: _load_csv, ImportFormat.vcard: _load_vcard}[kind]
    merge = load(file, skip_bad)
    with open_store(db, write=True) as session:
        with session.begin_nested() as savepoint:
            report = merge(session, now())
            if dry_run:
                savepoint.rollback()
    for note in report.notes:
        render.warn(render.inert(note))
    if json:
        render.emit_json({"dry_run": dry_run, **report.to_json()})
        return
    render.line(_summary(report, dry_run))


def _load_json(file: Path, skip_bad: bool):
    from rmlog.io.jsonl import read_json_document
    from rmlog.store.transfer import import_document

    document = read_json_document(file)
    return lambda session, moment: import_document(session, document, moment, file.name)


def _load_csv(file: Path, skip_bad: bool):
    from rmlog.io.people_csv import read_people_csv
    from rmlog.store.contacts import merge_contacts

    try:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            rows, errors = read_people_csv(handle)
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
    return lambda session, moment: merge_contacts(session, records, moment)


def _load_vcard(file: Path, skip_bad: bool):
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
    return lambda session, moment: merge_contacts(session, records, moment)


def _checked_people(rows, problems: list[str]) -> list:
    """Each (where, fields) checked by the person model; failures go to problems."""
    from rmlog.store.models import PersonIn, checked

    records = []
    for where, fields in rows:
        try:
            records.append(checked(PersonIn, fields, where))
        except InputError as error:
            problems.append(str(error))
    return records


def _summary(report, dry_run: bool) -> str:
    seen = set(report.added) | set(report.updated) | set(report.unchanged)
    kinds = [kind for kind in ("people", "interactions", "exchanges", "commitments") if kind in seen]
    if not kinds:
        return "Nothing to import."
    parts = [
        f"{kind}: {report.added[kind]} added, {report.updated[kind]} updated, {report.unchanged[kind]} unchanged"
        for kind in kinds
    ]
    prefix = "Dry run, nothing written. Would import " if dry_run else "Imported "
    return prefix + "; ".join(parts) + "."


def backup(output: Output = None, db: Db = None) -> None:
    """Copy the journal safely while it is in use (SQLite online backup).

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

    _, path = database_url(db)
    if path is None:
        raise InputError("backup copies SQLite journals; use your database's own tools for RMLOG_DATABASE_URL")
    if output is not None and (is_stdout(output) or kind_of(output)[0] == "in place"):
        pages = _streamed_backup(path, output)
        if not is_stdout(output):
            render.line(f"Backed up {path} to {output} ({pages} pages).")
        return
    target = output or path.with_name(f"rmlog-backup-{now().strftime('%Y%m%d-%H%M%S')}.db")
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


def doctor(db: Db = None, json: Json = False) -> None:
    """Check the journal: integrity, foreign keys, schema version, WAL mode, permissions.

    \b
    Example:
      rmlog doctor
    """
    from rmlog.errors import StoreError
    from rmlog.store.location import database_url
    from rmlog.store.maintenance import diagnose

    _, path = database_url(db)
    if path is None:
        raise InputError("doctor checks SQLite journals; RMLOG_DATABASE_URL points elsewhere")
    checks = diagnose(path)
    if json:
        render.emit_json({"path": str(path), "ok": all(c.ok for c in checks),
                          "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in checks]})
    else:
        render.line(f"Journal: {render.inert(path)}")
        render.table(["check", "", "detail"], [(c.name, "ok" if c.ok else "PROBLEM", c.detail) for c in checks])
    failed = [c.name for c in checks if not c.ok]
    if failed:
        raise StoreError(f"doctor found problems: {', '.join(failed)}")


def register(app: typer.Typer) -> None:
    """Add the transfer commands to the app."""
    app.command()(export)
    app.command("import")(import_)
    app.command()(backup)
    app.command()(doctor)
