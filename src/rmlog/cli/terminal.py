"""The terminal: is a person at the keyboard, and their $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile

from rmlog.errors import InputError


def interactive() -> bool:
    """True when both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def edit_text(initial: str) -> str:
    """Open $VISUAL / $EDITOR (default vi) on initial text and return what was saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, path = tempfile.mkstemp(prefix="rmlog-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            status = subprocess.call([*shlex.split(editor), path])
        except OSError as error:
            raise InputError(f"cannot run editor {editor!r}: {error.strerror}; set $EDITOR") from None
        if status != 0:
            raise InputError(f"editor {editor!r} exited with status {status}; nothing saved")
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    finally:
        os.unlink(path)
