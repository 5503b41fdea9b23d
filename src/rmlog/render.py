"""Output: Rich tables on a terminal, plain aligned text in pipes, JSON for scripts, and
Markdown or CSV on request: the one output switch of the whole CLI (--format, see use_format).

User text is made inert on every path (tables, fields, lines, warnings, errors): control
characters (ANSI and OSC escapes, newlines, tabs included) and bidi controls are shown as
visible escapes, so text never moves the cursor, retitles the terminal, reorders a line or
spans two lines; Rich markup is never interpreted.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, NamedTuple

from rmlog.clock import iso_local, now, to_local

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 and C1 controls: ESC, CSI, OSC, BEL, newline, tab...
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029]"  # line and paragraph separators
)
JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
LINES_UNSAFE = re.compile(  # UNSAFE less line breaks and tabs, which a file's own lines hold
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
DEFAULT_PAGER = "less -FRX"

_held: list[str] | None = None  # output held back while paged() decides where it goes

FORMATS = ("text", "json", "markdown", "csv")
_format = "text"  # what --format chose for this command (set once by the app, before it runs)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


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


def inert_json(text: str) -> str:
    """JSON text (whose strings json already escapes C0 controls in) made safe for a
    terminal: DEL, C1, bidi and line separators as \\u escapes, the same JSON value."""
    return JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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


SCHEMA = 1
"""The version of every report's JSON document (the "schema" key); bumped on a breaking change."""


def emit_report(fields: dict[str, Any]) -> None:
    """A report's JSON document: its schema version first, then its fields."""
    emit_json({"schema": SCHEMA, **fields})


def emit_json(document: Any) -> None:
    """One JSON document on stdout, nothing else; never Infinity or NaN (they become null).
    Bidi and C1 characters are written as \\u escapes: the same text, inert on a terminal."""
    sys.stdout.write(_json_text(document) + "\n")


def emit_json_list(items: Iterable[Any]) -> None:
    """A JSON list on stdout, exactly what emit_json writes for it, written a thousand items
    at a time, so a long listing never holds all of its documents or their text at once.
    One json call per page, not per item: the indenting encoder leaves a reference cycle
    behind each call, which the console script (no cyclic GC) would never free."""
    items = iter(items)
    first = True
    while page := list(itertools.islice(items, 1000)):
        inner = _json_text(page)[2:-2]  # the page's items, without its "[\n" and "\n]"
        sys.stdout.write(("[\n" if first else ",\n") + inner)
        first = False
    sys.stdout.write("[]\n" if first else "\n]\n")


def _json_text(document: Any) -> str:
    """emit_json's text of one document."""
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(document), ensure_ascii=False, indent=2, default=_json_default)
    return inert_json(text)


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
    """Print one plain line to stdout; user text in it cannot break the line or the terminal.
    CSV holds tables only: a line is left out of it."""
    if _format == "csv":
        return
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
    from rmlog.handles import slugify

    return name if slugify(name) == handle else f"{name} ({handle})"


def people(found) -> str:
    """'Alice Smith, Bob Jones': each (handle, name) pair as person() shows it."""
    return ", ".join(person(p.name, p.handle) for p in found)


def named(handles: Iterable[str], names: Mapping[str, str]) -> str:
    """Handles as people() shows them, their names looked up in names (handle -> name)."""
    return ", ".join(person(names.get(handle, handle), handle) for handle in handles)


def heading(text: str) -> None:
    """A section heading: bold on a terminal (plain under NO_COLOR, which asks for no styling),
    plain otherwise, `#` in Markdown, left out of CSV."""
    if _format in ("markdown", "csv"):
        if _format == "markdown":
            _write(f"\n# {_md(text)}\n\n")
        return
    text = _fitted(inert(text))
    if not is_terminal() or os.environ.get("NO_COLOR"):
        line(text)
        return
    _console().print(_text(text, "bold"))


