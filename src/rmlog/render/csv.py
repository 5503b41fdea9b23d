"""The CSV format: tables only, a header row then every row whole, cells inert (no control
character reaches a terminal or a spreadsheet). Headings, lines and fields are left out."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any

import sys

from rmlog.render import Col, Styled, cell, held_file


def line(text: str) -> None:
    pass


def heading(text: str) -> None:
    pass


def segments(pieces: list[Styled]) -> None:
    pass


def fields(shown: list[tuple[str, Styled]]) -> None:
    pass


def table(cols: list[Col], rows: Iterable[Sequence[Any]], title: str | None) -> None:
    writer = csv.writer(held_file() or sys.stdout, lineterminator="\n")
    writer.writerow([c.header for c in cols])
    writer.writerows([cell(value)[0] for value in row] for row in rows)
