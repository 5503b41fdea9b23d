"""rmlog review --weekly: the weekly ritual, one key per item on a terminal.

Every answer runs the use case of the command it stands for (log, snooze, move, promise,
done, edit-promise; rmlog.app.journal) as its own operation, recorded in history under that
command's words, so undo reverts it. The items are read again after each answer: someone
logged is not proposed again. Off a terminal, or with --json, the items are printed instead
and nothing waits for a key.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import typer

from rmlog import render
from rmlog.errors import RmlogError

KEYS = {"l": "log", "s": "snooze", "m": "move", "p": "promise", "k": "skip"}
SKIP_KEYS = {"\r", "\n", " "}
QUIT_KEYS = {"q", "\x1b", ""}  # '' is the end of input: never wait on a closed stdin
WEEK_DAYS = 7
IN_A_WEEK = "in 7 days"
CONTACT = {"drifting", "offer"}  # items that ask for contact: gone once the person is logged


def weekly_items(db):
    """This week's review (rmlog.app.weekly), read in one transaction."""
    from rmlog.app.weekly import weekly as weekly_view
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.store.engine import open_store

    moment, settings = now(), load_practice()
    with open_store(db) as session:
        return weekly_view(session, moment, settings)


def weekly(db, json: bool) -> None:
    """Print the items (pipe, --json) or walk through them one key at a time (terminal)."""
    from rmlog import present
    from rmlog.cli.terminal import interactive

    view = weekly_items(db)
    if json or not view.items or not interactive():
        present.show(view)
        return
    _ritual(view.items, db)


def _ritual(items, db) -> None:
    render.heading(f"Weekly review: {len(items)} items. One key each; q stops, Enter skips.")
    asked: set[tuple] = set()
    logged: set[str] = set()
    answered = 0
    while pending := _pending(items, asked, logged):
        item = pending[0]
        asked.add(_identity(item))
        render.line()
        render.heading(f"[{len(asked)}/{len(asked) + len(pending) - 1}] {item.kind}: "
                       f"{render.person(item.name, item.handle)}")
        render.line(f"  {item.text}")
        render.line("  " + " · ".join(f"{_key(a)} {_label(item, a)}" for a in item.answers))
        answer = _ask(item)
        if answer is None:
            render.line("Stopped.")
            break
        if answer == "skip" or not _apply(item, answer, db):
            continue
        answered += 1
        if answer == "log":
            logged.add(item.handle)
        items = weekly_items(db).items
    render.line()
    render.line(f"{answered} answered. 'rmlog history' lists them; 'rmlog undo' reverts the latest.")


def _pending(items, asked: set[tuple], logged: set[str]) -> list:
    """The items not asked yet, without asking for contact with someone just logged."""
    return [i for i in items if _identity(i) not in asked and not (i.kind in CONTACT and i.handle in logged)]


def _identity(item) -> tuple:
    """What stays the same about an item when the queue is read again."""
    return item.kind, item.handle, item.commitment_id


def _key(answer: str) -> str:
    return next(key for key, name in KEYS.items() if name == answer)


def _label(item, answer: str) -> str:
    """What the key does for this item."""
    if answer == "move":
        return f"move to {item.to_circle}"
    if answer == "snooze":
        return "due a week after its due date" if item.commitment_id else "snooze a week"
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
    """Do what the answer stands for as one operation; a refused answer is a warning, not
    the end of the review."""
    try:
        return _answer(item, answer, db)
    except RmlogError as error:
        render.warn(f"{error}; skipped")
        return False


def _answer(item, answer: str, db) -> bool:
    if answer == "log":
        return _log(item, db)
    if answer == "move":
        return _move(item, db)
    if answer == "snooze" and item.commitment_id:
        return _postpone(item, db)
    if answer == "snooze":
        return _snooze(item, db)
    if item.commitment_id:
        return _keep(item, db)
    return _promise(item, db)


