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


def give_up_output(error: OSError) -> int:
    """Output could not be written (a full disk, a closed terminal): say so in one line on
    stderr, point stdout at the null device, so that what its buffer still holds (some
    Pythons keep it after a failed write) goes nowhere at exit instead of failing again, and
    return the exit code, 3. A reader that went away (a broken pipe) is no error."""
    import os
    import sys

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture output)
        pass
    sys.stderr.write(f"rmlog: error: cannot write the output: {error.strerror or error}; "
                     "free some space or send it elsewhere\n")
    return 3
