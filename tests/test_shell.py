"""Shell integration in real bash, zsh and fish: completion scripts and the opt-in `rm` function.

A missing zsh or fish skips its tests with the reason; under RMLOG_REQUIRE_SHELLS=1 (as CI
runs) a missing shell fails them instead.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
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


def require(shell: str) -> None:
    """Skip when the shell is not installed, or fail when RMLOG_REQUIRE_SHELLS=1."""
    if shutil.which(shell):
        return
    if os.environ.get("RMLOG_REQUIRE_SHELLS") == "1":
        pytest.fail(f"{shell} is not installed, and RMLOG_REQUIRE_SHELLS=1 requires it")
    pytest.skip(f"{shell} is not installed")


def shell_env(home: Path) -> dict[str, str]:
    """The test's environment, with the venv's rmlog first on PATH and a scratch HOME."""
    environ = os.environ.copy()
    environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environ.get('PATH', '/usr/bin:/bin')}"
    environ["HOME"] = str(home)
    return environ


def run_shell(shell: str, script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a script in a real shell with the venv's rmlog first on PATH and the test's env."""
    require(shell)
    environ = {**shell_env(cwd), **env}
    return subprocess.run(
        [*SHELLS[shell], script], cwd=cwd, env=environ, capture_output=True, text=True, timeout=60
    )


