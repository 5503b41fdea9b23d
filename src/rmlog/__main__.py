"""Entry point for the rmlog console script and `python -m rmlog`.

A command is one short process: it imports, runs and exits. Two things that cost a
long-running program nothing cost this one ~100 ms, as much as a command's own work, so
the console script skips them (bench/RESULTS.md has the numbers):
- the cyclic garbage collector, which walks every object the imports created, again and
  again, and finds nothing to free: reference counting frees what a command drops;
- the interpreter's teardown of ~1,500 modules at exit: once the command has returned, its
  files and transactions are closed, so the process flushes stdout and stderr and ends.
Commands run in-process (tests through CliRunner) are not affected.
"""

import gc
import os
import sys


def main() -> None:
    """Run the rmlog command line, building only the command being run."""
    gc.disable()
    if "_RMLOG_COMPLETE" in os.environ:
        complete(os.environ["_RMLOG_COMPLETE"])
        return
    from rmlog.invocation import hoisted

    words = hoisted(sys.argv[1:])  # `rmlog --db x due` is `rmlog due --db x`
    if words[:1] in (["prompt"], ["due"]):
        from rmlog.snapshot import answer

        code = answer(words)  # from a fresh due snapshot, with the standard library only
        if code is not None:
            sys.exit(code)
    from rmlog.cli import app

    only_invoked_command(app, words)
    try:
        app(prog_name="rmlog")
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: object) -> None:
    """Exit with code as sys.exit would, after flushing output, without tearing the
    interpreter down."""
    if not (code is None or isinstance(code, int)):
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or the app closed stdout
        pass
    except OSError as error:  # the last of the output did not fit (a full disk)
        from rmlog.errors import give_up_output

        code = code or give_up_output(error)
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code or 0)


def complete(shell: str) -> None:
    """Answer a TAB request from the scripts of `rmlog completions` (see rmlog.completion).
    A PERSON is answered with the standard library only; the rest asks Typer. Requests in
    any other form (such as an older script's `complete_zsh`, which evals) get nothing."""
    from rmlog import completion

    if shell not in completion.SHELLS:
        return
    from rmlog.invocation import hoisted

    words, incomplete = completion.request(os.environ.get(completion.ARGS_VAR, ""))
    words = hoisted(words)
    if completion.completes_person(words, incomplete):
        items = [(handle, "") for handle in completion.handles(completion.db_option(words), incomplete)]
    else:
        items = command_completions(words, incomplete)
    sys.stdout.write(completion.render(shell, items))


def command_completions(words: list[str], incomplete: str) -> list[tuple[str, str]]:
    """(value, help) for command names, options and their values, from Typer's command tree,
    built for the one command being completed."""
    from typer.main import get_command

    from rmlog.cli import app
    from rmlog.cli.shell import typer_completions

    only_invoked_command(app, words)
    return typer_completions(get_command(app), words, incomplete)


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
    elif any(info.name == words[0] for info in app.registered_groups):  # rmlog contacts sync
        app.registered_commands = []


if __name__ == "__main__":
    main()
