"""How tables give way on a narrow terminal, short dates, and the text charts."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from rmlog import charts, render
from rmlog.render import Col, clip, fit, since

PERSON, NOTE = Col("person", name=True, shrink=8), Col("note", shrink=6, drop=3)
CIRCLE, EVERY, STATUS = Col("circle", drop=2), Col("every", drop=1), Col("status")
COLUMNS = [PERSON, CIRCLE, EVERY, STATUS, NOTE]
NATURAL = [20, 7, 5, 10, 30]  # 72 + 4 gaps of 2 = 80


def test_everything_fits_when_there_is_room():
    assert fit(COLUMNS, NATURAL, 80) == NATURAL
    assert fit(COLUMNS, NATURAL, None) == NATURAL


def test_the_note_shortens_first_and_only_as_far_as_needed():
    assert fit(COLUMNS, NATURAL, 70) == [20, 7, 5, 10, 20]


def test_then_optional_columns_drop_in_rank_order():
    # note at its 6: 48 + 8 = 56 > 55, so `every` (rank 1) goes; 41 + 6 = 47
    assert fit(COLUMNS, NATURAL, 55) == [20, 7, None, 10, 6]
    assert fit(COLUMNS, NATURAL, 46) == [20, None, None, 10, 6]


def test_the_name_is_never_cut_before_the_note():
    widths = fit(COLUMNS, NATURAL, 30)
    assert widths[4] is None and widths[0] == 18  # the note dropped (rank 3), then the name shortened
    assert fit(COLUMNS, NATURAL, 20) == [8, None, None, 10, None]


def test_a_very_narrow_terminal_still_gets_one_line():
    for width in range(1, 20):
        widths = fit(COLUMNS, NATURAL, width)
        shown = [w for w in widths if w is not None]
        assert sum(shown) + 2 * (len(shown) - 1) <= width, (width, widths)
    plain = [Col("check"), Col(""), Col("detail")]
    assert fit(plain, [12, 7, 90], 80) == [12, 7, 57]  # unknown tables cut their widest column


def test_clip_marks_the_cut_and_counts_wide_characters():
    assert clip("coffee at Oslo", 20) == "coffee at Oslo"
    assert clip("coffee at Oslo", 8) == "coffee…"
    assert clip("李雷和韩梅梅", 7) == "李雷和…"


def test_short_ages():
    assert [since(d) for d in (None, 0, 1, 13, 14, 59, 60, 364, 365, 800)] == [
        "never", "today", "1d ago", "13d ago", "2w ago", "8w ago", "2mo ago", "12mo ago", "1y ago", "2y ago"]


def test_week_counts_and_strip():
    today = date(2026, 3, 10)
    utc = timezone.utc
    times = [datetime(2026, 3, 10, 8, tzinfo=utc), datetime(2026, 3, 4, tzinfo=utc),
             datetime(2026, 3, 3, tzinfo=utc), datetime(2025, 1, 1, tzinfo=utc)]
    counts = charts.week_counts(times, today, 3, lambda t: t.date())
    assert counts == [0, 1, 2]  # Mar 4-10 holds two, Feb 25 - Mar 3 one, the 2025 one is too old
    assert "".join(cell.text for cell in charts.strip([0, 1, 2, 3, 7])) == "·░▒▓█"
    assert charts.week_starts(today, 2) == [date(2026, 2, 25), date(2026, 3, 4)]


def test_give_take_bar_splits_by_share():
    text = "".join(piece.text for piece in charts.give_take(3, 1, 38))
    assert len(text) == 38 and text.startswith("gave 3 ") and text.endswith(" 1 received")
    assert text.count("█") == 3 * text.count("░")


def test_sparkline_and_bars():
    assert charts.sparkline([0, 1, 4, 8]) == "▁▂▅█"
    assert charts.sparkline([0, 0]) == "▁▁"
    assert charts.bar(1, 100, 20) == "█" and charts.bar(0, 5, 20) == "" and charts.bar(5, 5, 20) == "█" * 20


@pytest.mark.parametrize("count", [0, 1, 1000, 2500])
def test_a_streamed_json_list_is_what_emit_json_writes(capsys, count):
    documents = [{"n": n, "name": f"Ann \u202e{n}", "score": float("nan") if n == 7 else n / 3} for n in range(count)]
    render.emit_json(documents)
    whole = capsys.readouterr().out
    render.emit_json_list(iter(documents))
    assert capsys.readouterr().out == whole


def test_a_report_with_long_lists_is_written_in_pages_as_the_same_document(monkeypatch, capsys):
    """emit_report pages a long list (balance's 50,000 people) and writes exactly what one
    json.dumps of the document gives, hostile text made inert the same way."""
    import json
    import random

    from rmlog.render import json as json_format

    monkeypatch.setattr(json_format, "PAGE", 3)
    chooser = random.Random(7)
    for _ in range(200):
        document = {}
        for key in range(chooser.randint(1, 4)):
            size = chooser.randint(0, 9)
            document[f"k{key}\u202e"] = chooser.choice([
                [{"n": i, "nested": [i, {"note": "two\nlines\u2028"}], "none": None} for i in range(size)],
                "text\x85", {"inner": [1, 2], "empty": {}}, [],
            ])
        json_format.emit_report(document)
        expected = json.dumps({"schema": json_format.SCHEMA, **document}, ensure_ascii=False, indent=2)
        assert capsys.readouterr().out == json_format.inert_json(expected) + "\n"
