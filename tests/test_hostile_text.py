"""Hostile names and notes never reach the terminal raw (issue 10, item 9).

Names hold an OSC sequence (retitles the terminal), an RTL override (reorders the line) and a
newline (forges a row in piped output). Every path escapes them and keeps them on one line:
plain text, Rich tables and fields, warnings and errors.
"""

import json

import pytest

from rmlog import render

OSC = "Mal\x1b]0;pwned\x07ory"
RTL = "Mal\u202eevil"
NEWLINE = "Mal\nfake  row  inner"
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\x9b")


def assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, (char, text)
    assert not any(line.startswith("fake") for line in text.splitlines()), text


@pytest.fixture
def hostile(rmlog):
    for name in (OSC, RTL, NEWLINE):
        rmlog("add", name, "--notes", f"note {name}", "--needs", f"[bold]{name}[/bold]")
    handles = [row["handle"] for row in rmlog.json("people")]
    rmlog("log", *handles, "-m", f"first {NEWLINE}\nsecond {OSC}", "--when", "40d ago",
          "--promise", f"send {RTL}", "--due", "yesterday")
    rmlog("add", f"Other {OSC}", "--circle", "inner")
    return handles


def test_inert_escapes_controls_bidi_and_line_breaks():
    assert render.inert(OSC) == "Mal\\x1b]0;pwned\\x07ory"
    assert render.inert(RTL) == "Mal\\u202eevil"
    assert render.inert("a\nb\tc\r\u2028\u2066\u061c\u200f\x85") == "a\\nb\\tc\\r\\u2028\\u2066\\u061c\\u200f\\x85"
    assert render.inert("[red]x[/red] Zoë 李") == "[red]x[/red] Zoë 李"
    assert render.inert(render.inert(OSC + RTL)) == render.inert(OSC + RTL)


VIEWS = [
    ("people",), ("due",), ("search", "mal"), ("search", "note"), ("show", "mal-0-pwned-ory"),
    ("commitments",), ("plan",), ("review", "--since", "90d"), ("balance",),
]


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "rich"])
def test_views_escape_hostile_names_and_notes(rmlog, hostile, monkeypatch, terminal):
    monkeypatch.setattr(render, "is_terminal", lambda: terminal)
    for command in VIEWS:
        result = rmlog(*command)
        assert_inert(result.stdout + result.stderr)


def test_piped_rows_stay_one_per_person(rmlog, hostile):
    lines = rmlog("people").stdout.splitlines()
    assert len(lines) == 1 + 4
    assert any("Mal\\nfake  row  inner" in line for line in lines)
    assert any("Mal\\u202eevil" in line for line in lines)
    assert any("Mal\\x1b]0;pwned\\x07ory" in line for line in lines)


def test_show_piped_keeps_the_escaped_name_and_note(rmlog, hostile):
    out = rmlog("show", "mal-0-pwned-ory").stdout
    assert out.startswith("Mal\\x1b]0;pwned\\x07ory · network\n")
    assert "[bold]Mal\\x1b]0;pwned\\x07ory[/bold]" in out


def test_ambiguous_person_error_escapes_stored_names(rmlog, hostile):
    for command in (("show", "mal"), ("log", "mal", "-m", "x"), ("gave", "mal", "x")):
        message = rmlog.error(*command)
        assert "matches several people" in message
        assert "Mal\\x1b]0;pwned\\x07ory" in message and "Mal\\u202eevil" in message
        assert_inert(message)


def test_errors_and_warnings_echoing_typed_text_are_escaped(rmlog, hostile):
    assert_inert(rmlog.error("show", f"zed{OSC}\n{RTL}"))
    assert_inert(rmlog.error("due", "--within", f"3{OSC}"))
    assert_inert(rmlog.error("log", "mal-0-pwned-ory", "--when", f"{RTL}\nfake"))
    result = rmlog("log", f"New {OSC}\nfake", "--new", "-m", "x")
    assert_inert(result.stderr)
    assert len(result.stderr.splitlines()) == 1
    assert_inert(rmlog("search", f"nothing{OSC}\nfake").stdout)


def test_bad_export_error_escapes_the_uid(rmlog, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"rmlog_export": 1, "people": [], "interactions": [{
        "uid": "i1", "occurred_at": "2026-03-01T10:00:00", "created_at": "2026-03-01T10:00:00",
        "kind": "call", "people": [f"u{OSC}\n{RTL}"],
    }]}))
    message = rmlog.error("import", str(bad))
    assert "u" + render.inert(OSC) in message
    assert_inert(message)


def test_json_keeps_the_text_and_escapes_bidi_and_c1(rmlog, hostile):
    result = rmlog("people", "--json")
    assert "\u202e" not in result.stdout and "\x1b" not in result.stdout
    names = {row["name"] for row in json.loads(result.stdout)}
    assert {OSC, RTL, NEWLINE} <= names


def test_delete_prompt_escapes_the_name(rmlog, hostile, monkeypatch):
    monkeypatch.setattr("rmlog.cli.terminal.interactive", lambda: True)
    result = rmlog("delete", "mal-0-pwned-ory", input="n\n", code=1)
    assert "Delete Mal\\x1b]0;pwned\\x07ory (mal-0-pwned-ory)" in result.stdout
    assert_inert(result.stdout)
