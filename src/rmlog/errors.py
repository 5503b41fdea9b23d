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


def give_up_output(error: OSError) -> str:
    """After output could not be written (a full disk, a closed terminal), point stdout at
    the null device, so that what its buffer still holds (some Pythons keep it after a failed
    write) goes nowhere when the process exits instead of failing again; returns the one
    line (exit 3) that says so. A reader that went away (a broken pipe) is no error."""
    import os
    import sys

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture output)
        pass
    where = f" to {error.filename}" if error.filename else ""
    return f"cannot write the output{where}: {error.strerror or error}; free some space or send it elsewhere"
