"""Whom to prioritise and what to offer them (plan)."""

from __future__ import annotations

from typing import Annotated

import typer

from rmlog import render
from rmlog.cli.balance import balance_window_start
from rmlog.cli.options import MAX_LIMIT, Db, Fmt, Json

RECENT_GIFTS = "90d"


def plan(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="How many people.")] = 10,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Whom to prioritise, what they need, and what you could offer each.

    \b
    Example:
      rmlog plan --limit 5
    """
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.dates import parse_since
    from rmlog.reports.cadence import verdict
    from rmlog.reports.give_first import give_first
    from rmlog.reports.plan import build_plan
    from rmlog.store.engine import open_store
    from rmlog.store.rows import balance_rows, commitment_rows, person_statuses, received_rows

    moment, settings = now(), load_practice()
    config = settings.cadences
    with open_store(db) as session:
        people = person_statuses(session, reset=config.reset)
        balances = balance_rows(session, balance_window_start(moment), initiation=False)
        entries = build_plan(
            people, balances,
            commitment_rows(session, open_only=True),
            received_rows(session, parse_since(RECENT_GIFTS, moment)),
            moment, config, limit,
        )
    queue = give_first(people, balances, settings.offers, limit)
    if json:
        render.emit_report({"now": render.iso(moment), "give_first": [g.to_json() for g in queue],
                          "people": [e.to_json() for e in entries]})
        return
    if not entries:
        render.line("No one to plan for yet: add people in the inner, core or network circles.")
        return
    if queue:
        render.table([render.Col("person", name=True, shrink=12), render.Col("why", shrink=20)],
                     [(render.person(g.name, g.handle), g.why) for g in queue], title=f"Give first ({len(queue)})")
        render.line()
    if not settings.offers:
        render.line("To match needs: rmlog config --offers \"what you can give\"")
        render.line()
    for number, e in enumerate(entries, 1):
        if number > 1:
            render.line()
        render.heading(f"{number}. {render.person(e.name, e.handle)} · {e.circle}")
        mark = render.contact(verdict(e.days_since, e.window))
        render.fields([
            ("Last contact", render.Styled(_last_contact(e, mark.text), mark.style)),
            ("Birthday", _birthday(e.birthday)),
            ("Needs", e.needs),
            ("Offers", e.offers),
            ("You promised", "; ".join(p.what + (" (overdue)" if p.overdue else "") for p in e.my_promises)),
            ("Received", "; ".join(f"{g.what or g.kind} ({render.short_date(g.occurred_at)})"
                                   for g in e.recent_received)),
            ("Next step", e.next_step),
        ])


def _birthday(entry) -> str | None:
    """'Mar 14 (turns 36) · in 4 days', or None when no birthday falls within the lookahead."""
    if entry is None:
        return None
    turns = f" (turns {entry.age})" if entry.age else ""
    days = entry.days_until
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return f"{render.short_date(entry.date)}{turns} · {when}"


def _last_contact(entry, mark: str) -> str:
    text = render.ago(entry.days_since)
    if entry.cadence_days:
        text += f", every {entry.cadence_days} days · {mark}"
    return text


def register(app: typer.Typer) -> None:
    """Add the plan command to the app."""
    for command in (plan,):
        app.command(command.__name__.replace("_", "-"))(command)
