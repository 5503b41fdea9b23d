"""What a calendar or mail import did, as calendars and mail alike say it: the counts, and
the addresses it matched to nobody with the command that adds each person."""

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


def counts(result) -> str:
    """'interactions: 3 added, 1 updated, 0 unchanged; 2 people added' (a MeetingImport)."""
    people = f"; {result.people_added} people added" if result.people_added else ""
    return f"interactions: {result.added} added, {result.updated} updated, {result.unchanged} unchanged{people}"
