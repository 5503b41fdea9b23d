"""The Typer application and the one handler that turns errors into one-line messages."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from rmlog.errors import RmlogError, give_up_output


SHORT_HELP = """\
rmlog: a terminal-first relationship journal.

The daily loop:
  rmlog due                       whom to reconnect with, promises due today
  rmlog log alice -m "coffee"     record a contact right after it happens
  rmlog promise alice "send the deck" --due fri
  rmlog done 3                    a promise kept
  rmlog show alice                the brief before you meet

Start with:  rmlog add "Alice Smith" --circle inner
Reflect:     rmlog review --since 30d; rmlog plan; rmlog balance --one-sided
Everything:  rmlog --help
"""

SECTIONS = {
    "The daily loop": ["due", "log", "show", "brief", "promise", "done", "gave", "got", "snooze"],
    "People": ["add", "edit", "people", "archive", "unarchive", "delete", "dedupe", "merge"],
    "Look back": ["review", "plan", "balance", "commitments", "interactions", "search"],
    "Fix mistakes": ["history", "undo", "edit-log", "delete-log", "edit-exchange", "delete-exchange",
                     "edit-promise", "reopen", "drop", "unsnooze"],
    "Files and setup": ["config", "export", "import", "contacts", "backup", "doctor", "sync", "completions",
                        "shell-init"],
}
"""How `rmlog --help` groups the commands; any command not named here is listed under More."""


class Group(TyperGroup):
    """A command group whose own --help is valued False when not given: Typer checks an
    option's value with pydantic unless it is a bool, so with None `rmlog CMD --help`
    imported pydantic (~60 ms) for the group's unused --help."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.default = False
        return option


class RmlogGroup(Group):
    """Runs a command; any RmlogError or usage error becomes one stderr line and an exit code."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        from rmlog import invocation, render
        from rmlog.store import commit_hooks

        commit_hooks.register(_forget_due_snapshot)
        given = args[0] if args else kwargs.pop("args", None)
        invocation.words = list(sys.argv[1:] if given is None else given)
        if not invocation.words:
            sys.stdout.write(SHORT_HELP)
            sys.exit(0)
        render.use_format("text")  # until a command's --format says otherwise
        plain_metavars(self)
        try:
            result = super().main(invocation.hoisted(invocation.words), *args[1:], standalone_mode=False, **kwargs)
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
        except OSError as error:  # what a command writes failed: a full disk, a closed terminal
            sys.exit(give_up_output(error))
        sys.exit(result if isinstance(result, int) else 0)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Commands by section, each with its whole first sentence (wrapped, never cut to '...')."""
        shown = {name: cmd for name in self.list_commands(ctx)
                 if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden}
        rest = [name for name in shown if not any(name in names for names in SECTIONS.values())]
        for title, names in [*SECTIONS.items(), ("More", rest)]:
            rows = [(name, shown[name].get_short_help_str(limit=1000)) for name in names if name in shown]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """TAB support: add_completion=False skips registering Typer's shell classes, so do it here."""
        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        if os.environ.get(var):
            from typer._completion_classes import completion_init

            completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def _forget_due_snapshot(db) -> None:
    """After a write commits: the due snapshot may be wrong now; the next read rebuilds it."""
    from rmlog.store.due_snapshot import forget

    forget(db)


def plain_metavars(group: TyperGroup) -> None:
    """`--tag <str>` and `--limit <int>` in help, not Typer's `<list[str]>` and `<int range>`
    (a repeatable option says so in its help; a range is shown after it). Only the label in
    help changes; parsing and range checks stay Typer's. Typers without type descriptors
    print click's own TEXT and INTEGER, which need nothing."""
    for command in group.commands.values():
        for param in command.params:
            described = getattr(param, "type_descriptor", None)
            if param.metavar is not None or described is None or described.is_choice:
                continue
            if described.is_ranged:
                label = described.ranged_type_name
            elif described.is_list:
                label = param.bare_type().removeprefix("list[").removesuffix("]")
            else:
                continue
            param.display_type_rich = lambda ctx, shown=f"<{label}>": shown


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
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
)


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version."
    ),
) -> None:
    """rmlog."""
