"""rmlog show: one person's profile, contact status, balance, promises and history."""

from __future__ import annotations

import typer

from rmlog import render
from rmlog.cli.options import Db, Json, PersonArg
from rmlog.cli.people import interaction_document, person_document
from rmlog.cli.reports import balance_window_start


def show(person: PersonArg, db: Db = None, json: Json = False) -> None:
    """Show a profile: details, due status, balance, promises both ways, recent interactions.

    \b
    Example:
      rmlog show alice
      rmlog show alice --json | jq .open_commitments
    """
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.reports.balance import balance_entry
    from rmlog.reports.due import contact_status
    from rmlog.reports.reliability import reliability
    from rmlog.store.engine import open_store
    from rmlog.cli.ledger import exchange_document
    from rmlog.store.people import moves_of
    from rmlog.store.queries import exchanges_of, person_row, recent_interactions, resolve_person_id
    from rmlog.store.reports import balance_rows, commitment_rows, counted_contact, status_of

    moment, config = now(), load_cadences()
    with open_store(db) as session:
        pid = resolve_person_id(session, person)
        row = person_row(session, pid)
        kinds = config.reset.get(row.person.circle)
        counted = counted_contact(session, pid, kinds)
        moves = moves_of(session, pid)
        recent = recent_interactions(session, pid)
        exchanges = exchanges_of(session, pid)
        balances = balance_rows(session, balance_window_start(moment), pid)
        commitments = commitment_rows(session, person_id=pid)
    status = None if row.person.archived_at else contact_status(status_of(row, counted), moment, config)
    ledger = balance_entry(balances[0]) if balances else None
    open_ones = [c for c in commitments if c.status == "open"]
    trust = {owner: reliability(commitments, owner, moment) for owner in ("me", "them")}
    if json:
        document = person_document(row, moment)
        document.update(
            due=status.days_since >= status.cadence_days if status else False,
            status=status.to_json() if status else None,
            balance=ledger.to_json() if ledger else None,
            open_commitments=[_commitment_json(c) for c in open_ones],
            reliability={"mine": trust["me"].to_json(), "theirs": trust["them"].to_json()},
            recent_interactions=[interaction_document(i, o) for i, o in recent],
            exchanges=[exchange_document(e, row.person.handle) for e in exchanges],
            moves=[_move_json(m) for m in moves],
        )
        render.emit_json(document)
        return
    _render_profile(row, status, ledger, trust, moment, _reset_text(row.person.circle, kinds, counted, moment))
    _render_moves(moves)
    _render_commitments(open_ones)
    _render_exchanges(exchanges)
    _render_recent(recent)


def _commitment_json(c) -> dict:
    from rmlog.store.models import CommitmentOut, shown

    return shown(CommitmentOut, c, person=c.person_handle, include={"id", "owner", "what", "due_at"})


def _move_json(move) -> dict:
    return {"at": render.iso(move.at), "from": move.from_circle, "to": move.to_circle, "why": move.why}


def _reset_text(circle: str, kinds, counted, moment) -> str:
    """Which contact last reset the clock, when the circle counts some kinds only."""
    from rmlog.reports.days import staleness_days

    if not kinds:
        return ""
    counting = f"({circle} counts {', '.join(kinds)})"
    if counted is None:
        return f"no contact that counts yet {counting}"
    when = render.ago(staleness_days(counted.occurred_at, moment))
    return f"{counted.kind} #{counted.id}, {when} ({render.local_date(counted.occurred_at)}) {counting}"


def _render_profile(row, status, ledger, trust, moment, reset: str = "") -> None:
    from rmlog.reports.days import staleness_days

    p = row.person
    contact = "no interactions yet"
    if row.last_contact:
        contact = f"{render.ago(staleness_days(row.last_contact, moment))} ({render.local_date(row.last_contact)})"
    render.heading(f"{render.inert(p.name)} ({render.inert(p.handle)})")
    render.fields([
        ("Circle", p.circle + (f", every {status.cadence_days} days, at most {status.max_days}" if status else ", no cadence")),
        ("Tags", ", ".join(row.tags)),
        ("Aliases", ", ".join(row.aliases)),
        ("Work", " at ".join(x for x in (p.role, p.company) if x)),
        ("Email", ", ".join(p.emails)),
        ("Phone", ", ".join(p.phones)),
        ("Birthday", p.birthday),
        ("Met", p.how_met),
        ("Needs", p.needs),
        ("Offers", p.offers),
        ("Notes", p.notes),
        ("Last contact", contact),
        ("Clock reset by", reset),
        ("Status", _due_text(p, status, moment)),
        ("Balance", _balance_text(ledger)),
        ("You keep your word", _trust_text(trust["me"])),
        ("They keep theirs", _trust_text(trust["them"])),
        ("Archived", render.local_date(p.archived_at)),
    ])


def _due_text(person, status, moment) -> str:
    if person.snoozed_until and person.snoozed_until > moment:
        return f"snoozed until {render.local_date(person.snoozed_until)}"
    if status is None:
        return ""
    if status.days_since < status.cadence_days:
        return f"in touch (next in {status.cadence_days - status.days_since} days)"
    return "drifting: reconnect" if status.drifting else f"due: reconnect ({status.days_overdue} days over)"


def _balance_text(ledger) -> str:
    if ledger is None:
        return ""
    flags = f"; {', '.join(ledger.flags)}" if ledger.flags else ""
    return f"gave {ledger.gave:g}, received {ledger.received:g} in the last year{flags}"


def _trust_text(rel) -> str:
    return f"{rel.kept} of {rel.total} on time" if rel.total else ""


def _render_moves(moves) -> None:
    if not moves:
        return
    render.line()
    render.table(
        ["when", "from", "to", "why"],
        [(render.local_date(m.at), m.from_circle, m.to_circle, m.why or "") for m in moves],
        title="Circle moves",
    )


def _render_commitments(open_ones) -> None:
    if not open_ones:
        return
    render.line()
    render.table(
        ["#", "whose", "what", "due"],
        [(c.id, "mine" if c.owner == "me" else "theirs", c.what, render.local_date(c.due_at)) for c in open_ones],
        title="Open promises",
    )


def _render_exchanges(exchanges) -> None:
    if not exchanges:
        return
    render.line()
    render.table(
        ["#", "when", "way", "kind", "what", "weight"],
        [(e.id, render.local_date(e.occurred_at), "gave" if e.direction == "gave" else "got", e.kind, e.what,
          f"{e.weight:g}") for e in exchanges],
        title="Given and received",
    )


def _render_recent(recent) -> None:
    if not recent:
        return
    render.line()
    render.table(
        ["#", "when", "kind", "with", "note"],
        [(i.id, render.local_time(i.occurred_at), i.kind, ", ".join(others), render.first_line(i.notes))
         for i, others in recent],
        title="Recent interactions",
    )


def register(app: typer.Typer) -> None:
    """Add the show command to the app."""
    app.command()(show)