def _fitted(text: str) -> str:
    """text cut to the terminal width (a heading or a chart line is never wrapped)."""
    width = terminal_width()
    return text if width is None else clip(text, width)


def segments(parts: Iterable[Styled | str]) -> None:
    """One line made of styled pieces (a chart, a status line): coloured on a terminal."""
    pieces = [part if isinstance(part, Styled) else Styled(part) for part in parts]
    if _format == "csv":
        return
    if not is_terminal():
        line(_fitted(inert("".join(piece.text for piece in pieces))))
        return
    from rich.text import Text

    out = Text(no_wrap=True, overflow="crop")
    for piece in pieces:
        out.append(inert(piece.text), style=piece.style)
    _console().print(out)


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


def _width(text: str) -> int:
    """Terminal cells text takes (ASCII without asking Rich: one cell per character)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def clip(text: str, width: int) -> str:
    """text cut to width terminal cells, ending in '…' when cut."""
    from rich.cells import set_cell_size

    if _width(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    return set_cell_size(text, width - 1).rstrip() + "…"


def table(columns: Sequence[Col | str], rows: Iterable[Sequence[Any]], title: str | None = None) -> None:
    """A table fitted to the terminal width: Rich on a terminal, plain aligned text otherwise.
    Cells are text, numbers or Styled; user text in them is made inert. A column empty in
    every row is left out. The work is done a column at a time (a long listing has tens of
    thousands of cells): a column of plain printable text passes through untouched."""
    cols = [c if isinstance(c, Col) else Col(c) for c in columns]
    if _format in ("markdown", "csv"):
        (_markdown_table if _format == "markdown" else _csv_table)(cols, list(rows), title)
        return
    raw: list[list[Any]] = [[] for _ in cols]
    for row in rows:  # straight into columns: a long listing never holds its rows as well
        for values, value in zip(raw, row):
            values.append(value)
    count = len(raw[0]) if raw else 0
    cells = [_column(raw.pop(0)) for _ in cols]  # each raw column goes as its cells come
    used = [i for i, (texts, _) in enumerate(cells) if not count or any(texts)]
    cols, cells = [cols[i] for i in used], [cells[i] for i in used]
    natural = [max(_width(c.header), _widest(texts)) for c, (texts, _) in zip(cols, cells)]
    widths = fit(cols, natural, terminal_width())
    kept = [(c, w, cells[i], w < n) for i, (c, w, n) in enumerate(zip(cols, widths, natural)) if w is not None]
    header = [(clip(c.header, w), "bold") for c, w, _, _ in kept]
    shown = [[clip(text, w) for text in texts] if cut else texts for _, w, (texts, _), cut in kept]
    if title:
        heading(title)
    if is_terminal():
        styles = [styles or [""] * count for _, _, (_, styles), _ in kept]
        body = [list(zip(line, line_styles)) for line, line_styles in zip(zip(*shown), zip(*styles))]
        _rich_table([(w, c.right) for c, w, _, _ in kept], header, body)
        return
    layout = [(w, c.right) for c, w, _, _ in kept]
    del cells, kept  # from here on `shown` alone holds each column's texts
    padded = []
    for (text, _), (w, right) in zip(header, layout):
        padded.append(_padded([text, *shown.pop(0)], w, right))  # one column's texts at a time
    lines = zip(*padded)
    while chunk := list(itertools.islice(lines, 1000)):  # the cells are inert already
        _write("".join("  ".join(line).rstrip() + "\n" for line in chunk))


def _markdown_table(cols: list[Col], rows: list[Sequence[Any]], title: str | None) -> None:
    """A pipe table that pastes into notes: every cell inert and Markdown-escaped, never cut."""
    if title:
        heading(title)
    cells = [[_md(_cell(value)[0]) for value in row] for row in rows]
    right = [c.right for c in cols]
    _write("| " + " | ".join(_md(c.header) or " " for c in cols) + " |\n")
    _write("|" + "|".join("---:" if r else "---" for r in right) + "|\n")
    _write("".join("| " + " | ".join(row) + " |\n" for row in cells))
    _write("\n")


def _csv_table(cols: list[Col], rows: list[Sequence[Any]], title: str | None) -> None:
    """The table as CSV: a header row, then every row whole (cells inert: no control
    characters reach a terminal or a spreadsheet)."""
    import csv

    writer = csv.writer(sys.stdout if _held is None else _Held(), lineterminator="\n")
    writer.writerow([c.header for c in cols])
    writer.writerows([_cell(value)[0] for value in row] for row in rows)


def _md(text: str) -> str:
    """User text as literal Markdown: inert, with Markdown's special characters escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", inert(text))


