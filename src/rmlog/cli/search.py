"""Ranked full-text search over notes, promises and people (search)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import MAX_LIMIT, Db, Fmt, Json
from rmlog.vocab import Kind


class Section(str, Enum):
    """What search looks in."""

    notes = "notes"
    promises = "promises"
    people = "people"


def search(
    text: Annotated[str, typer.Argument(help='Words (any order), "a phrase", word*, -excluded.')],
    person: Annotated[Optional[str], typer.Option("--person", "-p", help="Only notes and promises with this person.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", "-s", help="Only since: 90d, 2026-01-01.")] = None,
    kind: Annotated[Optional[Kind], typer.Option("--kind", "-k", help="Only notes of this kind of contact.")] = None,
    within: Annotated[Optional[Section], typer.Option("--in", help="Only notes, promises or people.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="At most N hits per section.")] = 20,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Search notes, promises and people: best match first, recent before old.

    Case and accents are ignored (muller finds Müller); the last word also finds longer
    words as you type (seed finds seedling).

    \b
    Example:
      rmlog search investors seed
      rmlog search '"seed round" -angel' --since 1y
      rmlog search deck --person alice --kind call
    """
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.errors import InputError
    from rmlog.store.engine import open_store
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.search import Filters, parse, search_all

    if not text.strip():
        raise InputError("search needs some text, e.g. rmlog search deck")
    if text.strip() and not parse(text).include and parse(text).exclude:
        raise InputError("search needs a word to find besides the -excluded ones, e.g. rmlog search deck -draft")
    moment = now()
    filters = Filters(since=parse_since(since, moment) if since else None, kind=kind.value if kind else None,
                      sections=(within.value,) if within else Filters().sections)
    with open_store(db) as session:
        if person is not None:
            filters.person_id = resolve_person_id(session, person)
        hits = search_all(session, text.strip(), limit, filters, moment)
    if json:
        render.emit_report({"query": text, **hits})
        return
    if not any(hits.values()):
        render.line(f"Nothing matches {render.inert(text)!r}.")
        return
    shown = False
    for title, section, lines in (("People", "people", _person_hit), ("Notes", "interactions", _note_hit),
                                  ("Promises", "commitments", _promise_hit)):
        if hits[section]:
            if shown:
                render.line()
            render.heading(f"{title} ({len(hits[section])})")
            for hit in hits[section]:
                lines(hit)
            shown = True


def _person_hit(hit: dict) -> None:
    render.segments([render.person(hit["name"], hit["handle"]), render.Styled(f"  {hit['matched']}", render.FAINT)])
    if hit["field"] != "name":
        _snippet(hit)


def _note_hit(hit: dict) -> None:
    people = ", ".join(hit["names"]) or "nobody"
    render.segments([render.Styled(f"#{hit['id']}", "bold"),
                     f"  {render.short_time(hit['occurred_at'])} · {hit['kind']} · {people}"])
    _snippet(hit)


def _promise_hit(hit: dict) -> None:
    render.segments([render.Styled(f"#{hit['id']}", "bold"), f"  {hit['name']} · ", render.whose(hit["owner"]),
                     f" · {hit['status']}" + (f" · due {render.short_date(hit['due_at'])}" if hit["due_at"] else "")])
    _snippet(hit)


def _snippet(hit: dict) -> None:
    """The snippet, indented, its matched words highlighted (bold yellow on a terminal); on a
    narrow terminal its start gives way first, so that the first match stays in view."""
    text, spans = hit["snippet"], hit["highlights"]
    room = (render.terminal_width() or 80) - 4
    cut = len(text) - room + 1
    if cut > 0 and spans and spans[0][1] > room - 1:
        cut = min(cut, spans[0][0])
        space = text.find(" ", cut)
        cut = space + 1 if 0 <= space < spans[0][0] else cut  # a whole word first
        text = "…" + text[cut:]
        spans = [[start - cut + 1, end - cut + 1] for start, end in spans if start >= cut]
    pieces, at = ["    "], 0
    for start, end in spans:
        pieces += [text[at:start], render.Styled(text[start:end], "bold yellow")]
        at = end
    pieces.append(text[at:])
    render.segments(pieces)


def register(app: typer.Typer) -> None:
    """Add the search command to the app."""
    for command in (search,):
        app.command(command.__name__.replace("_", "-"))(command)
