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
