"""Checks shared by the calendar and address-book readers, run before any parser sees a file.

Parsers given a binary file or a 20 MB line either crash with a traceback or take minutes;
these checks refuse such files in one pass, naming the file and the line.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from rmlog.errors import InputError

# no real calendar or address-book line comes near this (inline photos are ~100 kB)
MAX_LINE_BYTES = 1 << 20


@dataclass(frozen=True)
class SkippedFile:
    """A file of a vdir that was not read; reason is the one-line error, naming the file."""

    path: Path
    reason: str


def read_bytes(path: Path, error: type[InputError] = InputError) -> bytes:
    """The file's bytes, or error naming it when it is missing, a folder or unreadable."""
    try:
        return path.read_bytes()
    except OSError as problem:
        raise error(f"cannot read {path}: {problem.strerror or problem}") from None


def files_in(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Regular files with one of suffixes (lower case) in folder and its subfolders, sorted.

    A vdir is a folder of collections, each a folder of one item per file; hidden files and
    folders (.git, a writer's .tmp files) are left out.
    """
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if name.lower().endswith(suffixes) and not name.startswith(".") and path.is_file():
                found.append(path)
    return found


def refuse_binary_and_long_lines(data: bytes, name: str, error: type[InputError] = InputError) -> None:
    """Raise error when data holds a NUL byte (binary) or a line longer than MAX_LINE_BYTES.

    UTF-16 text (with its byte order mark) is full of NUL bytes and is not binary.
    """
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    nul = -1 if utf16 else data.find(b"\x00")
    if nul >= 0:
        raise error(
            f"{name}: line {line_of(data, nul)}: binary data (a NUL byte); this is not a text file"
        )
    for number, line in enumerate(data.split(b"\n"), start=1):
        if len(line) > MAX_LINE_BYTES:
            raise error(
                f"{name}: line {number} is longer than {MAX_LINE_BYTES >> 20} MB; "
                "this is not a calendar or contacts export"
            )


def line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1
