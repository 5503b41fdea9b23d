"""Output: Rich tables on a terminal, plain aligned text in pipes, JSON for scripts, and
Markdown or CSV on request: the one output switch of the whole CLI (--format, see use_format).
Each format is a module of this package (text, markdown, csv, json); the drawing primitives
here (table, heading, fields, line, segments) hand their work to the chosen format's module.

User text is made inert on every path (tables, fields, lines, warnings, errors): control
characters (ANSI and OSC escapes, newlines, tabs included) and bidi controls are shown as
visible escapes, so text never moves the cursor, retitles the terminal, reorders a line or
spans two lines; Rich markup is never interpreted.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import import_module
from typing import Any, NamedTuple

from rmlog.clock import iso_local, now, to_local
from rmlog.handles import is_slug_of  # standard library only; person() runs once per listed row
from rmlog.render.json import SCHEMA, emit_json, emit_json_list, emit_report, inert_json  # noqa: F401

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 and C1 controls: ESC, CSI, OSC, BEL, newline, tab...
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029]"  # line and paragraph separators
)
LINES_UNSAFE = re.compile(  # UNSAFE less line breaks and tabs, which a file's own lines hold
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
DEFAULT_PAGER = "less -FRX"

_held: list[str] | None = None  # output held back while paged() decides where it goes

FORMATS = ("text", "json", "markdown", "csv")
_format = "text"  # what --format chose for this command (set once by the app, before it runs)


def use_format(name: str) -> None:
    """Render every view of this command as text (the default), json, markdown or csv."""
    global _format
    _format = name


def output_format() -> str:
    return _format


def inert(value: Any) -> str:
    """Text safe to print on one line: None -> ''; control and bidi characters -> visible
    escapes (\\x1b, \\n, \\u202e). Idempotent: its output passes through unchanged."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():
        return text
    return UNSAFE.sub(_escape, text)


def inert_lines(text: str) -> str:
    r"""A file's text made safe for a terminal as inert() does, its lines kept: line breaks
    (\n, \r\n) and tabs stay, every other control and bidi character is escaped."""
    return LINES_UNSAFE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def first_line(text: str | None, width: int = 200) -> str:
    """The first non-empty line of a note (as the reports pick it), shortened to width (a
    table shortens it further to fit the terminal)."""
    from rmlog.reports.due import first_line as pick

    line = pick(text) or ""
    return line if len(line) <= width else line[: width - 1] + "…"


def is_terminal() -> bool:
    """True when output is for a terminal: stdout is one, or TTY_COMPATIBLE=1 / FORCE_COLOR
    say so (the rules Rich follows, so tables and colours switch together). Markdown and CSV
    are never styled."""
    if _format in ("markdown", "csv"):
        return False
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    if os.environ.get("FORCE_COLOR") is not None:
        return os.environ["FORCE_COLOR"] != ""
    return sys.stdout.isatty()


def terminal_width() -> int | None:
    """Columns to fit: $COLUMNS, else the terminal behind stdout or stderr (so a view piped
    into grep still fits the screen), else None: no terminal, no limit."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (sys.stdout, sys.stderr):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return None


def terminal_height() -> int | None:
    """Lines a screen holds when output is for a terminal: $LINES, else the terminal behind
    stdout, else 24; None otherwise (a pipe or a file has no screen to fit)."""
    if not is_terminal():
        return None
    import shutil

    return shutil.get_terminal_size().lines


def local_time(value: datetime | None) -> str:
    """'2026-03-04 15:00' in local time, '' for None."""
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def local_date(value: datetime | None) -> str:
    """'2026-03-04' in local time, '' for None."""
    return to_local(value).date().isoformat() if value else ""


def short_date(value: datetime | date | None) -> str:
    """'Mar 4' this year, 'Mar 4 2025' in another, '' for None (local time)."""
    if value is None:
        return ""
    return short_day(to_local(value).date() if isinstance(value, datetime) else value)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month names as %b gives them (rmlog never sets LC_TIME), without a strftime per date."""


