"""The command line as a whole: help everywhere, fast start, one-line errors, inert text."""

import os
import subprocess
import sys

import pytest

from rmlog.cli import app
from typer.main import get_command


def all_commands():
    group = get_command(app)
    return group, sorted(group.commands)


def test_every_command_has_help_with_an_example(rmlog):
    _, names = all_commands()
    assert {"add", "edit", "show", "people", "ls", "log", "archive", "unarchive", "delete"} <= set(names)
    for name in names:
        out = rmlog(name, "--help").stdout
        assert "Example:" in out and f"rmlog {name if name != 'ls' else 'people'}" in out, name


def test_every_option_has_help(rmlog):
    group, names = all_commands()
    for name in names:
        for param in group.commands[name].params:
            assert getattr(param, "help", None), f"{name} {param.name} has no help"


def test_no_arguments_shows_the_short_help_daily_loop_first(rmlog):
    result = rmlog()  # exit 0: asking what rmlog does is not an error
    lines = result.stdout.splitlines()
    assert result.stderr == "" and len(lines) <= 15 and max(map(len, lines)) <= 80
    commands = [line.split()[1] for line in lines if line.startswith("  rmlog ")]
    assert commands[:2] == ["due", "log"]
    assert "rmlog --help" in result.stdout


def test_version(rmlog):
    assert rmlog("--version").stdout.startswith("rmlog ")


@pytest.mark.parametrize("argv", [["--help"], ["people", "--help"], ["log", "-h"], ["contacts", "sync", "--help"]])
def test_help_does_not_import_the_database_layer(argv):
    result = subprocess.run(  # -X importtime lists every module the process imported, on stderr
        [sys.executable, "-X", "importtime", "-m", "rmlog", *argv], capture_output=True, text=True, check=True,
    )
    imported = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "typer" in imported and "rmlog" in imported
    assert not imported & {"sqlalchemy", "sqlmodel", "pydantic", "rich"}


def test_python_dash_m_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rmlog", "show", "nobody"], capture_output=True, text=True,
        env={"RMLOG_DB": str(tmp_path / "x.db"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert result.stderr.startswith("rmlog: error: no person 'nobody'")
    assert "Traceback" not in result.stderr


def many_people(rmlog, tmp_path, count: int = 150) -> None:
    """count people with long names (a listing well past stdout's 8 KB buffer), one of them
    with a promise due today; imported at once, which is quicker than count adds."""
    rows = "".join(f'"Person {i:03d} {"x" * 40}","inner"\n' for i in range(count))
    (tmp_path / "many.csv").write_text('"name","circle"\n' + rows)
    rmlog("import", str(tmp_path / "many.csv"))
    rmlog("promise", "person-000-" + "x" * 40, "send the deck", "--due", "today")


def test_the_console_script_prints_everything_and_keeps_exit_codes(rmlog, tmp_path):
    """__main__ ends the process without the interpreter's teardown: what a command printed
    is all there, and its exit code is the one it chose."""
    many_people(rmlog, tmp_path)
    expected = rmlog("people").stdout
    run = subprocess.run([sys.executable, "-m", "rmlog", "people"], capture_output=True, text=True)
    assert (run.returncode, run.stderr, run.stdout) == (0, "", expected) and len(expected) > 12_000
    due = subprocess.run([sys.executable, "-m", "rmlog", "due", "--exit-code"], capture_output=True, text=True)
    assert due.returncode == 1 and due.stdout.startswith("Promises due (1)")
    bad = subprocess.run([sys.executable, "-m", "rmlog", "due", "--within", "soon"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("rmlog: error: bad duration 'soon'")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_output_that_cannot_be_written_is_one_line_and_exit_3(rmlog, tmp_path):
    """A full disk, mid-command (a long listing) or at the last flush (a short one), on the
    full program and on the prompt's fast path (the promise gives it something to say)."""
    many_people(rmlog, tmp_path)
    for command in (["people"], ["due", "--json"], ["--help"], ["prompt"]):
        with open("/dev/full", "w") as full:
            run = subprocess.run([sys.executable, "-m", "rmlog", *command], stdout=full, stderr=subprocess.PIPE, text=True)
        assert run.returncode == 3, command
        assert run.stderr == ("rmlog: error: cannot write the output: No space left on device; "
                              "free some space or send it elsewhere\n"), command


def test_unknown_command_and_option_are_one_line_usage_errors(rmlog):
    assert "No such command 'frob'" in rmlog.error("frob")
    assert "No such option" in rmlog.error("people", "--colour")


def test_markup_and_escape_sequences_print_literally(rmlog):
    name = "[red]Mallory[/red] \x1b[31mEvil"
    handle = rmlog("add", name, "--notes", "[bold]x[/bold]").stdout.strip()
    assert handle == "red-mallory-red-31mevil"
    shown = rmlog("show", handle).stdout
    assert "[red]Mallory[/red] \\x1b[31mEvil" in shown
    assert "\x1b" not in shown
    assert "[bold]x[/bold]" in shown
    assert "\x1b" not in rmlog("people").stdout
    assert rmlog.json("show", handle)["name"] == name


def test_a_run_builds_only_the_invoked_command():
    from rmlog.__main__ import only_invoked_command
    from rmlog.cli import ALL_COMMANDS
    import typer

    app = typer.Typer()
    app.registered_commands = list(ALL_COMMANDS)
    only_invoked_command(app, ["due", "--json"])
    assert [info.callback.__name__ for info in app.registered_commands] == ["due"]
    app.registered_commands = list(ALL_COMMANDS)
    only_invoked_command(app, ["frob"])
    assert len(app.registered_commands) == len(ALL_COMMANDS)
