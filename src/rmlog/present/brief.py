"""The layout of brief: who they are, open promises both ways, what went each way, the last
conversations with their first lines, what is coming up, recurring topics."""

from __future__ import annotations

from rmlog import render
from rmlog.app.brief import EXCHANGES
from rmlog.present.profile import commitments, exchanges

NOTE_LINES = 3
"""Lines of each conversation's notes shown."""


def layout(view) -> None:
    """Draw a BriefView."""
    row = view.row
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
    commitments(view.promises, view.overdue)
    if view.exchanges:
        exchanges(view.exchanges[:EXCHANGES])
        render.line(f"  In all: you gave {view.gave}, received {view.received}.")
    _render_talks(view.talks, p.id)
    if view.upcoming:
        render.line()
        render.heading("Coming up")
        for item in view.upcoming:
            render.line(f"  {item['date']}  {render.inert(item['what'])} ({_in_days(item['days'])})")
    if view.topics:
        render.line()
        render.fields([("Recurring topics", " · ".join(f"{t['word']} ({t['notes']})" for t in view.topics))])


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
