"""rmlog plan as text: the give-first queue, then one block per key person."""

from __future__ import annotations

from rmlog import render


def layout(view) -> None:
    """Draw a PlanView (rmlog.app.plan)."""
    if not view.people:
        render.line("No one to plan for yet: add people in the inner, core or network circles.")
        return
    if view.give_first:
        render.table([render.Col("person", name=True, shrink=12), render.Col("why", shrink=20)],
                     [(render.person(g.name, g.handle), g.why) for g in view.give_first],
                     title=f"Give first ({len(view.give_first)})")
        render.line()
    if not view.offers:
        render.line("To match needs: rmlog config --offers \"what you can give\"")
        render.line()
    for number, e in enumerate(view.people, 1):
        if number > 1:
            render.line()
        render.heading(f"{number}. {render.person(e.name, e.handle)} · {e.circle}")
        mark = render.contact(e.verdict)
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
