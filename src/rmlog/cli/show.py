"""rmlog show: one person's profile, contact status, balance, promises and history."""

from __future__ import annotations

import typer

from datetime import date, timedelta

from rmlog import render
from rmlog.cli.options import Db, Fmt, Json, PersonArg
from rmlog.cli.people import interaction_document, person_document
from rmlog.cli.balance import balance_window_start

STRIP_WEEKS = 52


def show(person: PersonArg, db: Db = None, json: Json = False,
    output: Fmt = None) -> None:
    """Show a profile: details, due status, balance, promises both ways, recent interactions.

    \b
    Example:
      rmlog show alice
      rmlog show alice --json | jq .open_commitments
    """
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.reports.balance import balance_entry
    from rmlog.reports.due import contact_status, is_due
    from rmlog.reports.reliability import reliability
    from rmlog.store.engine import open_store
    from rmlog.cli.exchanges import exchange_document
    from rmlog.store.queries import (
        contact_times, exchanges_of, moves_of, person_row, recent_interactions, resolve_person_id,
    )
    from rmlog.store.rows import balance_rows, commitment_rows, counted_contact, last_notes, status_of

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
        contacts = [] if json else contact_times(session, pid, moment - timedelta(weeks=STRIP_WEEKS))
        last_note = last_notes(session, [row.person.handle]).get(row.person.handle)
    # The same status as due's, its last note included.
    counts = status_of(row, counted and counted.occurred_at)._replace(last_note=last_note)
    status = None if row.person.archived_at else contact_status(counts, moment, config)
    ledger = balance_entry(balances[0]) if balances else None
    open_ones = [c for c in commitments if c.status == "open"]
    trust = {owner: reliability(commitments, owner, moment) for owner in ("me", "them")}
    if json:
        document = person_document(row, moment)
        document.update(
            due=is_due(row.person, status, moment),
            status=status.to_json() if status else None,
            balance=ledger.to_json() if ledger else None,
            open_commitments=[_commitment_json(c) for c in open_ones],
            reliability={"mine": trust["me"].to_json(), "theirs": trust["them"].to_json()},
            recent_interactions=[interaction_document(i, [p.handle for p in o], [p.name for p in o]) for i, o in recent],
            exchanges=[exchange_document(e, row.person.handle) for e in exchanges],
            moves=[_move_json(m) for m in moves],
        )
        render.emit_json(document)
        return
    reset = _reset_text(row.person.circle, kinds, counted, moment)
    _render_picture(row, status, ledger, contacts, moment, _reset_header(kinds, counted, moment))
    _render_profile(row, trust, reset, moment)
    _render_moves(moves)
    _render_exchanges(exchanges)
    _render_commitments(open_ones, moment)
    _render_recent(recent)


def _commitment_json(c) -> dict:
    from rmlog.store.shapes import CommitmentOut, shown

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


def _reset_header(kinds, counted, moment) -> str:
    """'reset by call 30 days ago' when the circle counts some kinds only, else ''."""
    from rmlog.reports.days import staleness_days

    if not kinds:
        return ""
    if counted is None:
        return f"no {' or '.join(kinds)} yet"
    return f"reset by {counted.kind} {render.ago(staleness_days(counted.occurred_at, moment))}"


def _render_picture(row, status, ledger, contacts, moment, reset: str = "") -> None:
    """The brief at a glance: who, how often and how late, a year of contact, give and take."""
    from rmlog import charts

    p = row.person
    render.heading(" · ".join([render.person(p.name, p.handle), p.circle, *row.tags]))
    render.segments(_cadence_line(row, status, moment, reset))
    _render_strip(contacts, moment)
    if ledger is not None and ledger.gave + ledger.received > 0:
        width = min(render.terminal_width() or 66, 66)
        render.segments([render.Styled("Last year: "), *charts.give_take(ledger.gave, ledger.received, width - 11)])
    if ledger is not None and ledger.flags:
        render.segments([render.Styled(f"⚠ {', '.join(ledger.flags)}", render.WARN)])


def _cadence_line(row, status, moment, reset: str = "") -> list:
    """'every 14 days · last 18 days ago · 4 days overdue · due', the status word coloured;
    with a reset rule in force, 'reset by call 37 days ago' (the contact the days count from)
    stands where 'last 18 days ago' would."""
    from rmlog.reports.cadence import verdict
    from rmlog.reports.days import staleness_days
    from rmlog.reports.due import window_of_entry

    p = row.person
    last = render.ago(staleness_days(row.last_contact, moment)) if row.last_contact else "never contacted"
    last_part = reset or (f"last {last}" if row.last_contact else last)
    if p.archived_at:
        return [render.Styled(f"archived {render.short_date(p.archived_at)}: out of due, plan and review", render.FAINT),
                f" · {last_part}"]
    if status is None:
        return [f"no cadence ({p.circle}) · {last_part}"]
    window = f", at most {status.max_days}" if status.max_days != 2 * status.cadence_days else ""
    parts = [f"every {status.cadence_days} days{window} · {last_part} · "]
    if p.snoozed_until and p.snoozed_until > moment:
        return [*parts, render.Styled(f"snoozed until {render.short_date(p.snoozed_until)}", render.FAINT)]
    mark = render.contact(verdict(status.days_since, window_of_entry(status)))
    if status.days_since < status.cadence_days:
        left = status.cadence_days - status.days_since
        return [*parts, f"next in {left} day{'s' * (left != 1)} · ", mark]
    over = status.days_overdue
    return [*parts, render.Styled(f"{over} day{'s' * (over != 1)} overdue", mark.style), " · ", mark]


