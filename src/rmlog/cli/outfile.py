"""Files named with -o: written whole or not at all, and never replacing what isn't a file.

- `-` (or no -o) is stdout.
- A new path or a regular file gets a user-only (0600) temp file beside it that is renamed
  over it once complete; a symlink to a regular file replaces the file it points to and
  keeps the link.
- A character device or FIFO (/dev/null, a named pipe), or a symlink to one (/dev/stdout),
  is written in place: renaming over it would destroy it.
- Anything else (a directory, a block device, a socket, a dangling symlink) is refused.

Temp files are named `.rmlog-XXXXXXXX.tmp`; a killed run leaves one behind, and the next
write into that folder removes ours that are more than an hour old.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rmlog.errors import InputError

STALE_SECONDS = 3600
TEMP_PREFIX, TEMP_SUFFIX = ".rmlog-", ".tmp"
TEMP_NAME = re.compile(r"^\.rmlog-[A-Za-z0-9_]{8}(\.tmp)?$")  # older rmlogs wrote no suffix


def is_stdout(output: Path | None) -> bool:
    """True for no -o and for `-o -`."""
    return output is None or str(output) == "-"


def kind_of(output: Path) -> tuple[str, Path]:
    """('replace', file to replace) or ('in place', path to open); InputError otherwise."""
    try:
        mode = os.lstat(output).st_mode
    except FileNotFoundError:
        return "replace", output
    except OSError as error:
        raise _cannot(output, error) from None
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(output).st_mode
        except OSError:
            raise InputError(f"{output} is a symlink to nothing; choose another -o") from None
        if stat.S_ISREG(mode):
            return "replace", Path(os.path.realpath(output))
    if stat.S_ISREG(mode):
        return "replace", output
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "in place", output
    what = "a directory" if stat.S_ISDIR(mode) else "not a regular file, device or pipe"
    raise InputError(f"{output} is {what}; choose a file for -o")


@contextmanager
def open_output(output: Path | None, binary: bool = False,
                on_terminal: Callable[[str], str] | None = None) -> Iterator[IO]:
    """stdout, a device or pipe written in place, or a file that appears whole or not at all.
    on_terminal: what stdout's text goes through when it is a terminal (stored text escaped,
    see render.inert_lines); a file or pipe gets the bytes as they are."""
    text = {} if binary else {"encoding": "utf-8", "newline": ""}
    mode = "wb" if binary else "w"
    if is_stdout(output):
        stream = sys.stdout.buffer if binary else sys.stdout
        yield TerminalStream(stream, on_terminal) if on_terminal and sys.stdout.isatty() else stream
        return
    how, path = kind_of(output)
    if how == "in place":
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        except OSError as error:
            raise _cannot(output, error) from None
        with _write_errors(output), os.fdopen(fd, mode, **text) as out:
            yield out
        return
    with replacing(path) as temp:
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise _cannot(output, error) from None
        with _write_errors(output), os.fdopen(fd, mode, **text) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())


class TerminalStream:
    """A stream on a terminal whose writes pass through escape (bytes as UTF-8)."""

    def __init__(self, stream: IO, escape: Callable[[str], str]):
        self.stream, self.escape = stream, escape

    def write(self, data: str | bytes) -> int:
        if isinstance(data, bytes):
            return self.stream.write(self.escape(data.decode("utf-8", "replace")).encode("utf-8"))
        return self.stream.write(self.escape(data))


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A fresh temp name beside path for the caller to create (user-only), renamed over
    path when the block succeeds and removed when it fails."""
    temp = temp_beside(path)
    try:
        yield temp
        try:
            os.replace(temp, path)
        except OSError as error:
            raise _cannot(path, error) from None
    finally:
        temp.unlink(missing_ok=True)


def temp_beside(path: Path) -> Path:
    """A fresh temp file name in path's folder, after clearing stale ones from there."""
    remove_stale_temps(path.parent)
    return path.parent / f"{TEMP_PREFIX}{os.urandom(4).hex()}{TEMP_SUFFIX}"


def remove_stale_temps(folder: Path) -> None:
    """Delete our temp files in folder left by killed runs more than an hour ago."""
    cutoff = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not TEMP_NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            continue


@contextmanager
def _write_errors(path: Path) -> Iterator[None]:
    """A failed write (disk full, reader gone) is a one-line error."""
    try:
        yield
    except OSError as error:
        raise _cannot(path, error) from None


def _cannot(path: Path, error: OSError) -> InputError:
    return InputError(f"cannot write {path}: {error.strerror or error}; choose another -o")
