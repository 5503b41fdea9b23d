"""The Typer application and the one handler that turns errors into one-line messages."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from rmlog.errors import RmlogError


class RmlogGroup(TyperGroup):
    """Runs a command; any RmlogError or usage error becomes one stderr line and an exit code."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        from rmlog import invocation

        given = args[0] if args else kwargs.get("args")
        invocation.words = list(sys.argv[1:] if given is None else given)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except RmlogError as error:
            _fail(str(error), error.exit_code)
        except typer.TyperException as error:
            _fail(_usage_message(error), error.exit_code)
        except typer.Abort:
            _fail("aborted", 1)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """TAB support: add_completion=False skips registering Typer's shell classes, so do it here."""
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(var):
            from typer._completion_classes import completion_init

            completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def _usage_message(error: typer.TyperException) -> str:
    ctx = getattr(error, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"{error.format_message()}{hint}"


def _fail(message: str, code: int) -> None:
    """One stderr line; names and uids quoted in the message cannot break it or the terminal."""
    from rmlog.render import inert

    sys.stderr.write(f"rmlog: error: {inert(message)}\n")
    sys.exit(code)


def version_callback(value: bool) -> None:
    """Print the version and stop."""
    if value:
        from rmlog import __version__

        typer.echo(f"rmlog {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="rmlog",
    cls=RmlogGroup,
    help=(
        "A terminal-first relationship journal: who you owe a call, who helped you, "
        "what you promised.\n\n"
        "\b\nStart here:\n  rmlog add \"Alice Smith\" --circle inner\n"
        "  rmlog log alice -m \"coffee, wants intros to ML people\" --when yesterday\n"
        "  rmlog due"
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version."
    ),
) -> None:
    """rmlog."""
