"""Entry point for the rmlog console script and `python -m rmlog`."""

import os
import sys


def main() -> None:
    """Run the rmlog command line, building only the command being run."""
    from rmlog.cli import app

    only_invoked_command(app, sys.argv[1:])
    app(prog_name="rmlog")


def only_invoked_command(app, argv: list[str]) -> None:
    """Keep just the invoked command registered: Typer inspects every registered command's
    signature at start-up, which costs more than running most commands. Help, completion and
    unknown names keep them all."""
    from typer.main import get_command_name

    if not argv or os.environ.get("_RMLOG_COMPLETE"):
        return
    chosen = [
        info for info in app.registered_commands
        if (info.name or get_command_name(info.callback.__name__)) == argv[0]
    ]
    if chosen:
        app.registered_commands = chosen


if __name__ == "__main__":
    main()
