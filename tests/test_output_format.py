"""The one output switch: --format text|json|markdown (csv for one-table views) on read
commands; --json stays as an alias. Markdown pastes cleanly into notes; hostile text stays
inert in every format."""

import csv
import io

import pytest

HOSTILE = "Eve \x1b[31m*bold* | pipe\u202e"


@pytest.fixture
def promises(rmlog):
    rmlog("add", "Ann Lee")
    rmlog("promise", "ann-lee", "send the deck", "--due", "2026-03-09")
    rmlog("promise", "ann-lee", HOSTILE)
    return rmlog


def test_markdown_is_a_pipe_table_with_escaped_cells(promises):
    out = promises("commitments", "--format", "markdown").stdout
    lines = out.strip().splitlines()
    assert lines[0].startswith("| ") and lines[1].startswith("|---")
    assert "| 1 | Ann Lee | mine | send the deck | Mar 9 | overdue |" in lines
    hostile = lines[3]
    assert "\x1b" not in hostile and "\u202e" not in hostile
    assert "\\*bold\\* \\| pipe" in hostile and "\\\\x1b" in hostile


def test_csv_is_the_table_whole(promises):
    rows = list(csv.reader(io.StringIO(promises("commitments", "--format", "csv").stdout)))
    assert rows[0] == ["#", "person", "whose", "what", "due", "status"]
    assert rows[1] == ["1", "Ann Lee", "mine", "send the deck", "Mar 9", "overdue"]
    assert "\x1b" not in rows[2][3] and rows[2][3].startswith("Eve \\x1b[31m")


def test_format_json_is_json(promises):
    assert promises.json("commitments") == __import__("json").loads(
        promises("commitments", "--format", "json").stdout
    )


def test_an_unknown_format_is_refused(promises):
    assert "'xml' is not one of" in promises.error("commitments", "--format", "xml")


READ_COMMANDS = [
    ("due", "--within", "30d"), ("people",), ("show", "alice"), ("brief", "alice"), ("interactions", "alice"),
    ("commitments",), ("balance",), ("review", "--since", "90d"), ("plan",), ("circles",), ("search", "deck"),
    ("history",), ("dedupe",), ("config",), ("doctor",),
]


@pytest.fixture
def scripted(rmlog, backend):
    from rmlog import reference

    backend.built("scripted", lambda: reference._scripted_journal(lambda *words: rmlog(*words).stdout))
    return rmlog


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda words: words[0])
def test_every_read_command_prints_markdown(scripted, command):
    out = scripted(*command, "--format", "markdown").stdout
    assert out.strip() and "\x1b" not in out
    assert "--format" in scripted(command[0], "--help").stdout
    tables = [line for line in out.splitlines() if line.startswith("|")]
    assert all(line.endswith("|") for line in tables)
    if tables:
        assert any(line.startswith("|---") or line.startswith("|---:") for line in tables)


@pytest.mark.parametrize("command", [("people",), ("interactions", "alice"), ("history",), ("balance",)],
                         ids=lambda words: words[0])
def test_one_table_views_print_csv(scripted, command):
    rows = list(csv.reader(io.StringIO(scripted(*command, "--format", "csv").stdout)))
    assert len(rows) >= 2 and len({len(row) for row in rows}) == 1
