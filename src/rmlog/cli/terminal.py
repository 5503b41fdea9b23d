"""Is there a person at the keyboard? One place, so tests can say yes."""

import sys


def interactive() -> bool:
    """True when both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()