def test_a_missing_shell_skips_or_fails_under_rmlog_require_shells(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("RMLOG_REQUIRE_SHELLS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="zsh is not installed"):
        require("zsh")
    monkeypatch.setenv("RMLOG_REQUIRE_SHELLS", "1")
    with pytest.raises(pytest.fail.Exception, match="zsh is not installed, and RMLOG_REQUIRE_SHELLS=1"):
        require("zsh")


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

# Handles no import accepts any more, written straight into the journal: each must complete
# to itself (inserted quoted, so Enter passes it literally) or not at all, and never run.
HOSTILE = ["a_) ; touch PWNED ; x=(", "al$(touch PWNED2)", "b`touch PWNED3`*", 'd\\" ; touch PWNED4 ; "\\',
           "ctl\n\x1b]0;x\x07"]
OFFERED = HOSTILE[:4]  # the one with a newline and escape codes is never offered


@pytest.fixture
def hostile(rmlog):
    """A journal whose only people carry the HOSTILE handles."""
    for n, handle in enumerate(HOSTILE):
        rmlog("add", f"Hostile {n}")
        rmlog.sql("UPDATE person SET handle = :handle WHERE handle = :old", handle=handle, old=f"hostile-{n}")


def no_pwned_file(*folders: Path) -> None:
    for folder in folders:
        assert not [p.name for p in folder.rglob("PWNED*")], "completion ran code from a handle"


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


BASH_COMPLETE = (
    f"source {REPO / 'completions/rmlog.bash'}\n"
    'complete_line() {{ COMP_LINE="$1"; COMP_POINT=${{#COMP_LINE}}; _rmlog_completion rmlog; }}\n'
)


def test_bash_completion_script_completes_handles_and_commands(people, work):
    script = BASH_COMPLETE.format() + (
        "complete_line 'rmlog show al'\n"
        'printf "%s\\n" "${COMPREPLY[@]}"; echo ==\n'
        "complete_line 'rmlog sh'\n"
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    result = run_shell("bash", script, work)
    assert result.returncode == 0, result.stderr
    handles, commands = result.stdout.split("==\n")
    assert handles.split() == ["albert-king", "alice-smith"]
    assert sorted(commands.split()) == ["shell-init", "show"]


def test_bash_inserts_hostile_handles_as_literal_words(hostile, work):
    # COMPREPLY is what bash inserts verbatim; eval shows what Enter would pass to rmlog.
    script = BASH_COMPLETE.format() + (
        "for prefix in '' a al b d c; do complete_line \"rmlog show $prefix\"\n"
        '  for word in "${COMPREPLY[@]}"; do eval "printf \'<%s>\\n\' $word"; done; echo ==\n'
        "done"
    )
    result = run_shell("bash", script, work)
    assert result.returncode == 0, result.stderr
    every, a, al, b, d, c, _ = result.stdout.split("==\n")
    literal = lambda handles: "".join(f"<{h}>\n" for h in handles)  # noqa: E731
    assert every == literal(sorted(OFFERED))
    assert (a, al, b, d, c) == (literal(OFFERED[:2]), literal(OFFERED[1:2]), literal(OFFERED[2:3]), literal(OFFERED[3:]), "")
    no_pwned_file(work)


ZSH_COMPLETE = (
    "autoload -Uz compinit && compinit -D -u\n"
    f"source {REPO / 'completions/_rmlog'}\n"
    'compadd() { print -rl -- "${@[(r)--,-1]}" }\n'  # compadd only runs inside a TAB widget
    "_files() { print -r -- FILES }\n"
)


def test_zsh_completion_script_completes_handles(people, work):
    script = ZSH_COMPLETE + (
        'print -r -- "bound=$_comps[rmlog]"\n'
        "words=(rmlog show al); CURRENT=3; _rmlog_completion; print -r -- '=='\n"
        "words=(rmlog show zz); CURRENT=3; _rmlog_completion"
    )
    result = run_shell("zsh", script, work)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "bound=_rmlog_completion"
    assert lines[1:] == ["--", "albert-king", "alice-smith", "==", "FILES"]


def test_zsh_hands_hostile_handles_to_compadd_unchanged(hostile, work):
    script = ZSH_COMPLETE + "words=(rmlog show ''); CURRENT=3; _rmlog_completion"
    result = run_shell("zsh", script, work)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["--", *sorted(OFFERED)]
    no_pwned_file(work)


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


def test_fish_offers_hostile_handles_literally(hostile, work):
    script = f"source {REPO / 'completions/rmlog.fish'}\ncomplete -C 'rmlog show '"
    result = run_shell("fish", script, work)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.splitlines()) == sorted(OFFERED)
    no_pwned_file(work)


def type_into(shell: str, keys: str, home: Path, cwd: Path, timeout: float = 30) -> str:
    """Type keys into an interactive shell on a pseudo-terminal, its completion script loaded
    as README says; return what it printed once it echoes DONEMARK (or times out)."""
    require(shell)
    script = REPO / "completions" / COMPLETIONS[shell]
    environ = {**shell_env(home), "TERM": "dumb", "INPUTRC": "/dev/null", "ZDOTDIR": str(home),
               "XDG_CONFIG_HOME": str(home / ".config")}
    if shell == "bash":
        (home / ".bashrc").write_text(f"PS1='$ '\nsource {script}\n")
        argv = ["bash", "--noprofile", "--rcfile", str(home / ".bashrc"), "-i"]
    elif shell == "zsh":
        (home / ".zshrc").write_text(f"PS1='$ '\nbindkey -e\nautoload -Uz compinit && compinit -D -u\nsource {script}\n")
        argv = ["zsh", "-i"]
    else:
        (home / ".config/fish").mkdir(parents=True)
        (home / ".config/fish/config.fish").write_text(f"function fish_prompt; echo -n '$ '; end\nsource {script}\n")
        argv = ["fish", "-i"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the shell
        try:
            os.chdir(cwd)
            os.execvpe(argv[0], argv, environ)
        finally:
            os._exit(127)
    output = b""
    try:
        os.write(fd, keys.encode() + b'echo DONE""MARK\rexit\r')
        deadline = time.monotonic() + timeout
        while b"DONEMARK" not in output and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    output += os.read(fd, 65536)
                except OSError:
                    break
    finally:
        os.close(fd)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return output.decode(errors="replace")


@pytest.mark.parametrize("shell", sorted(COMPLETIONS))
def test_real_tab_then_enter_passes_hostile_handles_literally(hostile, work, tmp_path, shell):
    """rmlog show a_<TAB>, then Ctrl-A `printf '<%s>\\n' ` and Enter: the completed word reaches
    the command as the literal handle, and nothing in it runs."""
    home = tmp_path / "home"
    home.mkdir()
    keys = "".join(f"rmlog show {prefix}\t\x01printf '<%s>\\n' \r" for prefix in ("a_", "al", "d"))
    output = type_into(shell, keys, home, work)
    assert "DONEMARK" in output, output[-2000:]
    assert "<a_) ; touch PWNED ; x=(>" in output, output[-2000:]
    assert "<al$(touch PWNED2)>" in output, output[-2000:]
    assert '<d\\" ; touch PWNED4 ; "\\>' in output, output[-2000:]
    no_pwned_file(work, home)


def test_handle_completion_skips_typer_and_the_database_layer(people):
    code = (
        "import sys, runpy; sys.argv = ['rmlog']\n"
        "try:\n    runpy.run_module('rmlog', run_name='__main__')\n"
        "except SystemExit as exit:\n    code = exit.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'rich', 'sqlalchemy', 'sqlmodel', 'pydantic'})\n"
        "print('HEAVY', heavy, file=sys.stderr)"
    )
    for shell in COMPLETIONS:
        environ = {**os.environ, "_RMLOG_COMPLETE": shell, "_RMLOG_COMPLETE_ARGS": "rmlog log bob al"}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ)
        assert "HEAVY []" in result.stderr, result.stderr
        assert result.stdout.split() == ["albert-king", "alice-smith"]


def test_command_completion_skips_the_database_layer(people):
    code = (
        "import sys, runpy; sys.argv = ['rmlog']\n"
        "runpy.run_module('rmlog', run_name='__main__')\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'sqlmodel', 'pydantic'})\n"
        "print('HEAVY', heavy, file=sys.stderr)"
    )
    environ = {**os.environ, "_RMLOG_COMPLETE": "fish", "_RMLOG_COMPLETE_ARGS": "rmlog log bob --ki"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ)
    assert "HEAVY []" in result.stderr, result.stderr
    assert result.stdout == "--kind\tKind of contact.\n"


def test_an_older_script_that_evals_gets_no_answer(people):
    environ = {**os.environ, "_RMLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "rmlog show al"}
    result = subprocess.run([sys.executable, "-m", "rmlog"], capture_output=True, text=True, env=environ)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# -- shell-init: the rm function ---------------------------------------------------------------


def test_rm_function_lists_every_registered_command(rmlog):
    names = sorted(get_command(app).commands)
    assert {"log", "show", "ls", "shell-init"} <= set(names)
    for shell in SHELLS:
        out = rmlog("shell-init", shell).stdout
        assert f"# rmlog commands: {' '.join(names)}\n" in out
        assert "shadows /bin/rm" in out and "returns 2, deleting nothing and writing nothing" in out
    assert "|".join(names) in rmlog("shell-init", "bash").stdout
    assert " ".join(f"'{n}'" for n in names) in rmlog("shell-init", "fish").stdout


STATUS = {"bash": "$?", "zsh": "$?", "fish": "$status"}


@pytest.mark.parametrize("shell", sorted(SHELLS))
def test_rm_runs_rmlog_for_its_commands_and_real_rm_otherwise(rmlog, people, work, shell):
    (work / "somefile").write_text("x")
    (work / "keep").write_text("x")
    status = STATUS[shell]
    script = "\n".join([
        EVAL[shell],
        "rm log alice -m hi",
        "rm -f somefile",
        "rm -f does-not-exist",
        f"rm missing-file 2> rm.err; echo rm exit {status}",
        f"rm show nobody 2> rmlog.err; echo rmlog exit {status}",
    ])
    result = run_shell(shell, script, work)
    assert result.returncode == 0, result.stderr
    notes = [i["notes"] for i in rmlog.json("show", "alice")["recent_interactions"]]
    assert notes == ["hi"]
    # everything else went to the real rm, with its own errors and exit codes
    assert not (work / "somefile").exists()
    assert (work / "keep").exists()
    assert "rm exit 1" in result.stdout
    assert "missing-file" in (work / "rm.err").read_text()
    assert "rmlog exit 2" in result.stdout
    assert (work / "rmlog.err").read_text().startswith("rmlog: error: no person 'nobody'")


@pytest.mark.sqlite_only
@pytest.mark.parametrize("shell", sorted(SHELLS))
def test_rm_does_neither_when_the_command_is_also_a_file_here(work, db_path, shell):
    """`rm *` next to files `add` and `zed` once added a person "zed"."""
    (work / "add").write_text("keep me")
    (work / "zed").write_text("keep me too")
    (work / "log").symlink_to("nowhere")  # a dangling symlink is a file here as well
    status = STATUS[shell]
    script = "\n".join([
        EVAL[shell],
        f"rm *; echo exit {status}",
        f"rm log alice -m hi; echo exit {status}",
    ])
    result = run_shell(shell, script, work)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "exit 2\nexit 2\n"
    assert result.stderr.splitlines() == [
        "`add` is a file here and an rmlog command: run `rmlog add …` or `command rm add …`",
        "`log` is a file here and an rmlog command: run `rmlog log …` or `command rm log …`",
    ]
    assert sorted(p.name for p in work.iterdir()) == ["add", "log", "zed"]
    assert not db_path.exists()  # rmlog never ran: no journal, no person "zed"
    # the ways out the message names still work
    escape = run_shell(shell, f"{EVAL[shell]}\nrm -- add\ncommand rm zed\nrm ./log", work)
    assert escape.returncode == 0, escape.stderr
    assert list(work.iterdir()) == []