def _log(item, db) -> bool:
    """Ask for the note (empty: the editor) and the when, then log a meeting."""
    from rmlog.app.journal import Contact, log_contact
    from rmlog.cli.log import _confirmation, _note_from_editor
    from rmlog.clock import now
    from rmlog.dates import parse_when

    typed = typer.prompt("  note (Enter opens the editor)", default="", show_default=False).strip()
    when = typer.prompt("  when", default="now").strip() or "now"
    moment = now()
    occurred_at = parse_when(when, moment)
    notes, promised = typed or None, []
    if not typed:
        notes, promised = _note_from_editor(db, [item.handle], "meeting", occurred_at, moment)
    if notes is None and not promised:
        render.line("  Nothing logged: the note was left empty.")
        return False
    words = ["log", item.handle, *(["-m", notes] if notes else []), "--when", when]
    for what, _ in promised:
        words += ["--promise", what]
    with _writing(db, words) as (session, person, _):
        entry = log_contact(session, [person], occurred_at, moment, Contact(notes=notes, promises=promised))
    render.line(_confirmation(entry))
    return True


def _move(item, db) -> bool:
    from rmlog.app.journal import move

    with _writing(db, ["move", item.handle, item.to_circle, "--why", item.text]) as (session, person, moment):
        moved = move(session, person, item.to_circle, item.text, moment)
    render.line(f"Moved {render.inert(item.handle)} from {moved.from_circle} to {moved.to_circle}.")
    return True


def _snooze(item, db) -> bool:
    from rmlog.app.journal import snooze
    from rmlog.dates import parse_due

    with _writing(db, ["snooze", item.handle, "--until", f"{WEEK_DAYS}d"]) as (session, person, moment):
        until = snooze(session, person, parse_due(IN_A_WEEK, moment))
    render.line(f"Snoozed {render.inert(item.handle)} until {render.local_date(until)}.")
    return True


def _postpone(item, db) -> bool:
    """A promise due a week after its due date."""
    from rmlog.app.journal import postpone_promise
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.ledger import get_commitment

    moment = now()
    with open_store(db) as session:
        due_at = get_commitment(session, item.commitment_id)[0].due_at or moment
    later = render.due_date(due_at + timedelta(days=WEEK_DAYS), long=True)
    with open_store(db, write=True, command=_words(["edit-promise", str(item.commitment_id), "--due", later])) as session:
        commitment, person = postpone_promise(session, item.commitment_id, WEEK_DAYS, moment)
    render.line(f"#{commitment.id} updated: {render.inert(commitment.what)} "
                f"({person.handle}, due {render.due_date(commitment.due_at, long=True)}).")
    return True


def _keep(item, db) -> bool:
    from rmlog.app.journal import keep_promise
    from rmlog.clock import now
    from rmlog.store.engine import open_store

    with open_store(db, write=True, command=_words(["done", str(item.commitment_id)])) as session:
        commitment, person = keep_promise(session, item.commitment_id, now())
    render.line(f"#{commitment.id} done: {render.inert(commitment.what)} ({person.handle}).")
    return True


def _promise(item, db) -> bool:
    from rmlog.app.journal import make_promise
    from rmlog.dates import parse_due

    what = item.offer or "reconnect"
    with _writing(db, ["promise", item.handle, what, "--due", IN_A_WEEK]) as (session, person, moment):
        commitment = make_promise(session, person, what, moment, parse_due(IN_A_WEEK, moment))
    render.line(f"#{commitment.id} You promised {render.inert(person.name)}: {render.inert(what)}, "
                f"due {render.due_date(commitment.due_at, long=True)}.")
    return True


@contextmanager
def _writing(db, words: list[str]):
    """One operation recorded under words: (session, the item's person, now)."""
    from rmlog.clock import now
    from rmlog.store.engine import open_store
    from rmlog.store.people import resolve_person

    with open_store(db, write=True, command=_words(words)) as session:
        yield session, resolve_person(session, words[1]), now()


def _words(words: list[str]) -> str:
    import shlex

    return shlex.join(words)
