"""Every human view at 60, 80 and 120 columns, plain and coloured, from one fixed journal.

No line is wider than its terminal, and each view is compared with its snapshot in
tests/snapshots/VIEW.MODE.txt (coloured output is compared with its escapes taken out; the
colours themselves are checked in test_colours). After a deliberate change, rewrite them with
    RMLOG_SNAPSHOTS=update .venv/bin/python -m pytest tests/test_views.py
and read the diff before committing it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tests.conftest import NOW
from tests.views import ALICE_WEEKS, VIEWS, WIDTHS, build

SNAPSHOTS = Path(__file__).parent / "snapshots"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOURED = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLORTERM": "", "NO_COLOR": None}
PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": None}


@pytest.fixture(scope="module")
def journal(tmp_path_factory, worker_id):
    """The journal of tests/views.py, built once for the whole run (the first xdist worker to
    get here builds it, the others copy it); returns a runner for views over it."""
    home = tmp_path_factory.mktemp("views")
    base = {
        "RMLOG_DB": str(home / "journal.db"), "RMLOG_NOW": NOW, "TZ": "Europe/Berlin",
        "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"), "COLUMNS": "120",
        "RMLOG_DATABASE_URL": None, **PLAIN,
    }
    runner = CliRunner()

    def run(*args: str, env: dict | None = None) -> str:
        from rmlog.cli import app

        result = runner.invoke(app, list(args), env={**base, **(env or {})})
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    shared = tmp_path_factory.getbasetemp()  # this run's; under xdist, its parent is the run's
    if worker_id != "master":
        shared = shared.parent
    with open(shared / "views.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        built = shared / "views-built"
        if built.exists():
            shutil.copytree(built, home, dirs_exist_ok=True)
        else:
            build(run)
            shutil.copytree(home, shared / "views-building")
            (shared / "views-building").rename(built)
    return run


def render_all(journal, view: str, mode: dict) -> str:
    """The view at each width, one after the other, each line checked against its width."""
    parts = []
    for width in WIDTHS:
        out = journal(*VIEWS[view], env={**mode, "COLUMNS": str(width)})
        plain = ANSI.sub("", out)
        too_wide = [line for line in plain.splitlines() if cell_len(line) > width]
        assert not too_wide, f"{view} at {width} columns: {too_wide}"
        parts.append(f"=== {width} columns ===\n" + "".join(line.rstrip() + "\n" for line in plain.splitlines()))
    return "\n".join(parts)


@pytest.mark.parametrize("mode", ["plain", "coloured"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_view_fits_and_matches_its_snapshot(journal, view, mode):
    shown = render_all(journal, view, PLAIN if mode == "plain" else COLOURED)
    snapshot = SNAPSHOTS / f"{view}.{mode}.txt"
    if os.environ.get("RMLOG_SNAPSHOTS") == "update":
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(shown, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with RMLOG_SNAPSHOTS=update"
    assert shown == snapshot.read_text(encoding="utf-8")


def test_table_rows_are_one_line_at_80_columns(journal):
    """Each person, promise, operation and interaction is one row: found on one line, whole
    or shortened with '…', never wrapped onto a second."""
    out = journal("due", "--within", "30d", env={"COLUMNS": "80"})
    assert re.search(r"^Carla Mendes-Oliveira +network +3mo ago +90d +due \+10d +demo day$", out, re.M)
    assert re.search(r"^Alice Smith +inner +2w ago +14d +due \+4d +coffee at Oslo.*…$", out, re.M)
    out = journal("interactions", "--limit", "30", env={"COLUMNS": "80"})
    assert len(out.splitlines()) == 31  # header + 30 rows


def colour_of(out: str, text: str) -> str | None:
    """The SGR colour code right before text in Rich output ('31' red, '33' yellow...)."""
    match = re.search(r"\x1b\[([0-9;]*)m" + re.escape(text), out)
    return match.group(1) if match else None


def test_colours_say_what_the_words_say(journal):
    due = journal("due", "--within", "30d", env=COLOURED)
    assert colour_of(due, "drifting +40d") == "31"  # red: twice the cadence or more
    assert colour_of(due, "due +4d") == "33"  # yellow: from the cadence
    assert colour_of(due, "overdue") == "31"
    assert colour_of(due, "mine") == "36" and colour_of(due, "theirs") == "35"
    people = journal("people", env=COLOURED)
    assert colour_of(people, "in touch") == "32"  # green: below the cadence
    balance = journal("balance", env=COLOURED)
    assert colour_of(balance, "⚠ one-sided: you give") == "33"


def test_no_color_and_pipes_have_no_colour(journal):
    for env in ({**COLOURED, "NO_COLOR": "1"}, PLAIN):
        out = journal("due", "--within", "30d", env=env)
        assert not re.search(r"\x1b\[(3\d|9\d)", out), env
        assert "drifting +40d" in out and "overdue" in out  # the words stay


def test_show_is_a_picture(journal):
    out = journal("show", "alice-smith", env={"COLUMNS": "80"})
    lines = out.splitlines()
    assert lines[1] == "every 14 days · last 18 days ago · 4 days overdue · due"
    strip = next(i for i, line in enumerate(lines) if line.startswith("Contact, last 52 weeks"))
    cells = lines[strip + 2]
    assert len(cells) == 52 and set(cells) <= set("·░▒▓█")
    # newest week last: none in the last two weeks, her meal 18 days ago, two meetings in week 5
    assert cells[-5:] == "▒░░··"
    weeks_back = {2} | {2 + week for week in ALICE_WEEKS}  # 18 days ago, then 7 days a week
    assert 52 - cells.count("·") == len(weeks_back)
    assert "Last year: gave 2 █" in out and "░ 1 received" in out
    for section in ("Given and received", "Open promises, both ways", "Recent interactions"):
        assert section in out
    assert re.search(r"^ *2  Feb 20 +← got +advice +pitch feedback", out, re.M)  # ids stay for edit/undo
    assert re.search(r"^ *1  mine +send the deck +Mar 6 +overdue$", out, re.M)


def test_review_draws_weeks_and_circles(journal):
    out = journal("review", "--since", "30d", env={"COLUMNS": "80"})
    assert "Interactions per week" in out
    assert re.search(r"^Feb \d+ +█+ 1$", out, re.M)
    assert re.search(r"^circles +inner +core +network +periphery$", out, re.M)
    assert re.search(r"^drifting +0 +1 +0 +0$", out, re.M)
    longer = journal("review", "--since", "1y", env={"COLUMNS": "80"})
    assert re.search(r"^[▁▂▃▄▅▆▇█]{53}$", longer, re.M)  # a sparkline beyond 16 weeks
