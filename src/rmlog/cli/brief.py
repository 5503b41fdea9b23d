"""rmlog brief: the page to read before meeting someone (show stays the profile)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Db, Fmt, Json, PersonArg

CONVERSATIONS = 5
NOTE_LINES = 3
EXCHANGES = 5
UPCOMING_DAYS = 60
"""Birthdays and promises due within this many days are upcoming."""


def brief(
    person: PersonArg,
    since: Annotated[Optional[str], typer.Option("--since", "-s", help="Only what happened since: 90d, 2026-01-01.")] = None,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Prepare for a meeting: who they are, needs and offers, open promises both ways, what
    went each way lately, the last five conversations, upcoming dates, recurring topics.

    \b
    Example:
      rmlog brief alice
      rmlog brief alice --since 1y --json
    """
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.store.engine import open_store
    from rmlog.store.queries import exchanges_of, interactions_of, person_row, resolve_person_id
    from rmlog.store.rows import commitment_rows
    from rmlog.store.search import recurring_topics

    moment = now()
    start = parse_since(since, moment) if since else None
    with open_store(db) as session:
        pid = resolve_person_id(session, person)
        row = person_row(session, pid)
        promises = commitment_rows(session, open_only=True, person_id=pid)
        exchanges = [e for e in exchanges_of(session, pid, limit=200) if start is None or e.occurred_at >= start]
        talks = interactions_of(session, pid, since=start, limit=CONVERSATIONS)
        topics = recurring_topics(session, pid, start)
    upcoming = _upcoming(row.person, promises, moment)
    if json:
        _emit(row, promises, exchanges, talks, upcoming, topics, moment)
        return
    _render(row, promises, exchanges, talks, upcoming, topics, moment)


def _upcoming(p, promises, moment) -> list[dict]:
    """The next birthday and promises due within UPCOMING_DAYS (overdue ones too), soonest first."""
    from datetime import timedelta

    from rmlog.clock import to_local
    from rmlog.reports.birthdays import next_occurrence, parse_birthday

    today = to_local(moment).date()
    items = []
    born = parse_birthday(p.birthday)
    if born:
        day = next_occurrence(born[1], born[2], today)
        if (day - today).days <= UPCOMING_DAYS:
            items.append({"what": "birthday", "date": day.isoformat(), "days": (day - today).days, "id": None})
    for c in promises:
        if c.due_at is not None and c.due_at <= moment + timedelta(days=UPCOMING_DAYS):
            day = to_local(c.due_at).date()
            items.append({"what": f"{'you' if c.owner == 'me' else 'they'} promised: {c.what}",
                          "date": day.isoformat(), "days": (day - today).days, "id": c.id})
    return sorted(items, key=lambda item: item["date"])


def _emit(row, promises, exchanges, talks, upcoming, topics, moment) -> None:
    from rmlog.cli.exchanges import exchange_document
    from rmlog.cli.people import interaction_document, person_document
    from rmlog.cli.show import _commitment_json

    gave = sum(1 for e in exchanges if e.direction == "gave")
    render.emit_report({
        "person": person_document(row, moment),
        "open_commitments": [_commitment_json(c) for c in promises],
        "exchanges": {"gave": gave, "received": len(exchanges) - gave,
                      "latest": [exchange_document(e, row.person.handle) for e in exchanges[:EXCHANGES]]},
        "conversations": [interaction_document(i, [p.handle for p in people], [p.name for p in people])
                          for i, people in talks],
        "upcoming": upcoming,
        "topics": topics,
    })


def _render(row, promises, exchanges, talks, upcoming, topics, moment) -> None:
    from rmlog.cli.show import _render_commitments, _render_exchanges

    p = row.person
    render.heading(f"{render.person(p.name, p.handle)} · {p.circle}")
    render.fields([
        ("Works", " · ".join(part for part in (p.role, p.company) if part)),
        ("Also known as", ", ".join(row.aliases)),
        ("Tags", ", ".join(row.tags)),
        ("Met", p.how_met),
        ("Last contact", render.local_date(row.last_contact) if row.last_contact else "never"),
        ("Needs", p.needs),
        ("Offers", p.offers),
        ("Notes", p.notes),
    ])
    _render_commitments(promises, moment)
    if exchanges:
        gave = sum(1 for e in exchanges if e.direction == "gave")
        _render_exchanges(exchanges[:EXCHANGES])
        render.line(f"  In all: you gave {gave}, received {len(exchanges) - gave}.")
    _render_talks(talks, row.person.id)
    if upcoming:
        render.line()
        render.heading("Coming up")
        for item in upcoming:
            render.line(f"  {item['date']}  {render.inert(item['what'])} ({_in_days(item['days'])})")
    if topics:
        render.line()
        render.fields([("Recurring topics", " · ".join(f"{t['word']} ({t['notes']})" for t in topics))])


def _in_days(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {days} days" if days > 0 else f"{-days} days late"


def _render_talks(talks, person_id: int) -> None:
    if not talks:
        return
    render.line()
    render.heading(f"Last {len(talks)} conversations" if len(talks) > 1 else "Last conversation")
    for i, present in talks:
        others = [p for p in present if p.id != person_id]
        people = f" · with {render.people(others)}" if others else ""
        render.segments([render.Styled(f"#{i.id}", "bold"), f"  {render.short_time(i.occurred_at)} · {i.kind}{people}"])
        lines = [line.strip() for line in (i.notes or "").splitlines() if line.strip()]
        for text in lines[:NOTE_LINES]:
            render.segments(["    ", text])
        if len(lines) > NOTE_LINES:
            more = len(lines) - NOTE_LINES
            render.segments([render.Styled(f"    … {more} more line{'s' if more > 1 else ''}", render.FAINT)])


def register(app: typer.Typer) -> None:
    """Add the brief command to the app."""
    app.command()(brief)
