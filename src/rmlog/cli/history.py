"""Every write is an operation: history lists them, undo reverts one."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Db, Json, TableFmt


def history(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, help="How many, newest first.")] = 20,
    db: Db = None,
    json: Json = False,
    output: TableFmt = None,
) -> None:
    """List what was done, newest first: id, time, command, rows changed per table.

    \b
    Example:
      rmlog history --limit 5
      rmlog undo 12
    """
    from rmlog import present
    from rmlog.app.history import history as history_view
    from rmlog.store.engine import open_reader

    with open_reader(db) as session:
        view = history_view(session, limit)
    present.show(view)


def undo(
    operation_id: Annotated[
        Optional[int], typer.Argument(min=1, max=2**62, help="Operation to revert [default: the latest].")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would be reverted.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Revert the latest operation (or a given one), exactly as it was before.

    \b
    Example:
      rmlog undo              # again to go one further back
      rmlog undo 12 --dry-run
    """
    from rmlog.app.history import operation_document
    from rmlog.store import oplog
    from rmlog.store.engine import open_store

    with open_store(db, write=True) as session:
        target = operation_id or oplog.latest_undoable(session)
        summary = oplog.undo(session, target, session.info["op_id"], dry_run)
    if json:
        render.emit_json({"dry_run": dry_run, "undone": operation_document(summary)})
        return
    verb = "would undo" if dry_run else "undid"
    when = render.local_time(summary.at)
    render.line(f"{verb.capitalize()} #{summary.id} `{render.inert(summary.command)}` ({when}): "
                f"{oplog.describe(summary)}.")


def register(app: typer.Typer) -> None:
    """Add history and undo to the app."""
    app.command()(undo)
    app.command()(history)
