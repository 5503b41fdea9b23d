"""Work to do after a write to the user's journal commits, registered by the caller.

The store does not know what depends on the journal; the command line registers what must
follow a write (forgetting the due snapshot, see rmlog.store.due_snapshot.forget) and
open_store runs it. Standard library only, like rmlog.store.location.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Hook = Callable[[Path | None], None]

_hooks: list[Hook] = []


def register(hook: Hook) -> None:
    """Run hook(db) after every write to a journal opened by --db / RMLOG_DB (not by URL)
    commits. Registering the same hook again changes nothing."""
    if hook not in _hooks:
        _hooks.append(hook)


def run(db: Path | None) -> None:
    """Every registered hook, in order; a failing hook never fails the committed command."""
    for hook in _hooks:
        try:
            hook(db)
        except Exception:  # the write is committed: what follows it is best effort
            pass
