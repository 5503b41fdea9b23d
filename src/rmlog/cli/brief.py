"""rmlog brief: the page to read before meeting someone (show stays the profile)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog.cli.options import Db, Fmt, Json, PersonArg


def brief(
    person: PersonArg,
    since: Annotated[Optional[str], typer.Option("--since", "-s", help="Only what happened since: 90d, 2026-01-01.")] = None,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Prepare for a meeting: who they are, needs and offers, open promises both ways, what
    went each way lately, the last five conversations, upcoming dates, recurring topics.

    \b
    Example:
      rmlog brief alice
      rmlog brief alice --since 1y --json
    """
    from rmlog import present
    from rmlog.app.brief import brief as brief_view
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.store.engine import open_reader
    from rmlog.store.queries import resolve_person_id

    moment = now()
    start = parse_since(since, moment) if since else None
    with open_reader(db) as session:
        view = brief_view(session, moment, resolve_person_id(session, person), start)
    present.show(view)


def register(app: typer.Typer) -> None:
    """Add the brief command to the app."""
    app.command()(brief)
