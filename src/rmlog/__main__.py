"""Entry point for the rmlog console script and `python -m rmlog`."""

import os
import shlex
import sys


def main() -> None:
    """Run the rmlog command line, building only the command being run."""
    from rmlog.cli import app

    only_invoked_command(app, command_words(sys.argv[1:]))
    app(prog_name="rmlog")


def command_words(argv: list[str]) -> list[str]:
    """The finished words after `rmlog`: argv, or those of a TAB completion request
    (bash sends COMP_WORDS/COMP_CWORD, zsh and fish _TYPER_COMPLETE_ARGS)."""
    if not os.environ.get("_RMLOG_COMPLETE"):
        return argv
    if "COMP_WORDS" in os.environ:
        words = _split(os.environ["COMP_WORDS"])
        return words[1 : int(os.environ.get("COMP_CWORD", len(words)))]
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    return words if line.endswith(" ") else words[:-1]


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def only_invoked_command(app, words: list[str]) -> None:
    """Keep just the invoked command registered: Typer inspects every registered command's
    signature at start-up, which costs more than running most commands. Help, completing a
    command name and unknown names keep them all."""
    from typer.main import get_command_name

    if not words:
        return
    chosen = [
        info for info in app.registered_commands
        if (info.name or get_command_name(info.callback.__name__)) == words[0]
    ]
    if chosen:
        app.registered_commands = chosen


if __name__ == "__main__":
    main()
