"""The practice: circles against their capacity with suggested moves, and moving someone."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Db, Fmt, Json, PersonArg
from rmlog.vocab import Circle


def circles(db: Db = None, json: Json = False,
    output: Fmt = None) -> None:
    """Each circle's size against its capacity, who doesn't fit their circle's rhythm, and moves.

    \b
    Example:
      rmlog circles
      rmlog move bob core --why "we meet every week now"
    """
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.store.engine import open_store

    moment, settings = now(), load_practice()
    with open_store(db) as session:
        report = circles_report(session, moment, settings)
    if json:
        render.emit_report(report.to_json())
        return
    render.table(
        ["circle", "people", "capacity", ""],
        [(c.circle, c.size, c.capacity or "", f"over by {c.over}" if c.over else "") for c in report.circles],
        title="Circles",
    )
    from rmlog.render import Col

    if report.misfits:
        render.line()
        render.table([Col("person", name=True, shrink=12), "circle", Col("doesn't fit because", shrink=20)],
                     [(render.person(m.name, m.handle), m.circle, m.why) for m in report.misfits],
                     title=f"Out of rhythm ({len(report.misfits)})")
    if report.moves:
        render.line()
        render.table([Col("person", name=True, shrink=12), "move", Col("why", shrink=20)],
                     [(render.person(m.name, m.handle), f"{m.from_circle} → {m.to_circle}", m.why)
                      for m in report.moves],
                     title=f"Suggested moves ({len(report.moves)})")
        render.line(f"Decide with: rmlog move {report.moves[0].handle} {report.moves[0].to_circle} --why \"...\"")
    elif not report.misfits:
        render.line()
        render.line("Everyone fits their circle's rhythm.")


def circles_report(session, moment, settings):
    """The circles report from the store: people with the contact that counts, their last 60
    days of contact, and who started the latest interactions of those drifting away."""
    from rmlog.dates import parse_since
    from rmlog.reports.circles import LAST_INTERACTIONS, RHYTHM_DAYS, Initiations, build_circles, let_go_candidates
    from rmlog.store.rows import balance_rows, last_initiations, person_statuses

    config = settings.cadences
    people = person_statuses(session, reset=config.reset)
    recent = {row.handle: row for row in balance_rows(session, parse_since(f"{RHYTHM_DAYS}d", moment))}
    ids = let_go_candidates(people, moment, config)
    handles = {p.id: p.handle for p in people}
    initiations = {handles[pid]: Initiations(*counts)
                   for pid, counts in last_initiations(session, ids, LAST_INTERACTIONS).items()}
    return build_circles(people, recent, initiations, moment, config, settings.capacity)


def move(
    person: PersonArg,
    circle: Annotated[Circle, typer.Argument(help="The circle to move them to.")],
    why: Annotated[Optional[str], typer.Option("--why", help="Your reason, kept with the move.")] = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """Move someone to another circle and record why (undo reverts it; show lists moves).

    \b
    Example:
      rmlog move bob core --why "9 meetings in 60 days"
      rmlog move carol periphery --why "we drifted apart"
    """
    from rmlog.app.journal import move as move_person
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    with open_store(db, write=True) as session:
        found = resolve_person(session, person)
        moved = move_person(session, found, circle.value, why, now())
    if json:
        render.emit_json({"handle": found.handle, "from": moved.from_circle, "to": moved.to_circle,
                          "why": moved.why, "at": render.iso(moved.at)})
        return
    render.line(f"Moved {render.inert(found.handle)} from {moved.from_circle} to {moved.to_circle}.")


def register(app: typer.Typer) -> None:
    """Add circles and move to the app."""
    app.command()(circles)
    app.command()(move)
