"""The command line as a whole: help everywhere, fast start, one-line errors, inert text."""

import subprocess
import sys

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


def test_help_does_not_import_the_database_layer():
    code = (
        "import sys, runpy; sys.argv = ['rmlog', '--help']\n"
        "try:\n    runpy.run_module('rmlog', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'pydantic', 'rich'))\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_python_dash_m_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rmlog", "show", "nobody"], capture_output=True, text=True,
        env={"RMLOG_DB": str(tmp_path / "x.db"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert result.stderr.startswith("rmlog: error: no person 'nobody'")
    assert "Traceback" not in result.stderr


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
