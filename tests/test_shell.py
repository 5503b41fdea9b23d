"""Shell integration in real bash, zsh and fish: completion scripts and the opt-in `rm` function."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rmlog.cli import app
from typer.main import get_command

REPO = Path(__file__).resolve().parent.parent
COMPLETIONS = {"bash": "rmlog.bash", "zsh": "_rmlog", "fish": "rmlog.fish"}
SHELLS = {
    "bash": ["bash", "--norc", "--noprofile", "-c"],
    "zsh": ["zsh", "-f", "-c"],
    "fish": ["fish", "--no-config", "-c"],
}
EVAL = {
    "bash": 'eval "$(rmlog shell-init bash)"',
    "zsh": 'eval "$(rmlog shell-init zsh)"',
    "fish": "rmlog shell-init fish | source",
}


def run_shell(shell: str, script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a script in a real shell with the venv's rmlog first on PATH and the test's env."""
    environ = os.environ.copy()
    environ.update(env)
    environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environ.get('PATH', '/usr/bin:/bin')}"
    environ["HOME"] = str(cwd)
    return subprocess.run(
        [*SHELLS[shell], script], cwd=cwd, env=environ, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def people(rmlog):
    rmlog("add", "Alice Smith", "--alias", "Ali")
    rmlog("add", "Albert King")
    rmlog("add", "Bob Jones")


@pytest.fixture
def work(tmp_path) -> Path:
    directory = tmp_path / "work"
    directory.mkdir()
    return directory


# -- completions -------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", sorted(COMPLETIONS))
def test_checked_in_completion_scripts_are_current(rmlog, shell):
    path = REPO / "completions" / COMPLETIONS[shell]
    generated = rmlog("completions", shell).stdout
    assert path.is_file() and path.read_text() == generated, (
        f"{path.relative_to(REPO)} is stale; regenerate it with: "
        f"rmlog completions {shell} > completions/{COMPLETIONS[shell]}"
    )


def test_unknown_shell_is_a_one_line_usage_error(rmlog):
    assert "'tcsh' is not one of" in rmlog.error("completions", "tcsh")
    assert "'tcsh' is not one of" in rmlog.error("shell-init", "tcsh")


def test_bash_completion_script_completes_handles_and_commands(people, work):
    script = (
        f"source {REPO / 'completions/rmlog.bash'}\n"
        "COMP_WORDS=(rmlog show al); COMP_CWORD=2; _rmlog_completion rmlog\n"
        'printf "%s\\n" "${COMPREPLY[@]}"; echo ==\n'
        "COMP_WORDS=(rmlog sh); COMP_CWORD=1; _rmlog_completion rmlog\n"
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = run_shell("bash", script, work)
    assert result.returncode == 0, result.stderr
    handles, commands = result.stdout.split("==\n")
    assert handles.split() == ["albert-king", "alice-smith"]
    assert sorted(commands.split()) == ["shell-init", "show"]


def test_zsh_completion_script_completes_handles(people, work):
    script = (
        "autoload -Uz compinit && compinit -D -u\n"
        f"source {REPO / 'completions/_rmlog'}\n"
        'print -r -- "bound=$_comps[rmlog]"\n'
        '_arguments() { print -r -- "ARGS $*" }\n'
        "words=(rmlog show al); CURRENT=3; _rmlog_completion"
    )
    result = run_shell("zsh", script, work)
    assert result.returncode == 0, result.stderr
    assert "bound=_rmlog_completion" in result.stdout
    assert 'ARGS *: :(("albert-king" "alice-smith"))' in result.stdout


def test_fish_completion_script_completes_handles_and_commands(people, work):
    script = (
        f"source {REPO / 'completions/rmlog.fish'}\n"
        "complete -C 'rmlog show al'; echo ==; complete -C 'rmlog sh'"
    )
    result = run_shell("fish", script, work)
    assert result.returncode == 0, result.stderr
    handles, commands = result.stdout.split("==\n")
    assert handles.split() == ["albert-king", "alice-smith"]
    assert sorted(line.split("\t")[0] for line in commands.splitlines()) == ["shell-init", "show"]


@pytest.mark.parametrize(
    "shell, env",
    [
        ("bash", {"COMP_WORDS": "rmlog show al", "COMP_CWORD": "2"}),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "rmlog show al"}),
        ("fish", {"_TYPER_COMPLETE_ARGS": "rmlog show al", "_TYPER_COMPLETE_FISH_ACTION": "get-args"}),
    ],
)
def test_handle_completion_does_not_import_sqlalchemy(people, shell, env):
    code = (
        "import sys, runpy; sys.argv = ['rmlog']\n"
        "try:\n    runpy.run_module('rmlog', run_name='__main__')\n"
        "except SystemExit as exit:\n    code = exit.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel'))\n"
        "print('EXIT', code, 'HEAVY', heavy, file=sys.stderr)"
    )
    environ = {**os.environ, **env, "_RMLOG_COMPLETE": f"complete_{shell}"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ)
    assert "EXIT 0 HEAVY []" in result.stderr, result.stderr
    assert "albert-king" in result.stdout and "alice-smith" in result.stdout
    assert "bob-jones" not in result.stdout


# -- shell-init: the rm function ---------------------------------------------------------------


def test_rm_function_lists_every_registered_command(rmlog):
    names = sorted(get_command(app).commands)
    assert {"log", "show", "ls", "shell-init"} <= set(names)
    for shell in SHELLS:
        out = rmlog("shell-init", shell).stdout
        assert f"# rmlog commands: {' '.join(names)}\n" in out
        assert "rm -- log" in out and "shadows /bin/rm" in out
    assert "|".join(names) in rmlog("shell-init", "bash").stdout
    assert " ".join(f"'{n}'" for n in names) in rmlog("shell-init", "fish").stdout


STATUS = {"bash": "$?", "zsh": "$?", "fish": "$status"}


@pytest.mark.parametrize("shell", sorted(SHELLS))
def test_rm_runs_rmlog_for_its_commands_and_real_rm_otherwise(rmlog, people, work, shell):
    (work / "somefile").write_text("x")
    (work / "log").write_text("a file named like a command")
    (work / "keep").write_text("x")
    status = STATUS[shell]
    script = "\n".join([
        EVAL[shell],
        "rm log alice -m hi",
        "test -e log && echo 'log survived rm log alice'",
        "rm -f somefile",
        "rm -- log",
        "rm -f does-not-exist",
        f"rm missing-file 2> rm.err; echo rm exit {status}",
        f"rm show nobody 2> rmlog.err; echo rmlog exit {status}",
    ])
    result = run_shell(shell, script, work)
    assert result.returncode == 0, result.stderr
    # rm log alice: rmlog logged, and the file named `log` was left alone with a hint
    notes = [i["notes"] for i in rmlog.json("show", "alice")["recent_interactions"]]
    assert notes == ["hi"]
    assert "log survived rm log alice" in result.stdout
    assert "rm: running rmlog log; to delete the file log use: rm -- log" in result.stderr
    # everything else went to the real rm, with its own errors and exit codes
    assert not (work / "somefile").exists()
    assert not (work / "log").exists()
    assert (work / "keep").exists()
    assert "rm exit 1" in result.stdout
    assert "missing-file" in (work / "rm.err").read_text()
    assert "rmlog exit 2" in result.stdout
    assert (work / "rmlog.err").read_text().startswith("rmlog: error: no person 'nobody'")