def _render_strip(contacts, moment) -> None:
    from rmlog import charts
    from rmlog.clock import to_local

    weeks = min(STRIP_WEEKS, (render.terminal_width() or STRIP_WEEKS) - 1)
    today = to_local(moment).date()
    counts = charts.week_counts(contacts, today, weeks, lambda t: to_local(t).date())
    render.line()
    render.line(f"Contact, last {weeks} weeks: {sum(counts)} interaction{'s' * (sum(counts) != 1)}")
    render.line(charts.month_axis(charts.week_starts(today, weeks)))
    render.segments(charts.strip(counts))
    render.segments(charts.strip_legend())


def _render_profile(row, trust, reset: str, moment) -> None:
    p = row.person
    pairs = [
        ("Clock reset by", reset),
        ("Work", " at ".join(x for x in (p.role, p.company) if x)),
        ("Aliases", ", ".join(row.aliases)),
        ("Email", ", ".join(p.emails)),
        ("Phone", ", ".join(p.phones)),
        ("Birthday", birthday_text(p.birthday, moment)),
        ("Met", p.how_met),
        ("Needs", p.needs),
        ("Offers", p.offers),
        ("Notes", p.notes),
        ("You keep your word", _trust_text(trust["me"])),
        ("They keep theirs", _trust_text(trust["them"])),
    ]
    if any(value for _, value in pairs):
        render.line()
        render.fields(pairs)


def birthday_text(text: str | None, moment) -> str:
    """'Feb 3 (turns 36)', 'Jan 1' when the year is unknown (1604-01-01, --01-01), the text as
    stored when it is no date."""
    from rmlog.reports.birthdays import next_occurrence, parse_birthday
    from rmlog.reports.days import local_date

    parsed = parse_birthday(text)
    if parsed is None:
        return text or ""
    year, month, day = parsed
    shown = f"{date(2000, month, day):%b} {day}"
    if year is None:
        return shown
    return f"{shown} (turns {next_occurrence(month, day, local_date(moment, moment)).year - year})"


def _render_moves(moves) -> None:
    if not moves:
        return
    render.line()
    render.table(
        ["when", "from", "to", "why"],
        [(render.short_date(m.at), m.from_circle, m.to_circle, m.why or "") for m in moves],
        title="Circle moves",
    )


def _trust_text(rel) -> str:
    return f"{rel.kept} of {rel.total} on time" if rel.total else ""


def _render_commitments(open_ones, moment) -> None:
    from rmlog.render import Col

    if not open_ones:
        return
    render.line()
    render.table(
        [Col("#", right=True), Col("whose"), Col("what", shrink=16), Col("due"), Col("", drop=1)],
        [(c.id, render.whose(c.owner), c.what, render.due_date(c.due_at), _late(c, moment)) for c in open_ones],
        title="Open promises, both ways",
    )


def _late(c, moment) -> render.Styled | str:
    from rmlog.reports.promises import is_overdue

    return render.Styled("overdue", render.BAD) if is_overdue(c.status, c.due_at, moment) else ""


def _render_exchanges(exchanges) -> None:
    from rmlog.render import Col

    if not exchanges:
        return
    render.line()
    render.table(
        [Col("#", right=True), Col("when"), Col("way"), Col("kind", drop=2), Col("what", shrink=16),
         Col("weight", right=True, drop=1)],
        [(e.id, render.short_date(e.occurred_at), _way(e.direction), e.kind, e.what, f"{e.weight:g}")
         for e in exchanges],
        title="Given and received",
    )


def _way(direction: str) -> render.Styled:
    """'gave →' in your colour, '← got' in theirs."""
    return render.Styled("gave →", render.MINE) if direction == "gave" else render.Styled("← got", render.THEIRS)


def _render_recent(recent) -> None:
    from rmlog.render import Col

    if not recent:
        return
    render.line()
    render.table(
        [Col("#", right=True), Col("when"), Col("kind", drop=2), Col("with", shrink=10, drop=1),
         Col("note", shrink=12)],
        [(i.id, render.short_time(i.occurred_at), i.kind, render.people(others), render.first_line(i.notes))
         for i, others in recent],
        title="Recent interactions",
    )


def register(app: typer.Typer) -> None:
    """Add the show command to the app."""
    app.command()(show)
