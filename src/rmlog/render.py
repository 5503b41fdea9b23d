"""Output: Rich tables on a terminal, plain aligned text in pipes, JSON for scripts.

User text is made inert on every path (tables, fields, lines, warnings, errors): control
characters (ANSI and OSC escapes, newlines, tabs included) and bidi controls are shown as
visible escapes, so text never moves the cursor, retitles the terminal, reorders a line or
spans two lines; Rich markup is never interpreted.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from rmlog.clock import iso_local, to_local

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 and C1 controls: ESC, CSI, OSC, BEL, newline, tab...
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029]"  # line and paragraph separators
)
JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
DEFAULT_PAGER = "less -FRX"

_held: list[str] | None = None  # output held back while paged() decides where it goes


def inert(value: Any) -> str:
    """Text safe to print on one line: None -> ''; control and bidi characters -> visible
    escapes (\\x1b, \\n, \\u202e). Idempotent: its output passes through unchanged."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():
        return text
    return UNSAFE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def first_line(text: str | None, width: int = 60) -> str:
    """The first non-empty line of a note (as the reports pick it), shortened to width."""
    from rmlog.reports.due import first_line as pick

    line = pick(text) or ""
    return line if len(line) <= width else line[: width - 1] + "…"


def is_terminal() -> bool:
    """True when stdout is an interactive terminal."""
    return sys.stdout.isatty()


def local_time(value: datetime | None) -> str:
    """'2026-03-04 15:00' in local time, '' for None."""
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def local_date(value: datetime | None) -> str:
    """'2026-03-04' in local time, '' for None."""
    return to_local(value).date().isoformat() if value else ""


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the local offset, for JSON."""
    return iso_local(value) if value else None


def ago(days: int | None) -> str:
    """'today', 'yesterday', '12 days ago'."""
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def emit_json(document: Any) -> None:
    """One JSON document on stdout, nothing else; never Infinity or NaN (they become null).
    Bidi and C1 characters are written as \\u escapes: the same text, inert on a terminal."""
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(document), ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write(JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def line(text: str = "") -> None:
    """Print one plain line to stdout; user text in it cannot break the line or the terminal."""
    _write(inert(text) + "\n")


def _write(text: str) -> None:
    if _held is not None:
        _held.append(text)
    else:
        sys.stdout.write(text)


@contextmanager
def paged() -> Iterator[None]:
    """On a terminal, output taller than the window goes through $PAGER (default
    'less -FRX'; LESS=FRX when unset, as git does); anywhere else nothing changes."""
    global _held
    if not is_terminal() or _held is not None:
        yield
        return
    _held = []
    try:
        yield
        text = "".join(_held)
    finally:
        _held = None
    import shutil

    if text.count("\n") < shutil.get_terminal_size().lines:
        sys.stdout.write(text)
        return
    _page(text)


def _page(text: str) -> None:
    """Show text through the user's pager; straight on stdout when there is none."""
    import subprocess

    command = os.environ.get("PAGER", DEFAULT_PAGER).strip()
    if command in ("", "cat"):
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    try:
        pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        pager.stdin.close()
    except BrokenPipeError:  # the user quit the pager before the end
        pass
    while True:
        try:
            pager.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager, as with git
            continue


def warn(text: str) -> None:
    """A one-line warning on stderr."""
    sys.stderr.write(f"rmlog: warning: {inert(text)}\n")


def heading(text: str) -> None:
    """A section heading: bold on a terminal, plain otherwise."""
    if not is_terminal():
        line(text)
        return
    _console().print(_text(inert(text), "bold"))


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
    """A table: Rich on a terminal, columns aligned with two spaces otherwise."""
    cells = [[inert(cell) for cell in row] for row in rows]
    if is_terminal():
        _rich_table(columns, cells, title)
        return
    if title:
        line(title)
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    _write("".join(  # the cells are inert already
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n"
        for row in [[inert(c) for c in columns], *cells]
    ))


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """Label/value lines for a profile; empty values are left out."""
    shown = [(label, inert(value)) for label, value in pairs if value not in (None, "", [], ())]
    if not shown:
        return
    width = max(len(label) for label, _ in shown) + 1
    if is_terminal():
        console = _console()
        for label, value in shown:
            console.print(_text(f"{label + ':':<{width}} ", "bold"), _text(value), sep="")
        return
    for label, value in shown:
        line(f"{label + ':':<{width}} {value}")


def _console():
    from rich.console import Console

    if _held is None:
        return Console(highlight=False, markup=False, emoji=False)
    import shutil

    width = shutil.get_terminal_size().columns  # styled as Console() styles the real stdout
    return Console(file=_Held(), force_terminal=sys.stdout.isatty(), width=width, highlight=False, markup=False,
                   emoji=False)


class _Held:
    """The file Rich writes to while paged() holds the output back."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        _write(text)
        return len(text)

    def flush(self) -> None:
        pass


def _text(value: str, style: str = ""):
    from rich.text import Text

    return Text(value, style=style)


def _rich_table(columns: Sequence[str], cells: list[list[str]], title: str | None) -> None:
    from rich.table import Table

    rich_table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        rich_table.add_column(column)
    for row in cells:
        rich_table.add_row(*(_text(cell) for cell in row))
    _console().print(rich_table)
