"""The command line being run, as the operation log records it (set once by the app)."""

from __future__ import annotations

import shlex

words: list[str] = []


def command_text() -> str:
    """'log alice -m coffee': the words after `rmlog`, quoted as a shell would need them."""
    return shlex.join(words)
