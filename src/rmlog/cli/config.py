"""The settings in force, and the two the command line sets (config)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

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
    from rmlog import present
    from rmlog.app.config import config as config_view
    from rmlog.config import config_path, load_me, load_practice, save_me, save_offers

    if me:
        save_me(me)
    if offers is not None:
        save_offers(offers)
    present.show(config_view(load_practice(), load_me(), config_path()))


def register(app: typer.Typer) -> None:
    """Add the config command to the app."""
    for command in (config,):
        app.command(command.__name__.replace("_", "-"))(command)