def short_day(day: date, this_year: int | None = None) -> str:
    """'Mar 4' this year (now's, unless given), 'Mar 4 2025' in another."""
    text = f"{MONTHS[day.month - 1]} {day.day}"
    return text if day.year == (this_year or now().year) else f"{text} {day.year}"


def short_time(value: datetime | None) -> str:
    """'Mar 4 15:00' (the year added when it is not this one), '' for None."""
    return _short_local_time(to_local(value)) if value else ""


def _short_local_time(local: datetime) -> str:
    return f"{short_day(local.date())} {local.hour:02d}:{local.minute:02d}"


def due_date(value: datetime | None, long: bool = False) -> str:
    """A due date as entered: 'Mar 30' for a whole day (--due fri is kept as 23:59:59, older
    journals hold midnight), 'Mar 30 15:00' for a time; long: '2026-03-30 15:00'."""
    if value is None:
        return ""
    local = to_local(value)
    whole_day = local.time().replace(microsecond=0) in (time(0), time(23, 59, 59))
    if long:
        return local_date(local) if whole_day else local_time(local)
    return short_day(local.date()) if whole_day else _short_local_time(local)


def since(days: int | None) -> str:
    """Short staleness: 'today', '1d ago', '13d ago', '3w ago', '5mo ago', '2y ago', 'never'."""
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    for unit, size, below in (("d", 1, 14), ("w", 7, 60), ("mo", 30, 365)):
        if days < below:
            return f"{days // size}{unit} ago"
    return f"{days // 365}y ago"


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


def line(text: str = "") -> None:
    """Print one plain line to stdout; user text in it cannot break the line or the terminal.
    CSV holds tables only: a line is left out of it."""
    _drawer().line(text)


def _drawer():
    """The module of the chosen format, which draws tables, headings, fields and lines (a
    JSON command that prints a line prints it as text)."""
    return import_module(f"rmlog.render.{'text' if _format == 'json' else _format}")


def write(text: str) -> None:
    """Put text on stdout, or hold it back while paged() decides where it goes."""
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
    if text.count("\n") < terminal_height():
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


# Meaning, said by a word or symbol in the text and repeated by its colour (never colour alone).
GOOD, WARN, BAD, MINE, THEIRS, FAINT = "green", "yellow", "red", "cyan", "magenta", "dim"


class Styled(NamedTuple):
    """Text with a Rich style: the style shows on a terminal (unless NO_COLOR), the text always.
    A named tuple: a long table builds tens of thousands of them."""

    text: str
    style: str = ""


def contact(verdict: str) -> Styled:
    """A contact verdict (reports.cadence.verdict) in its colour: 'in touch' green, 'due'
    yellow, 'drifting' red; '' stays ''."""
    return Styled(verdict, VERDICT_STYLES.get(verdict, ""))


VERDICT_STYLES = {"in touch": GOOD, "due": WARN, "drifting": BAD}


def whose(owner: str) -> Styled:
    """'mine' or 'theirs', each in its own colour."""
    return Styled("mine", MINE) if owner == "me" else Styled("theirs", THEIRS)


def person(name: str, handle: str) -> str:
    """The name, with the handle only when it is not just the name in lower case with dashes
    (a namesake's 'alice-smith-2'): the handle is what commands take, the name what people read."""
    return name if is_slug_of(handle, name) else f"{name} ({handle})"


def people(found) -> str:
    """'Alice Smith, Bob Jones': each (handle, name) pair as person() shows it."""
    return ", ".join(person(p.name, p.handle) for p in found)


def named(handles: Iterable[str], names: Mapping[str, str]) -> str:
    """Handles as people() shows them, their names looked up in names (handle -> name)."""
    return ", ".join(person(names.get(handle, handle), handle) for handle in handles)


def heading(text: str) -> None:
    """A section heading: bold on a terminal (plain under NO_COLOR, which asks for no styling),
    plain otherwise, `#` in Markdown, left out of CSV."""
    _drawer().heading(text)


def segments(parts: Iterable[Styled | str]) -> None:
    """One line made of styled pieces (a chart, a status line): coloured on a terminal."""
    _drawer().segments([part if isinstance(part, Styled) else Styled(part) for part in parts])