def _column(values: list[Any]) -> tuple[list[str], list[str] | None]:
    """A column's cells as inert texts and their styles (None: no cell is styled)."""
    if all(type(value) is str for value in values):
        return (values if "".join(values).isprintable() else [inert(value) for value in values]), None
    pairs = [_cell(value) for value in values]
    return [text for text, _ in pairs], [style for _, style in pairs]


def _cell(value: Any) -> tuple[str, str]:
    """A table cell as inert (text, style)."""
    if isinstance(value, Styled):
        return (inert(value.text), value.style)
    return (inert(value), "")


def _widest(texts: list[str]) -> int:
    if "".join(texts).isascii():
        return max(map(len, texts), default=0)
    return max(map(_width, texts), default=0)


def _padded(texts: list[str], width: int, right: bool) -> list[str]:
    """Each text padded to width cells."""
    if "".join(texts).isascii():
        return [text.rjust(width) for text in texts] if right else [text.ljust(width) for text in texts]
    return [_pad(text, width, right) for text in texts]


def _styled(value: Any) -> Styled:
    return Styled(*_cell(value))


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def fields(pairs: Iterable[tuple[str, Any]]) -> None:
    """Label/value lines for a profile; empty values are left out. A long value wraps under
    itself, never under the label."""
    shown = [(label, _styled(value)) for label, value in pairs if value not in (None, "", [], ())]
    shown = [(label, value) for label, value in shown if value.text]
    if not shown or _format == "csv":
        return
    if _format == "markdown":
        _write("".join(f"- **{_md(label)}:** {_md(value.text)}\n" for label, value in shown))
        return
    width = max(len(label) for label, _ in shown) + 1
    if is_terminal():
        _rich_fields(shown)
        return
    import textwrap

    room = terminal_width()
    for label, value in shown:
        head = f"{label + ':':<{width}} "
        if room is None or room - len(head) < 20:
            line(head + value.text)
            continue
        wrapped = textwrap.wrap(value.text, room - len(head), break_on_hyphens=False) or [""]
        _write(head + wrapped[0] + "\n")
        for rest in wrapped[1:]:
            _write(" " * len(head) + rest + "\n")


def _rich_fields(shown: list[tuple[str, Styled]]) -> None:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in shown:
        grid.add_row(_text(f"{label}:", "bold"), _text(value.text, value.style))
    _console().print(grid)


def _console():
    from rich.console import Console

    console = Console(highlight=False, markup=False, emoji=False, width=terminal_width())
    if _held is None:
        return console
    # While paged() holds the output back, style it exactly as the real stdout would be.
    return Console(file=_Held(), force_terminal=console.is_terminal, color_system=console.color_system,
                   width=console.width, highlight=False, markup=False, emoji=False)


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


def _rich_table(layout, header: list[tuple[str, str]], body: list[list[tuple[str, str]]]) -> None:
    from rich import box
    from rich.table import Table

    rich_table = Table(
        header_style="bold", box=box.SIMPLE_HEAD,
        show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), collapse_padding=True,
    )
    for (width, right), (text, _) in zip(layout, header):
        rich_table.add_column(_text(text), width=width, no_wrap=True, justify="right" if right else "left")
    for row in body:
        rich_table.add_row(*(_text(text, style) for text, style in row))
    _console().print(rich_table)
