"""Streaming JSON document: valid JSON, lazy consumption of rows, errors on reading."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timezone

import pytest

from rmlog.io.jsonl import JsonDocumentError, read_json_document, write_json_document


def write(header, sections) -> str:
    out = io.StringIO()
    write_json_document(out, header, sections)
    return out.getvalue()


def test_document_has_header_keys_then_one_array_per_section():
    text = write(
        {"schema": 1, "exported_at": datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)},
        [("people", iter([
            {"uid": "a", "name": "Zoë"}, {"uid": "b", "birthday": date(1980, 1, 2)}])),
         ("interactions", iter([]))],
    )
    assert json.loads(text) == {
        "schema": 1,
        "exported_at": "2026-03-10T08:00:00+00:00",
        "people": [{"uid": "a", "name": "Zoë"}, {"uid": "b", "birthday": "1980-01-02"}],
        "interactions": [],
    }
    assert '{"uid": "a", "name": "Zoë"},\n' in text  # one row per line, stable formatting


def test_empty_header_and_no_sections():
    assert json.loads(write({}, [])) == {}
    assert json.loads(write({}, [("people", [])])) == {"people": []}


def test_section_may_not_repeat_a_header_key():
    with pytest.raises(ValueError, match="people"):
        write({"people": 1}, [("people", [])])


class RecordingFile(io.StringIO):
    """Remembers how many rows had been produced whenever something is written."""

    def __init__(self, produced: list[int]):
        super().__init__()
        self.produced = produced
        self.seen: list[int] = []

    def write(self, text: str) -> int:
        self.seen.append(self.produced[0])
        return super().write(text)


def test_rows_are_consumed_one_at_a_time_while_writing():
    produced = [0]

    def rows():
        for i in range(100_000):
            produced[0] += 1
            yield {"id": i}

    out = RecordingFile(produced)
    write_json_document(out, {"schema": 1}, [("people", rows())])
    assert out.seen[0] == 0 and out.seen[-1] == 100_000
    # between two writes at most one row was made: nothing is gathered up front
    assert max(b - a for a, b in zip(out.seen, out.seen[1:])) == 1
    document = json.loads(out.getvalue())
    assert len(document["people"]) == 100_000 and document["people"][-1] == {"id": 99_999}


def test_read_json_document(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(write({"schema": 1}, [("people", [{"name": "A"}])]), encoding="utf-8")
    assert read_json_document(good) == {"schema": 1, "people": [{"name": "A"}]}


@pytest.mark.parametrize(("content", "message"), [("{\n  oops", "not valid JSON"),
                                                  ("[1, 2]", "JSON object")])
def test_read_json_document_errors_are_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(JsonDocumentError, match=message) as error:
        read_json_document(path)
    assert "\n" not in str(error.value)


def test_read_json_document_missing_file(tmp_path):
    with pytest.raises(JsonDocumentError, match="cannot read"):
        read_json_document(tmp_path / "absent.json")
