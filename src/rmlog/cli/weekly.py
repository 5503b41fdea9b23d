"""rmlog review --weekly: the weekly ritual, one key per item on a terminal.

Every answer runs the command it stands for (log, snooze, move, promise, done, edit-promise)
as its own operation, recorded in history under that command's words, so undo reverts it.
Off a terminal, or with --json, the items are printed instead and nothing waits for a key.
"""

from __future__ import annotations

import typer

from rmlog import render
from rmlog.errors import RmlogError

KEYS = {"l": "log", "s": "snooze", "m": "move", "p": "promise", "k": "skip"}
SKIP_KEYS = {"\r", "\n", " "}
QUIT_KEYS = {"q", "\x1b", ""}  # '' is the end of input: never wait on a closed stdin
WEEK = "7d"
IN_A_WEEK = "in 7 days"


def weekly_items(db):
    """The items of this week's review, read in one transaction."""
    from rmlog.cli.practice import circles_report
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.dates import parse_since
    from rmlog.reports.weekly import build_weekly
    from rmlog.store.engine import open_store
    from rmlog.store.reports import commitment_rows, person_statuses, received_rows

    moment, settings = now(), load_practice()
    config = settings.cadences
    with open_store(db) as session:
        people = person_statuses(session, reset=config.reset)
        moves = circles_report(session, moment, settings).moves
        items = build_weekly(
            people, commitment_rows(session, open_only=True), moves,
            received_rows(session, parse_since("90d", moment)), settings.offers, moment, config,
        )
    return moment, items


def weekly(db, json: bool) -> None:
    """Print the items (pipe, --json) or walk through them one key at a time (terminal)."""
    from rmlog.cli.terminal import interactive

    moment, items = weekly_items(db)
    if json:
        render.emit_report({"now": render.iso(moment), "items": [i.to_json() for i in items]})
        return
    if not items:
        render.line("Nothing to review this week: nobody drifting, no promises due, no moves to make.")
        return
    if not interactive():
        render.table(["#", "what", "who", "item", "answers"],
                     [(n, i.kind, i.handle, i.text, ", ".join(i.answers)) for n, i in enumerate(items, 1)],
                     title=f"Weekly review ({len(items)})")
        return
    _ritual(items, db)


def _ritual(items, db) -> None:
    render.heading(f"Weekly review: {len(items)} items. One key each; q stops, Enter skips.")
    answered = 0
    for number, item in enumerate(items, 1):
        render.line()
        render.heading(f"[{number}/{len(items)}] {item.kind}: {item.name} ({item.handle})")
        render.line(f"  {item.text}")
        render.line("  " + " · ".join(f"{_key(a)} {_label(item, a)}" for a in item.answers))
        answer = _ask(item)
        if answer is None:
            render.line("Stopped.")
            break
        if answer != "skip" and _apply(item, answer, db):
            answered += 1
    render.line()
    render.line(f"{answered} answered. 'rmlog history' lists them; 'rmlog undo' reverts the latest.")


def _key(answer: str) -> str:
    return next(key for key, name in KEYS.items() if name == answer)


def _label(item, answer: str) -> str:
    """What the key does for this item."""
    if answer == "move":
        return f"move to {item.to_circle}"
    if answer == "snooze":
        return "due a week later" if item.commitment_id else "snooze a week"
    if answer == "promise":
        if item.commitment_id:
            return "mark kept"
        return f"promise {item.offer}" if item.offer else "promise to reconnect"
    return {"log": "log contact", "skip": "skip"}[answer]


def _ask(item) -> str | None:
    """The answer for one item: one key, asked again until it is one that applies."""
    while True:
        typer.echo("> ", nl=False)
        key = typer.getchar()
        typer.echo(key if key.isprintable() else "")
        if key in QUIT_KEYS:
            return None
        if key in SKIP_KEYS:
            return "skip"
        answer = KEYS.get(key.lower())
        if answer in item.answers:
            return answer
        render.line(f"  press one of {', '.join(_key(a) for a in item.answers)} (q stops)")


def _apply(item, answer: str, db) -> bool:
    """Run the command the answer stands for; a refused answer is a warning, not the end."""
    from rmlog.cli import journal, ledger, practice
    from rmlog.vocab import Circle

    handle = item.handle
    note = f"weekly review: {item.text}"
    if answer == "log":
        return _run(["log", handle, "-m", note], journal.log, people=[handle], message=note, db=db)
    if answer == "move":
        return _run(["move", handle, item.to_circle, "--why", item.text], practice.move,
                    person=handle, circle=Circle(item.to_circle), why=item.text, db=db)
    if answer == "snooze" and item.commitment_id:
        return _run(["edit-promise", str(item.commitment_id), "--due", IN_A_WEEK], ledger.edit_promise,
                    commitment_id=item.commitment_id, due=IN_A_WEEK, db=db)
    if answer == "snooze":
        return _run(["snooze", handle, "--until", WEEK], ledger.snooze, person=handle, until=WEEK, db=db)
    if item.commitment_id:
        return _run(["done", str(item.commitment_id)], ledger.done, commitment_id=item.commitment_id, db=db)
    what = item.offer or "reconnect"
    return _run(["promise", handle, what, "--due", IN_A_WEEK], ledger.promise,
                person=handle, what=what, due=IN_A_WEEK, db=db)


def _run(words: list[str], command, **arguments) -> bool:
    """Call a command as if typed, with its words recorded in the operation log."""
    from rmlog import invocation

    typed, invocation.words = invocation.words, words
    try:
        command(**arguments)
    except RmlogError as error:
        render.warn(f"{error}; skipped")
        return False
    finally:
        invocation.words = typed
    return True
