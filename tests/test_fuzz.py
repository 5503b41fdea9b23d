"""Random command lines over every command never crash (issue 10, "Guard it for good").

Argv is built from the app's own command list and each command's parameters, with values
drawn from dates, durations, huge numbers, unicode and hostile names, under a few time
zones and pinned clocks. Fixed seed, no example database: every run tries the same lines.
"""

from __future__ import annotations

import enum
import json
import typing

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.main import get_command

from rmlog.cli import app

GROUP = get_command(app)
COMMANDS = sorted(GROUP.commands)

HOSTILE = [
    "", " ", "al", "ali", "Alice", "alice-smith", "bob", "Mal\x1b]0;pwned\x07ory", "Eve\u202eevil",
    "Ann\nfake row", "[red]x[/red]", "-", "--", "'", '"', "\\", "%", "_", "李雷", "Zoë", "\x00", "a" * 300,
]
DATES = [
    "now", "today", "yesterday", "tomorrow", "tue", "last fri", "next mon", "3d ago", "in 2 weeks",
    "2026-03-04", "2026-03-04 15:00", "2026-03-04T15:00+14:00", "9999-12-31", "0001-01-01", "31/12/2026",
    "02/03/2026", "2026-02-30", "99999999 years ago", "in 99999 years", "T", "2026-03-04T25:00", "+0100",
]
DURATIONS = ["0", "1", "7d", "3w", "2m", "1y", "100y", "101y", "1000000y", "99999999999", "-1d", "10x", "1.5d"]
NUMBERS = ["0", "-1", "1", "2", "3", "-3", "7", "nan", "inf", "-inf", "1e309", "0.001", "9" * 30, str(2**63)]
ZONES = ["Europe/Berlin", "UTC0", "Nowhere/Land", "Pacific/Kiritimati", "XST5"]
CLOCKS = ["2026-03-10T09:00:00", "2199-12-31T23:59", "1900-01-01T00:30", "9999-12-31T23:00", "2026-03-29T02:30"]

words = st.one_of(
    st.sampled_from(HOSTILE + DATES + DURATIONS + NUMBERS),
    st.integers(-(2**70), 2**70).map(str),
    st.text(max_size=12),
)
PEOPLE = ["alice-smith", "Alice Smith", "ali", "alicia", "bob", "Bob", "mal", "zed", "Alice"]
PLAUSIBLE = {
    "people": PEOPLE, "person": PEOPLE, "name": PEOPLE,
    "when": DATES, "due": DATES, "until": DATES + DURATIONS, "since": DATES + DURATIONS,
    "within": DURATIONS, "cadence": DURATIONS, "birthday": ["03-12", "1985-02-28", "--02-29", "2026-02-30", "13-01"],
    "weight": NUMBERS, "mood": NUMBERS, "limit": NUMBERS, "commitment_id": ["1", "2", "3", "999"] + NUMBERS,
    "sort": ["name", "last", "x"],
}
def _annotation(param):
    return getattr(getattr(param, "type_descriptor", None), "annotation", None)


def _choices(param) -> list[str]:
    click_type = getattr(param, "type", None)
    if getattr(click_type, "choices", None):
        return list(click_type.choices)
    annotation = _annotation(param)
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return [member.value for member in candidate]
    return []


def value_for(param, files) -> st.SearchStrategy[str]:
    """A value for one parameter: its choices, a file from files for paths, else anything."""
    if param.name == "output":
        return st.sampled_from([files["out"], "-", files["folder"], files["existing"]])
    if param.name == "file":
        return st.sampled_from([files["export"], files["csv"], files["garbage"], files["missing"]])
    choices = _choices(param)
    if param.name == "shell":
        return st.sampled_from(choices)
    plausible = choices or PLAUSIBLE.get(param.name) or HOSTILE
    return st.one_of(st.sampled_from(plausible), st.sampled_from(plausible), st.sampled_from(plausible), words)


@st.composite
def command_lines(draw, files):
    name = draw(st.sampled_from(COMMANDS))
    command = GROUP.commands[name]
    options, positional = [], []
    for param in command.params:
        if param.name in ("db", "help"):
            continue
        is_option = hasattr(param, "is_flag")
        if is_option and draw(st.integers(0, 2)) > 0:
            continue
        if is_option and param.is_flag:
            options.append(param.opts[0])
            continue
        count = draw(st.integers(1, 2)) if param.nargs == -1 or param.multiple else 1
        for _ in range(count):
            value = draw(value_for(param, files))
            if is_option:
                options += [draw(st.sampled_from(param.opts)), value]
            else:
                positional.append(value)
    dashed = any(value.startswith("-") for value in positional)  # as a user would have to
    argv = [name, *options, *(["--"] if dashed else []), *positional]
    if draw(st.integers(0, 9)) == 0:
        argv.append(draw(words))
    env = {"TZ": draw(st.sampled_from(ZONES)), "RMLOG_NOW": draw(st.sampled_from(CLOCKS)), "EDITOR": "false"}
    return argv, env


def seed(rmlog, tmp_path) -> dict[str, str]:
    """A small journal and the files the fuzzer may pass to -o and import."""
    rmlog("add", "Alice Smith", "--circle", "inner", "--alias", "Ali", "--birthday", "03-12")
    rmlog("add", "Alicia Keys", "--tag", "music")
    rmlog("add", "Bob", "--needs", "a CFO", "--cadence", "2w")
    rmlog("add", "Mal\x1b]0;pwned\x07ory\nfake row", "--notes", "[bold]x\u202e")
    rmlog("log", "alice-smith", "bob", "-m", "coffee\n# not a comment", "--when", "40d ago",
          "--promise", "send deck", "--due", "yesterday", "--gave", "intro")
    rmlog("got", "bob", "advice", "--weight", "2")
    export = tmp_path / "export.json"
    rmlog("export", "-o", str(export))
    files = {
        "export": export, "csv": tmp_path / "people.csv", "garbage": tmp_path / "garbage.json",
        "missing": tmp_path / "missing.json", "out": tmp_path / "out" / "file", "folder": tmp_path,
        "existing": tmp_path / "existing.db",
    }
    files["csv"].write_text("name,handle,email\nZed,zed,z@x.io\n,,\n\x1b]0;x\x07,a_) ; touch PWNED,\n")
    files["garbage"].write_text('{"rmlog_export": 1, "people": [{"uid": "\\u001b]0;x", "name": 5}]}')
    files["existing"].write_text("keep")
    (tmp_path / "out").mkdir()
    return {key: str(path) for key, path in files.items()}


def test_random_command_lines_never_crash(rmlog, tmp_path):
    files = seed(rmlog, tmp_path)

    @settings(derandomize=True, database=None, max_examples=300, deadline=None)
    @given(command_lines(files))
    def run(case):
        argv, env = case
        result = rmlog(*argv, code=None, env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), (argv, env)
        assert result.exit_code in (0, 1, 2, 3), (argv, env, result.stderr)
        assert "Traceback" not in result.stderr, (argv, env, result.stderr)
        if "--json" in argv and result.exit_code == 0:
            json.loads(result.stdout)

    run()
