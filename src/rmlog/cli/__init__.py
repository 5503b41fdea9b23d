"""The command-line interface: thin commands that parse, call the store and reports, render."""

from rmlog.cli import (
    brief, contacts, history, interactions, journal, ledger, people, practice, reports, shell, show, sync, transfer,
)
from rmlog.cli.app import app

journal.register(app)
interactions.register(app)
history.register(app)
people.register(app)
show.register(app)
brief.register(app)
reports.register(app)
practice.register(app)
ledger.register(app)
transfer.register(app)
sync.register(app)
shell.register(app)
contacts.register(app)

ALL_COMMANDS = tuple(app.registered_commands)
"""Every command as registered, kept whole even when a run builds only one of them."""
GROUPS = tuple(info.name for info in app.registered_groups)
"""Commands with subcommands (rmlog contacts sync)."""


def registered_names() -> list[str]:
    """The names of every rmlog command, hidden aliases (ls) included, sorted."""
    from typer.main import get_command_name

    commands = [info.name or get_command_name(info.callback.__name__) for info in ALL_COMMANDS]
    return sorted([*commands, *GROUPS])


__all__ = ["ALL_COMMANDS", "app", "registered_names"]
