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
