"""People as CSV: one header row, every field quoted, lists joined with '; '.

Columns, in order: uid, handle, name, aliases, emails, phones, company, role, circle,
cadence_days, tags, birthday, how_met, needs, offers, notes, created_at, archived_at.
aliases, emails, phones and tags are lists. Only name is required when importing; columns
may come in any order. Cells that a spreadsheet would run as a formula (starting with
= + - @ tab or carriage return) are written with a leading ' and read back without it.
Open files with newline='' as the csv module asks.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from rmlog.errors import InputError
from rmlog.dates import normalise_birthday
from rmlog.handles import normalise_tags
from rmlog.io.records import CIRCLES, ContactRecord

COLUMNS = (
    "uid", "handle", "name", "aliases", "emails", "phones", "company", "role", "circle",
    "cadence_days", "tags", "birthday", "how_met", "needs", "offers", "notes",
    "created_at", "archived_at",
)
LIST_COLUMNS = {"aliases", "emails", "phones", "tags"}
LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class PeopleCsvError(InputError):
    """The file as a whole cannot be imported: no header, unknown or duplicate columns (exit 2)."""


@dataclass
class RowError:
    """A rejected row: the 1-based file line where it starts, and why."""

    line: int
    message: str


def write_people_csv(records: Iterable[dict[str, Any]], fileobj: IO[str]) -> None:
    """Write the header, then one row per record as it arrives; keys outside COLUMNS are ignored."""
    writer = csv.writer(fileobj, quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow(neutralise(_cell(record.get(column))) for column in COLUMNS)


def read_people_csv(fileobj: IO[str]) -> tuple[list[ContactRecord], list[RowError]]:
    """Records of the good rows and the errors of the bad ones; blank rows are skipped.

    Raises PeopleCsvError when the header is missing or names unknown or repeated columns.
    """
    reader = csv.reader(fileobj)
    header = _read_header(reader)
    records: list[ContactRecord] = []
    errors: list[RowError] = []
    line = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            _collect(header, row, line, records, errors)
        line = reader.line_num + 1
    return records, errors


def neutralise(cell: str) -> str:
    """Prefix ' to a cell a spreadsheet would run as a formula, even if already so prefixed."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def unneutralise(cell: str) -> str:
    """Undo neutralise: drop one leading ' when what follows it is a neutralised formula start."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _read_header(reader) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise PeopleCsvError("empty CSV file: expected a header row with a 'name' column") from None
    header = [cell.strip().lower().lstrip("\ufeff") for cell in header]
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise PeopleCsvError(f"line 1: unknown column(s) {names}; known: {', '.join(COLUMNS)}")
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise PeopleCsvError(f"line 1: repeated column(s) {', '.join(repeated)}")
    if "name" not in header:
        raise PeopleCsvError("line 1: the header has no 'name' column")
    return header


def _collect(header, row, line, records, errors) -> None:
    if len(row) > len(header):
        errors.append(RowError(line, f"{len(row)} cells but the header has {len(header)} columns"))
        return
    cells = {column: unneutralise(cell).strip() for column, cell in zip(header, row)}
    try:
        records.append(_record(cells))
    except ValueError as error:
        errors.append(RowError(line, str(error)))


def _record(cells: dict[str, str]) -> ContactRecord:
    """The record of one row's cells; raises ValueError naming the first bad cell."""
    name = cells.get("name", "")
    if not name:
        raise ValueError("name is empty")
    lists = {column: _split(cells.get(column, "")) for column in LIST_COLUMNS}
    return ContactRecord(
        name=name,
        uid=cells.get("uid") or None,
        handle=cells.get("handle") or None,
        aliases=lists["aliases"],
        emails=lists["emails"],
        phones=lists["phones"],
        company=cells.get("company") or None,
        role=cells.get("role") or None,
        circle=_circle(cells.get("circle", "")),
        cadence_days=_cadence(cells.get("cadence_days", "")),
        tags=normalise_tags(lists["tags"]),
        birthday=_birthday(cells.get("birthday", "")),
        how_met=cells.get("how_met") or None,
        needs=cells.get("needs") or None,
        offers=cells.get("offers") or None,
        notes=cells.get("notes") or None,
        created_at=_timestamp("created_at", cells.get("created_at", "")),
        archived_at=_timestamp("archived_at", cells.get("archived_at", "")),
    )


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def _circle(cell: str) -> str | None:
    if not cell:
        return None
    if cell.lower() not in CIRCLES:
        raise ValueError(f"circle {cell!r} is not one of {', '.join(CIRCLES)}")
    return cell.lower()


def _cadence(cell: str) -> int | None:
    if not cell:
        return None
    if not (cell.isascii() and cell.isdigit()) or int(cell) == 0:
        raise ValueError(f"cadence_days {cell!r} is not a positive whole number of days")
    return int(cell)


def _birthday(cell: str) -> str | None:
    if not cell:
        return None
    birthday = normalise_birthday(cell)
    if birthday is None:
        raise ValueError(f"birthday {cell!r} is not YYYY-MM-DD or --MM-DD")
    return birthday


def _timestamp(column: str, cell: str) -> datetime | None:
    if not cell:
        return None
    try:
        return datetime.fromisoformat(cell.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{column} {cell!r} is not an ISO 8601 date and time") from None
