"""The command-line interface: thin commands that parse, call the application, the store and
the reports, and present. Each command lives in the module named after it or its group."""

from rmlog.cli import (
    balance, brief, circles, config, contacts, due, exchanges, history, interactions, log, merge,
    people, plan, promises, review, search, shell, show, snooze, sync, transfer,
)
from rmlog.cli.app import app

log.register(app)
interactions.register(app)
history.register(app)
people.register(app)
snooze.register(app)
merge.register(app)
show.register(app)
brief.register(app)
due.register(app)
balance.register(app)
review.register(app)
plan.register(app)
search.register(app)
circles.register(app)
promises.register(app)
exchanges.register(app)
config.register(app)
transfer.register(app)
sync.register(app)
shell.register(app)
contacts.register(app)

ALL_COMMANDS = tuple(app.registered_commands)
"""Every command as registered, kept whole even when a run builds only one of them."""
GROUPS = tuple(info.name for info in app.registered_groups)
"""Commands with subcommands (rmlog contacts sync)."""


def registered_names() -> list[str]:
    """The names of every rmlog command, hidden aliases (ls) included, sorted: what
    rmlog.completion.COMMANDS must hold (a test fails when it is stale)."""
    from typer.main import get_command_name

    commands = [info.name or get_command_name(info.callback.__name__) for info in ALL_COMMANDS]
    names = sorted([*commands, *GROUPS])
    unsafe = [n for n in names if not n.replace("-", "").replace("_", "").isalnum()]
    if unsafe:
        raise RuntimeError(f"command names unfit for a shell pattern: {unsafe}")
    return names


def person_arguments() -> dict[str, tuple[int, int, tuple[str, ...]]]:
    """rmlog.completion.PERSON_ARGUMENTS as the app defines it: for each command with an
    argument completed by complete_person, that argument's position among the positional
    ones, its word count (1 or -1) and the command's options that take no value."""
    from typer.main import get_command, get_command_name
    from typer.utils import get_params_from_function

    from rmlog.cli.options import complete_person

    commands = get_command(app).commands
    table = {}
    for info in ALL_COMMANDS:
        params = get_params_from_function(info.callback)
        people = [name for name, meta in params.items() if getattr(meta.default, "autocompletion", None) is complete_person]
        command = commands[info.name or get_command_name(info.callback.__name__)]
        positionals = [p for p in command.params if p.param_type_name == "argument"]
        people = [name for name in people if name in {p.name for p in positionals}]
        if not people:  # options completed by person (edit-log --add) go through Typer
            continue
        position = [p.name for p in positionals].index(people[0])
        flags = [opt for p in command.params if getattr(p, "is_flag", False) for opt in p.opts + p.secondary_opts]
        table[command.name] = (position, positionals[position].nargs, tuple(sorted(flags)))
    return dict(sorted(table.items()))


__all__ = ["ALL_COMMANDS", "app", "person_arguments", "registered_names"]
