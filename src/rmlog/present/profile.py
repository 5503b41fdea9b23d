"""The layout of show: the picture at a glance (who, how often and how late, a year of
contact, give and take), the profile's fields, then circle moves, exchanges, open promises
and recent interactions. brief draws its promises and exchanges with the tables here.
Not named show: importing rmlog.present.show would replace the function present.show."""

from __future__ import annotations

from datetime import date

from rmlog import render
from rmlog.app.show import STRIP_WEEKS


def layout(view) -> None:
    """Draw a ShowView."""
    reset = _reset_text(view)
    _render_picture(view, _reset_header(view))
    _render_profile(view, reset)
    _render_moves(view.moves)
    exchanges(view.exchanges)
    commitments(view.open_commitments, view.overdue)
    _render_recent(view.recent)


def _reset_text(view) -> str:
    """Which contact last reset the clock, when the circle counts some kinds only."""
    if not view.reset_kinds:
        return ""
    counting = f"({view.row.person.circle} counts {', '.join(view.reset_kinds)})"
    counted = view.counted
    if counted is None:
        return f"no contact that counts yet {counting}"
    when = render.ago(view.counted_days)
    return f"{counted.kind} #{counted.id}, {when} ({render.local_date(counted.occurred_at)}) {counting}"


def _reset_header(view) -> str:
    """'reset by call 30 days ago' when the circle counts some kinds only, else ''."""
    if not view.reset_kinds:
        return ""
    if view.counted is None:
        return f"no {' or '.join(view.reset_kinds)} yet"
    return f"reset by {view.counted.kind} {render.ago(view.counted_days)}"


def _render_picture(view, reset: str = "") -> None:
    """The brief at a glance: who, how often and how late, a year of contact, give and take."""
    from rmlog import charts

    row, ledger = view.row, view.ledger
    p = row.person
    render.heading(" · ".join([render.person(p.name, p.handle), p.circle, *row.tags]))
    render.segments(_cadence_line(view, reset))
    _render_strip(view.contacts, view.moment)
    if ledger is not None and ledger.gave + ledger.received > 0:
        width = min(render.terminal_width() or 66, 66)
        render.segments([render.Styled("Last year: "), *charts.give_take(ledger.gave, ledger.received, width - 11)])
    if ledger is not None and ledger.flags:
        render.segments([render.Styled(f"⚠ {', '.join(ledger.flags)}", render.WARN)])


def _cadence_line(view, reset: str = "") -> list:
    """'every 14 days · last 18 days ago · 4 days overdue · due', the status word coloured;
    with a reset rule in force, 'reset by call 37 days ago' (the contact the days count from)
    stands where 'last 18 days ago' would."""
    p, status = view.row.person, view.status
    last = f"last {render.ago(view.last_days)}" if view.row.last_contact else "never contacted"
    last_part = reset or last
    if p.archived_at:
        return [render.Styled(f"archived {render.short_date(p.archived_at)}: out of due, plan and review", render.FAINT),
                f" · {last_part}"]
    if status is None:
        return [f"no cadence ({p.circle}) · {last_part}"]
    window = f", at most {status.max_days}" if status.max_days != 2 * status.cadence_days else ""
    parts = [f"every {status.cadence_days} days{window} · {last_part} · "]
    if view.snoozed:
        return [*parts, render.Styled(f"snoozed until {render.short_date(p.snoozed_until)}", render.FAINT)]
    mark = render.contact(view.verdict)
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


def _render_profile(view, reset: str) -> None:
    p = view.row.person
    pairs = [
        ("Clock reset by", reset),
        ("Work", " at ".join(x for x in (p.role, p.company) if x)),
        ("Aliases", ", ".join(view.row.aliases)),
        ("Email", ", ".join(p.emails)),
        ("Phone", ", ".join(p.phones)),
        ("Birthday", birthday_text(p.birthday, view.moment)),
        ("Met", p.how_met),
        ("Needs", p.needs),
        ("Offers", p.offers),
        ("Notes", p.notes),
        ("You keep your word", _trust_text(view.mine)),
        ("They keep theirs", _trust_text(view.theirs)),
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


def commitments(open_ones, overdue: frozenset[int]) -> None:
    """The open promises both ways; those whose ids are in overdue marked overdue."""
    from rmlog.render import Col

    if not open_ones:
        return
    render.line()
    render.table(
        [Col("#", right=True), Col("whose"), Col("what", shrink=16), Col("due"), Col("", drop=1)],
        [(c.id, render.whose(c.owner), c.what, render.due_date(c.due_at), _late(c.id in overdue))
         for c in open_ones],
        title="Open promises, both ways",
    )


def _late(overdue: bool) -> render.Styled | str:
    return render.Styled("overdue", render.BAD) if overdue else ""


def exchanges(rows) -> None:
    """What went each way, newest first."""
    from rmlog.render import Col

    if not rows:
        return
    render.line()
    render.table(
        [Col("#", right=True), Col("when"), Col("way"), Col("kind", drop=2), Col("what", shrink=16),
         Col("weight", right=True, drop=1)],
        [(e.id, render.short_date(e.occurred_at), _way(e.direction), e.kind, e.what, f"{e.weight:g}")
         for e in rows],
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
