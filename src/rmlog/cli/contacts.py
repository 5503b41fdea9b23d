"""Address books: `rmlog contacts sync DIR` keeps a vdir of vCards (khard, vdirsyncer) and
the journal in step."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rmlog import render
from rmlog.cli.app import Group
from rmlog.cli.options import Db, Json
from rmlog.vocab import Circle
from rmlog.errors import InputError

app = typer.Typer(
    name="contacts",
    cls=Group,
    help=(
        "Address books kept as a vdir of vCards (khard, vdirsyncer).\n\n"
        "\b\nExample:\n  rmlog contacts sync ~/.contacts/default --dry-run"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command()
def sync(
    folder: Annotated[Path, typer.Argument(help="The vdir: one .vcf file per contact.", exists=True, file_okay=False)],
    write: Annotated[bool, typer.Option("--write", help="Write rmlog's changes back into the card files.")] = False,
    circle: Annotated[Circle, typer.Option("--circle", "-c", help="The circle of people the sync adds.")] = Circle.periphery,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Stop at the first bad card instead of skipping it (a card rmlog reads but "
                         "cannot write back is still only warned about).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Add and update people from a vdir of vCards; with --write, update the cards too.

    People are matched by the card they were synced with, else UID, email, exact name.
    Unchanged cards are skipped; a field you edited in rmlog since the last sync wins over
    the card. Name, emails, phones, company, role and birthday are kept in step.

    \b
    Example:
      rmlog contacts sync ~/.contacts/default --dry-run
      rmlog contacts sync ~/.contacts/default --circle network
      rmlog contacts sync ~/.contacts/default --write
    """
    from rmlog.clock import now
    from rmlog.io.vdir import card_writes, read_vdir
    from rmlog.store.contacts import sync_contacts, write_cards
    from rmlog.store.engine import open_store

    # The vdir is read under the journal's write lock (a concurrent sync's write-back is seen),
    # and the cards written go back to their old bytes when the journal does not commit.
    with card_writes() as writer, open_store(db, write=True) as session:
        vdir = read_vdir(folder, strict=strict)
        cards, skipped = _checked_cards(vdir, strict)
        moment = now()
        with session.begin_nested() as savepoint:
            report = sync_contacts(session, cards, moment, circle.value, write=write)
            if dry_run:
                savepoint.rollback()
        write_cards(session, report, moment, writer, dry_run=dry_run)
    for path, reason in skipped:
        render.warn(f"skipped {reason}")
    for path, reason in report.unwritable:
        render.warn(f"not written back: {reason}")
    if json:
        render.emit_json(_document(report, skipped, dry_run, write))
        return
    _render(report, dry_run, write)


def _checked_cards(vdir, strict: bool):
    """(card, person record) of the good cards, and (path, reason) of the skipped files."""
    from rmlog.store.models import checked
    from rmlog.store.shapes import PersonIn

    cards, skipped = [], [(s.path, s.reason) for s in vdir.skipped]
    for card in vdir.cards:
        try:
            cards.append((card, checked(PersonIn, card.fields, str(card.path))))
        except InputError as error:
            if strict:
                raise
            skipped.append((card.path, str(error)))
    return cards, skipped


def _document(report, skipped, dry_run: bool, write: bool) -> dict:
    return {
        "dry_run": dry_run,
        "added": report.count("added"),
        "updated": report.count("updated"),
        "unchanged": report.count("unchanged"),
        "written": len(report.writes) if write else 0,
        "cards": [
            {"path": str(card.path), "handle": card.handle, "action": card.action,
             "rmlog_only": card.rmlog_only}
            for card in report.cards
        ],
        "skipped": [{"path": str(path), "reason": reason} for path, reason in skipped],
        "unwritable": [{"path": str(path), "reason": reason} for path, reason in report.unwritable],
    }


def _render(report, dry_run: bool, write: bool) -> None:
    changed = [card for card in report.cards if card.action in ("added", "updated")]
    if changed:
        render.table(["handle", "", "card"], [(c.handle, c.action, c.path.name) for c in changed],
                     title="Would change" if dry_run else "Changed")
    for card in report.cards:
        if card.action == "duplicate":
            render.warn(render.inert(f"{card.path}: {card.handle} has another card in this vdir; left alone"))
    written = len(report.writes)
    pending = [card for card in report.cards if card.rmlog_only and card.action != "duplicate"]
    prefix = "Dry run, nothing written. Would sync" if dry_run else "Synced"
    back = f"; {written} written back" if write else ""
    if write and dry_run:
        back = f"; would write {written} back"
    if report.unwritable:
        back += f", {len(report.unwritable)} cannot be"
    duplicates = report.count("duplicate")
    others = f", {duplicates} duplicates" if duplicates else ""
    cards = f"{len(report.cards)} card{'' if len(report.cards) == 1 else 's'}"
    render.line(f"{prefix} {cards}: {report.count('added')} added, "
                f"{report.count('updated')} updated, {report.count('unchanged')} unchanged{others}{back}.")
    if pending and not write:
        names = ", ".join(f"{c.handle} ({', '.join(c.rmlog_only)})" for c in pending[:5])
        more = f" and {len(pending) - 5} more" if len(pending) > 5 else ""
        render.line(render.inert(f"rmlog has changes the cards lack: {names}{more}; "
                                 "write them with --write"))


def register(root: typer.Typer) -> None:
    """Add the contacts commands to the app."""
    root.add_typer(app, name="contacts")
