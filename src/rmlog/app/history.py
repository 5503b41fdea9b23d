"""What was done, newest first (rmlog history; undo reports what it reverted the same way)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rmlog.app.listing import Listing


@dataclass(frozen=True)
class HistoryView(Listing):
    """The latest operations (store.oplog.OperationSummary), newest first."""

    operations: list[Any]

    def json_items(self) -> Iterator[dict]:
        return map(operation_document, self.operations)


def history(session, limit: int) -> HistoryView:
    """The latest limit operations from one session, with the rows each changed per table."""
    from rmlog.store import oplog

    return HistoryView(oplog.history(session, limit))


def operation_document(op) -> dict:
    """An operation as JSON: what it was, what undid it, and its changes per table."""
    from rmlog.clock import iso_local

    return {
        "id": op.id, "at": iso_local(op.at), "command": op.command, "kind": op.kind,
        "undoes": op.undoes, "undone_by": op.undone_by, "changes": op.counts(),
    }
