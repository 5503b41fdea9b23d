"""Duplicate people: dedupe lists likely pairs, merge folds one person into another."""

from __future__ import annotations

from typing import Annotated

import typer

from rmlog import render
from rmlog.cli.options import Db, Json, TableFmt, Yes, complete_person


def dedupe(db: Db = None, json: Json = False,
    output: TableFmt = None) -> None:
    """List people who may be one person, why, and the command that merges them.

    Reasons: the same email or phone (in any case or format), the same name in other
    letters (Müller, Muller), a name that is another's alias, or a close name.

    \b
    Example:
      rmlog dedupe
      rmlog dedupe --json
    """
    from rmlog import present
    from rmlog.app.dedupe import dedupe as dedupe_view
    from rmlog.store.engine import open_store

    with open_store(db) as session:
        view = dedupe_view(session)
    present.show(view)


def merge(
    keep: Annotated[str, typer.Argument(help="The person to keep: exact handle, name or alias.",
                                        autocompletion=complete_person)],
    other: Annotated[str, typer.Argument(help="The person to fold in and delete: exact handle, name or alias.",
                                         autocompletion=complete_person)],
    yes: Yes = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would move; write nothing.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Merge OTHER into KEEP: their history, promises, tags, aliases, addresses and
    empty fields move to KEEP, OTHER's name becomes an alias, and OTHER is deleted.

    One command: rmlog undo brings both back as they were.

    \b
    Example:
      rmlog merge dana-scully dana-scully-2 --dry-run
      rmlog merge dana-scully dana-scully-2 --yes
    """
    from rmlog.cli.terminal import confirm_or_refuse
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.merge import merge_people
    from rmlog.store.people import resolve_person

    with open_store(db, write=True) as session:
        kept, gone = resolve_person(session, keep, prefix=False), resolve_person(session, other, prefix=False)
        names = (kept.handle, gone.handle, kept.name, gone.name)
        with session.begin_nested() as savepoint:
            report = merge_people(session, kept, gone, now())
            if dry_run or not yes:
                savepoint.rollback()
        if not dry_run and not yes:
            confirm_or_refuse(f"Merge {names[3]} ({names[1]}) into {names[2]} ({names[0]})? "
                              f"{_moved(report)}; {names[1]} is deleted.",
                              f"not merging {names[1]} without --yes (no terminal to confirm on)")
            merge_people(session, kept, gone, now())
    if json:
        render.emit_json({"dry_run": dry_run, "keep": names[0], "other": names[1], **_document(report)})
        return
    what = "Dry run, nothing written. Would merge" if dry_run else "Merged"
    render.line(render.inert(f"{what} {names[1]} into {names[0]}: {_moved(report)}."))


def _document(report) -> dict:
    return {
        "moved": {"interactions": report.interactions, "shared_interactions": report.shared,
                  "exchanges": report.exchanges, "commitments": report.commitments,
                  "circle_moves": report.moves},
        "added": {"tags": report.tags, "aliases": report.aliases, "emails": report.emails,
                  "phones": report.phones},
        "filled": report.filled,
    }


def _moved(report) -> str:
    counts = [(report.interactions + report.shared, "interaction", "interactions"),
              (report.exchanges, "exchange", "exchanges"), (report.commitments, "promise", "promises"),
              (report.moves, "circle move", "circle moves")]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    added = [(report.tags, "tags"), (report.aliases, "aliases"), (report.emails, "emails"),
             (report.phones, "phones")]
    parts += [f"{what} {', '.join(items)}" for items, what in added if items]
    if report.filled:
        parts.append(f"filled {', '.join(report.filled)}")
    return "; ".join(parts) or "nothing but the name to move"


def register(app: typer.Typer) -> None:
    """Add the duplicate commands to the app."""
    app.command()(dedupe)
    app.command()(merge)
