"""The terminal: is a person at the keyboard, their $EDITOR, and notes kept when saving fails."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rmlog.errors import InputError, RmlogError

SCISSORS = "# ------------------------ >8 ------------------------"
SCISSORS_HELP = "# Do not change or remove the line above.\n# Everything below it is ignored.\n"


def interactive() -> bool:
    """True when both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def edit_note(initial: str | None, hint: str = "") -> str | None:
    """Open the editor on a note above a git-style scissors line with help below it; return
    the text above the line (lines starting with # included), None when that is blank."""
    text = edit_text(f"{initial or ''}\n\n{SCISSORS}\n{SCISSORS_HELP}{hint}")
    return above_scissors(text).strip() or None


def above_scissors(text: str) -> str:
    """Everything before the first scissors line (all of text when there is none)."""
    lines = text.splitlines()
    cut = next((i for i, line in enumerate(lines) if line.rstrip() == SCISSORS), len(lines))
    return "\n".join(lines[:cut])


def confirm_or_refuse(question: str, refusal: str) -> None:
    """Ask a person at the keyboard; without one, refuse (a script must pass --yes)."""
    import typer

    from rmlog import render

    if not interactive():
        raise InputError(refusal)
    if not typer.confirm(render.inert(question)):
        raise typer.Abort()


def edit_text(initial: str) -> str:
    """Open $VISUAL / $EDITOR (default vi) on initial text and return what was saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        command = shlex.split(editor)
    except ValueError as error:
        raise InputError(f"cannot read $EDITOR {editor!r}: {error}; fix its quotes") from None
    fd, path = tempfile.mkstemp(prefix="rmlog-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            status = subprocess.call([*command, path])
        except OSError as error:
            raise InputError(f"cannot run editor {editor!r}: {error.strerror}; set $EDITOR") from None
        if status != 0:
            raise InputError(f"editor {editor!r} exited with status {status}; nothing saved")
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    finally:
        os.unlink(path)


@contextmanager
def note_kept_on_error(note: str | None, errors: type[RmlogError] = RmlogError) -> Iterator[None]:
    """When saving a note fails with one of errors, keep the note in a user-only file in the
    data dir and add where it is to the error."""
    try:
        yield
    except errors as error:
        if note:
            error.args = (f"{error}; {_keep(note)}",)
        raise


def _keep(note: str) -> str:
    from rmlog.paths import make_private_dir
    from rmlog.store.location import default_db_path

    folder = default_db_path().parent / "unsaved-notes"
    try:
        make_private_dir(folder)  # the data dir too, when the note is the first thing in it
        fd, path = tempfile.mkstemp(prefix=time.strftime("note-%Y%m%d-%H%M%S-"), suffix=".txt", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(note + "\n")
    except OSError as error:
        return f"your note could not be kept ({error.strerror}) and is not saved"
    return f"your note is kept in {Path(path)}"
