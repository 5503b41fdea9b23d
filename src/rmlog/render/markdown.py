"""The Markdown format: what pastes cleanly into notes. Tables are pipe tables and headings
`#` lines; every cell is inert and Markdown-escaped, and never cut to a width."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from rmlog.render import Col, Styled, cell, inert, write

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """User text as literal Markdown: inert, with Markdown's special characters escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", inert(text))


def line(text: str) -> None:
    write(inert(text) + "\n")


def heading(text: str) -> None:
    write(f"\n# {md(text)}\n\n")


def segments(pieces: list[Styled]) -> None:
    line("".join(piece.text for piece in pieces))


def table(cols: list[Col], rows: Iterable[Sequence[Any]], title: str | None) -> None:
    """A pipe table under its heading."""
    if title:
        heading(title)
    cells = [[md(cell(value)[0]) for value in row] for row in rows]
    write("| " + " | ".join(md(c.header) or " " for c in cols) + " |\n")
    write("|" + "|".join("---:" if c.right else "---" for c in cols) + "|\n")
    write("".join("| " + " | ".join(row) + " |\n" for row in cells))
    write("\n")


def fields(shown: list[tuple[str, Styled]]) -> None:
    """Label/value pairs as a bullet list."""
    write("".join(f"- **{md(label)}:** {md(value.text)}\n" for label, value in shown))
