"""The text format: Rich tables and colour on a terminal, plain aligned text in a pipe.
Tables fit the terminal width as rmlog.render.fit decides; user text is inert throughout."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Sequence
from typing import Any

from rmlog import render
from rmlog.render import Col, Styled, cell, clip, fit, held_file, inert, text_width, write


def line(text: str) -> None:
    write(inert(text) + "\n")


def heading(text: str) -> None:
    """Bold on a terminal (plain under NO_COLOR, which asks for no styling), plain otherwise."""
    text = _fitted(inert(text))
    if not render.is_terminal() or os.environ.get("NO_COLOR"):
        line(text)
        return
    _console().print(_text(text, "bold"))


def segments(pieces: list[Styled]) -> None:
    """One line of styled pieces: coloured on a terminal, plain and fitted otherwise."""
    if not render.is_terminal():
        line(_fitted(inert("".join(piece.text for piece in pieces))))
        return
    from rich.text import Text

    out = Text(no_wrap=True, overflow="crop")
    for piece in pieces:
        out.append(inert(piece.text), style=piece.style)
    _console().print(out)


def _fitted(text: str) -> str:
    """text cut to the terminal width (a heading or a chart line is never wrapped)."""
    width = render.terminal_width()
    return text if width is None else clip(text, width)


TEXTS = {str, Styled}
"""The kinds of cell kept once per table however many rows repeat them (see _once)."""

CHUNK = 1000
"""Rows taken, and lines written, at a time: a column's work is done for many cells in one
pass, without holding a second copy of the whole table."""


def table(cols: list[Col], rows: Iterable[Sequence[Any]], title: str | None) -> None:
    """The work is done a column at a time (a long listing has tens of thousands of cells):
    a column of plain printable text passes through untouched."""
    raw = _columns(rows, len(cols))
    count = len(raw[0]) if raw else 0
    cells = [_column(raw.pop(0)) for _ in cols]  # each raw column goes as its cells come
    used = [i for i, (texts, _) in enumerate(cells) if not count or any(texts)]
    cols, cells = [cols[i] for i in used], [cells[i] for i in used]
    natural = [max(text_width(c.header), _widest(texts)) for c, (texts, _) in zip(cols, cells)]
    widths = fit(cols, natural, render.terminal_width())
    kept = [(c, w, cells[i], w < n) for i, (c, w, n) in enumerate(zip(cols, widths, natural)) if w is not None]
    header = [(clip(c.header, w), "bold") for c, w, _, _ in kept]
    shown = [[clip(text, w) for text in texts] if cut else texts for _, w, (texts, _), cut in kept]
    if title:
        heading(title)
    if render.is_terminal():
        styles = [styles or [""] * count for _, _, (_, styles), _ in kept]
        body = [list(zip(line, line_styles)) for line, line_styles in zip(zip(*shown), zip(*styles))]
        _rich_table([(w, c.right) for c, w, _, _ in kept], header, body)
        return
    layout = [(w, c.right) for c, w, _, _ in kept]
    del cells, kept  # from here on `shown` alone holds each column's texts
    _write_lines([[text, *texts] for (text, _), texts in zip(header, shown)], layout)


def _columns(rows: Iterable[Sequence[Any]], count: int) -> list[list[Any]]:
    """The rows' cells, column by column: a long listing never holds its rows as well."""
    columns: list[list[Any]] = [[] for _ in range(count)]
    once: dict[Any, Any] = {}
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK)):
        for values, column in zip(columns, zip(*chunk)):
            values.extend(_once(column, once))
    return columns


def _once(cells: Sequence[Any], once: dict[Any, Any]) -> Iterable[Any]:
    """The cells, each text cell (plain or styled) replaced by the first of its equals in
    once: a long listing's texts ("0", "100%", "in touch", a circle) are mostly repeats, kept
    once rather than once per row. A column of texts only is done without a call per cell."""
    if set(map(type, cells)) <= TEXTS:
        return map(once.setdefault, cells, cells)
    return [once.setdefault(cell, cell) if type(cell) in TEXTS else cell for cell in cells]


def _write_lines(columns: list[list[str]], layout: list[tuple[int, bool]]) -> None:
    """The lines of columns of inert texts, each padded to its width (right-aligned or
    not), two spaces apart. A column of ASCII text is padded by the line's format as each
    line is written; any other is padded to its width in terminal cells first."""
    specs = []
    for i, (texts, (width, right)) in enumerate(zip(columns, layout)):
        if "".join(texts).isascii():
            specs.append(f"%{'' if right else '-'}{width}s")
            continue
        columns[i] = [_pad(text, width, right) for text in texts]
        specs.append("%s")
    form = "  ".join(specs)
    lines = map(str.rstrip, map(form.__mod__, zip(*columns)))  # the cells are inert already
    while chunk := list(itertools.islice(lines, CHUNK)):
        write("\n".join(chunk) + "\n")


def _column(values: list[Any]) -> tuple[list[str], list[str] | None]:
    """A column's cells as inert texts and their styles (None: no cell is styled)."""
    if _all_text(values):
        return _inert(values), None
    styles = [value.style if isinstance(value, Styled) else "" for value in values]
    texts = [value.text if isinstance(value, Styled) else value for value in values]
    return (_inert(texts) if _all_text(texts) else [inert(text) for text in texts]), styles


def _inert(texts: list[str]) -> list[str]:
    """Each text made inert: a column of printable texts as it is, without a call per cell."""
    return texts if "".join(texts).isprintable() else [inert(text) for text in texts]


def _all_text(values: list[Any]) -> bool:
    return set(map(type, values)) <= {str}


def _widest(texts: list[str]) -> int:
    if "".join(texts).isascii():
        return max(map(len, texts), default=0)
    return max(map(text_width, texts), default=0)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - text_width(text))
    return space + text if right else text + space


def fields(shown: list[tuple[str, Styled]]) -> None:
    """Label/value lines; a long value wraps under itself, never under the label."""
    width = max(len(label) for label, _ in shown) + 1
    if render.is_terminal():
        _rich_fields(shown)
        return
    import textwrap

    room = render.terminal_width()
    for label, value in shown:
        head = f"{label + ':':<{width}} "
        if room is None or room - len(head) < 20:
            line(head + value.text)
            continue
        wrapped = textwrap.wrap(value.text, room - len(head), break_on_hyphens=False) or [""]
        write(head + wrapped[0] + "\n")
        for rest in wrapped[1:]:
            write(" " * len(head) + rest + "\n")


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

    console = Console(highlight=False, markup=False, emoji=False, width=render.terminal_width())
    held = held_file()
    if held is None:
        return console
    # While paged() holds the output back, style it exactly as the real stdout would be.
    return Console(file=held, force_terminal=console.is_terminal, color_system=console.color_system,
                   width=console.width, highlight=False, markup=False, emoji=False)


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
