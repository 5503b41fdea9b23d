"""Give and take per person (balance)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import SINCE_FORMS, Db, Json, TableFmt

BALANCE_WINDOW = "365d"


def balance_window_start(moment):
    """Start of the default balance window (the last year) before moment."""
    from rmlog.dates import parse_since

    return parse_since(BALANCE_WINDOW, moment)


def balance(
    person: Annotated[Optional[str], typer.Argument(help="Only this person.")] = None,
    since: Annotated[str, typer.Option("--since", help=f"Window: 90d, 1y, {SINCE_FORMS}.")] = BALANCE_WINDOW,
    one_sided: Annotated[bool, typer.Option("--one-sided", help="Only flagged relationships.")] = False,
    everyone_shown: Annotated[bool, typer.Option("--all", "-a", help="Also people with nothing given or received.")] = False,
    db: Db = None,
    json: Json = False,
    output: TableFmt = None,
) -> None:
    """Give and take per person, flagging one-sided relationships both ways.

    People with nothing given or received (and no flag) are left out unless --all;
    --json lists everyone.

    \b
    Example:
      rmlog balance --one-sided
      rmlog balance --all
      rmlog balance alice --since 90d
    """
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.reports.balance import balance_report
    from rmlog.store.engine import open_store
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.rows import balance_rows

    start = parse_since(since, now())
    with open_store(db) as session:
        person_id = resolve_person_id(session, person) if person is not None else None
        everyone = balance_report(balance_rows(session, start, person_id))
    entries = [e for e in everyone if e.flags] if one_sided else everyone
    if json:
        render.emit_report({"since": render.iso(start), "people": [e.to_json() for e in entries]})
        return
    if not everyone_shown:
        entries = [e for e in entries if e.gave or e.received or e.flags]
    if not entries:
        render.line(_no_balance(bool(everyone) and one_sided, start))
        return
    from rmlog.render import Col

    render.table(
        [Col("person", name=True, shrink=12), Col("gave", right=True), Col("got", right=True),
         Col("net", right=True, drop=2), Col("give %", right=True, drop=3), Col("you reach out", right=True, drop=1),
         Col("flags", shrink=24)],
        [(render.person(e.name, e.handle), _num(e.gave), _num(e.received), _num(e.net), _pct(e.give_ratio),
          _pct(e.initiation_share), flags_mark(e.flags)) for e in entries],
        title=f"Balance since {render.short_date(start)}",
    )


def _no_balance(anyone: bool, start) -> str:
    if anyone:
        return f"No one-sided relationships since {render.short_date(start)}: give and take are balanced."
    return f"Nothing given or received since {render.short_date(start)}."


def flags_mark(flags) -> render.Styled | str:
    """Flags in the warning colour, behind a warning sign."""
    return render.Styled("⚠ " + ", ".join(flags), render.WARN) if flags else ""


def _num(value: float) -> str:
    return f"{value:g}"


def _pct(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.0%}"


def register(app: typer.Typer) -> None:
    """Add the balance command to the app."""
    for command in (balance,):
        app.command(command.__name__.replace("_", "-"))(command)
