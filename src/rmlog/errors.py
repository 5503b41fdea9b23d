"""Errors that carry their exit code; one handler turns them into a one-line message."""


class RmlogError(Exception):
    """Base class: a problem the user can fix, reported on one line."""

    exit_code = 2


class InputError(RmlogError):
    """Bad input: usage, unknown or ambiguous person, bad date, bad file (exit 2)."""

    exit_code = 2


class StoreError(RmlogError):
    """The store cannot be used: locked, corrupt, newer schema, unwritable (exit 3)."""

    exit_code = 3


def unwritable(error: OSError) -> str:
    """The one line (exit 3) for output that could not be written: a full disk, a closed
    terminal. A reader that went away (a broken pipe) is no error."""
    where = f" to {error.filename}" if error.filename else ""
    return f"cannot write the output{where}: {error.strerror or error}; free some space or send it elsewhere"
