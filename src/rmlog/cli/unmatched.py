"""Addresses an import matched to nobody, listed with the command that adds each person
(calendars and mail alike)."""

from __future__ import annotations

from rmlog import render

SHOWN = 20


def list_unmatched(unmatched, noun: tuple[str, str] = ("meeting", "meetings")) -> None:
    """Addresses that matched nobody, on stderr, with the command that adds each."""
    import shlex

    for entry in unmatched[:SHOWN]:
        meetings = f"1 {noun[0]}" if entry.meetings == 1 else f"{entry.meetings} {noun[1]}"
        render.warn(render.inert(
            f"{meetings} with {entry.email}: rmlog add {shlex.quote(entry.name)} --email {shlex.quote(entry.email)}"
        ))
    if len(unmatched) > SHOWN:
        rest = unmatched[SHOWN:]
        render.warn(f"... and {len(rest)} more addresses in {sum(u.meetings for u in rest)} {noun[1]} "
                    "(all of them: --json)")
    if unmatched:
        render.warn("or pass --new to add them all (in the periphery circle)")
