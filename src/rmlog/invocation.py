"""The command line being run, as the operation log records it (set once by the app)."""

from __future__ import annotations

import shlex

words: list[str] = []

GLOBAL_OPTIONS = {"--db": True, "--json": False}
"""Options every command that needs them takes (option: whether it takes a value); typed
before the command (`rmlog --db x due`) they mean the same as after it."""


def command_text() -> str:
    """'log alice -m coffee': the words after `rmlog`, quoted as a shell would need them."""
    return shlex.join(words)


def hoisted(typed: list[str]) -> list[str]:
    """The words with global options typed before the command moved after it (before any
    `--`): ['--db', 'x', 'due', '-q'] -> ['due', '-q', '--db', 'x']. Without a command after
    them the words are left as typed, for the parser to accept or refuse."""
    at = 0
    while at < len(typed) and typed[at].split("=", 1)[0] in GLOBAL_OPTIONS:
        at += 1 if "=" in typed[at] or not GLOBAL_OPTIONS[typed[at]] else 2
    if at == 0 or at >= len(typed) or typed[at].startswith("-"):
        return list(typed)
    rest = typed[at:]
    end = rest.index("--") if "--" in rest else len(rest)
    return [*rest[:end], *typed[:at], *rest[end:]]
