"""Ranked full-text search over notes, promises and people (search)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

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
    from rmlog import present
    from rmlog.app.search import search as search_view
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.errors import InputError
    from rmlog.store.engine import open_reader
    from rmlog.store.search import parse

    if not text.strip():
        raise InputError("search needs some text, e.g. rmlog search deck")
    if text.strip() and not parse(text).include and parse(text).exclude:
        raise InputError("search needs a word to find besides the -excluded ones, e.g. rmlog search deck -draft")
    moment = now()
    start = parse_since(since, moment) if since else None
    with open_reader(db) as session:
        view = search_view(session, moment, text, limit, person, start, kind.value if kind else None,
                           within.value if within else None)
    present.show(view)


def register(app: typer.Typer) -> None:
    """Add the search command to the app."""
    for command in (search,):
        app.command(command.__name__.replace("_", "-"))(command)
