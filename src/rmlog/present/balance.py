"""How balance draws its view: one table, flagged relationships first."""

from __future__ import annotations

from rmlog import render


def layout(view) -> None:
    """The table of view.listed, or one line saying why it is empty."""
    if not view.listed:
        render.line(_no_balance(view.all_balanced, view.since))
        return
    from rmlog.render import Col

    render.table(
        [Col("person", name=True, shrink=12), Col("gave", right=True), Col("got", right=True),
         Col("net", right=True, drop=2), Col("give %", right=True, drop=3), Col("you reach out", right=True, drop=1),
         Col("flags", shrink=24)],
        ((render.person(e.name, e.handle), _num(e.gave), _num(e.received), _num(e.net), _pct(e.give_ratio),
          _pct(e.initiation_share), flags_mark(e.flags)) for e in view.listed),  # row by row: 50k people
        title=f"Balance since {render.short_date(view.since)}",
    )


def _no_balance(balanced: bool, start) -> str:
    if balanced:
        return f"No one-sided relationships since {render.short_date(start)}: give and take are balanced."
    return f"Nothing given or received since {render.short_date(start)}."


def flags_mark(flags) -> render.Styled | str:
    """Flags in the warning colour, behind a warning sign."""
    return render.Styled("⚠ " + ", ".join(flags), render.WARN) if flags else ""


def _num(value: float) -> str:
    return f"{value:g}"


def _pct(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.0%}"
