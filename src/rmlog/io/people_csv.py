"""People as CSV: one header row, every field quoted, lists joined with '; '.

The caller names the columns, in order, and which of them are lists (the person model
declares them: store.transfer.CSV_COLUMNS). Only name is required when importing; columns
may come in any order. Cells that a spreadsheet would run as a formula (starting with
= + - @ tab or carriage return) are written with a leading ' and read back without it.
Open files with newline='' as the csv module asks.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from rmlog.errors import InputError

LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class PeopleCsvError(InputError):
    """The file as a whole cannot be imported: no header, unknown or duplicate columns (exit 2)."""


@dataclass
class RowError:
    """A rejected row: the 1-based file line where it starts, and why."""

    line: int
    message: str


def write_people_csv(records: Iterable[dict[str, Any]], fileobj: IO[str], columns: Sequence[str]) -> None:
    """Write the header, then one row per record as it arrives; keys outside columns are ignored."""
    writer = csv.writer(fileobj, quoting=csv.QUOTE_ALL)
    writer.writerow(columns)
    for record in records:
        writer.writerow(neutralise(_cell(record.get(column))) for column in columns)


def read_people_csv(fileobj: IO[str], columns: Sequence[str],
                    lists: Collection[str]) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """(line, cells) of the rows with a name, and the errors of the others; blank rows skipped.

    columns: those a header may name; lists: those whose cells are lists. Cells are raw
    text (lists split on ';'); the person model checks them. Raises
    PeopleCsvError when the header is missing or names unknown or repeated columns, or
    when a cell is too large to be a field.
    """
    reader = csv.reader(fileobj)
    header = _read_header(reader, columns)
    records: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                _collect(header, lists, row, line, records, errors)
            line = reader.line_num + 1
    except csv.Error as error:
        raise PeopleCsvError(f"line {line}: {error}") from None
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


def _read_header(reader, columns: Sequence[str]) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise PeopleCsvError("empty CSV file: expected a header row with a 'name' column") from None
    header = [cell.strip().lower().lstrip("\ufeff") for cell in header]
    unknown = [column for column in header if column not in columns]
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise PeopleCsvError(f"line 1: unknown column(s) {names}; known: {', '.join(columns)}")
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise PeopleCsvError(f"line 1: repeated column(s) {', '.join(repeated)}")
    if "name" not in header:
        raise PeopleCsvError("line 1: the header has no 'name' column")
    return header


def _collect(header, lists, row, line, records, errors) -> None:
    if len(row) > len(header):
        errors.append(RowError(line, f"{len(row)} cells but the header has {len(header)} columns"))
        return
    cells = {column: unneutralise(cell).strip() for column, cell in zip(header, row)}
    if not cells.get("name"):
        errors.append(RowError(line, "name is empty"))
        return
    records.append((line, _record(cells, lists)))


def _record(cells: dict[str, str], lists: Collection[str]) -> dict[str, Any]:
    """The non-empty cells of one row, lists split; checking the values is the model's job."""
    return {
        column: _split(cell) if column in lists else cell
        for column, cell in cells.items()
        if cell
    }


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]
