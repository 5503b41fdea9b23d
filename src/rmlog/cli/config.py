"""The settings in force, and the two the command line sets (config)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import Fmt, Json


def config(
    me: Annotated[Optional[list[str]], typer.Option("--me", help="Your own email address (repeat for each); replaces the list.")] = None,
    offers: Annotated[
        Optional[str], typer.Option("--offers", help="What you can offer people, ';' between items (\"\" clears).")
    ] = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Show the settings in force (cadences, what resets the clock, capacities, your own
    addresses and offers) and the config file that changes them.

    \b
    Example:
      rmlog config
      rmlog config --me a@x.io --me alice@home.example
      rmlog config --offers "intros to ML people; fundraising advice"
      $EDITOR "$(rmlog config --json | jq -r .path)"
    """
    from rmlog.config import config_path, load_me, load_practice, save_me, save_offers
    from rmlog.reports.cadence import window_of

    if me:
        save_me(me)
    if offers is not None:
        save_offers(offers)
    practice, own = load_practice(), load_me()
    cadences = practice.cadences
    circle_windows = {name: window_of(days, cadences.circle_max.get(name)) for name, days in cadences.circles.items()}
    tag_windows = {name: window_of(days, cadences.tag_max.get(name)) for name, days in cadences.tags.items()}
    if json:
        render.emit_json({
            "path": str(config_path()), "circles": dict(cadences.circles), "tags": dict(cadences.tags),
            "maximum": {"circles": {name: w.max if w else None for name, w in circle_windows.items()},
                        "tags": {name: w.max for name, w in tag_windows.items() if w}},
            "reset": {name: list(kinds) for name, kinds in cadences.reset.items()},
            "capacity": dict(practice.capacity), "offers": practice.offers, "me": own,
        })
        return
    render.line(f"Config file: {render.inert(config_path())}")
    render.line(f"Me: {render.inert(', '.join(own)) if own else '(not set: rmlog config --me you@example.com)'}")
    render.table(
        ["kind", "name", "every", "at most", "capacity", "clock reset by"],
        [("circle", name, _every(w), w.max if w else "", practice.capacity.get(name, ""),
          ", ".join(cadences.reset.get(name, ())) or ("any contact" if w else "")) for name, w in circle_windows.items()]
        + [("tag", name, _every(w), w.max if w else "", "", "") for name, w in tag_windows.items()],
    )
    render.fields([("You offer", practice.offers or "nothing yet: rmlog config --offers \"...\""),
                   ("Birthdays", f"shown {cadences.birthday_days} days ahead ([due] birthdays)")])


def _every(window) -> str:
    return f"{window.ideal} days" if window else "never"


def register(app: typer.Typer) -> None:
    """Add the config command to the app."""
    for command in (config,):
        app.command(command.__name__.replace("_", "-"))(command)