# Tables that fit their width ------------------------------------------------------------
#
# Every table row is one line. When the natural widths do not fit the terminal, columns give
# way in this order, each step only as far as needed:
#   1. free text (a note, what was promised) shortens, down to its `shrink` width;
#   2. optional columns drop, lowest `drop` rank first (the free text itself may drop here);
#   3. names shorten, down to their `shrink` width: a name is never cut before the note;
#   4. on a very narrow terminal, anything still shortenable goes down to 3 cells, then the
#      widest columns do, then columns drop from the right and the last one left is cut.
# Shortened text ends in "…". Columns are two spaces apart, on a terminal and in pipes alike.

GAP = 2


@dataclass(frozen=True)
class Col:
    """A table column. drop: 0 = always shown, else dropped in rising order when space is
    short; shrink: the width it may be shortened to (0 = never shortened); name: a name,
    shortened only after every optional column has gone; right: right-aligned (numbers)."""

    header: str
    drop: int = 0
    shrink: int = 0
    name: bool = False
    right: bool = False


def fit(columns: Sequence[Col], natural: Sequence[int], width: int | None) -> list[int | None]:
    """Each column's width within width (None: dropped), by the order described above."""
    widths: list[int | None] = list(natural)
    if width is None:
        return widths

    def over() -> int:
        shown = [w for w in widths if w is not None]
        return sum(shown) + GAP * (len(shown) - 1) - width

    def shorten(indexes: Iterable[int], floor) -> None:
        for i in indexes:
            if over() > 0 and widths[i] is not None:
                widths[i] = max(min(widths[i], floor(i)), widths[i] - over())

    free = [i for i, c in enumerate(columns) if c.shrink and not c.name]
    shorten(free, lambda i: columns[i].shrink)
    for i in sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: columns[i].drop):
        if over() > 0:
            widths[i] = None
    shorten([i for i, c in enumerate(columns) if c.name and c.shrink], lambda i: columns[i].shrink)
    shorten([i for i, c in enumerate(columns) if c.shrink], lambda i: 3)
    while over() > 0 and (widest := max((w, i) for i, w in enumerate(widths) if w is not None))[0] > 3:
        widths[widest[1]] = max(3, widest[0] - over())
    for i in reversed(range(len(widths))):
        if over() > 0 and sum(w is not None for w in widths) > 1:
            widths[i] = None
    first = next(i for i, w in enumerate(widths) if w is not None)
    if over() > 0:
        widths[first] = max(1, widths[first] - over())
    return widths


def text_width(text: str) -> int:
    """Terminal cells text takes (ASCII without asking Rich: one cell per character)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def clip(text: str, width: int) -> str:
    """text cut to width terminal cells, ending in '…' when cut."""
    from rich.cells import set_cell_size

    if text_width(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    return set_cell_size(text, width - 1).rstrip() + "…"


def table(columns: Sequence[Col | str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
    """A table: fitted to the terminal width (Rich on a terminal, plain aligned text
    otherwise), a pipe table in Markdown, rows in CSV. Cells are text, numbers or Styled;
    user text in them is made inert. A column empty in every row is left out of text."""
    _drawer().table([c if isinstance(c, Col) else Col(c) for c in columns], rows, title)


def cell(value: Any) -> tuple[str, str]:
    """A table cell as inert (text, style)."""
    if isinstance(value, Styled):
        return (inert(value.text), value.style)
    return (inert(value), "")


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """Label/value lines for a profile; empty values are left out. A long value wraps under
    itself, never under the label."""
    shown = [(label, Styled(*cell(value))) for label, value in pairs if value not in (None, "", [], ())]
    shown = [(label, value) for label, value in shown if value.text]
    if shown:
        _drawer().fields(shown)


def held_file():
    """The file that holds output back while paged() decides where it goes; None when
    output goes straight to stdout."""
    return None if _held is None else _Held()


class _Held:
    """The file Rich writes to while paged() holds the output back."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        write(text)
        return len(text)

    def flush(self) -> None:
        pass
