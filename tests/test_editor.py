"""Notes written in $EDITOR are never lost (issue 10, item 8)."""

import sqlite3
import stat
import sys
import textwrap

import pytest


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """Install a fake editor: a Python script body run with the file path as sys.argv[1]."""

    def install(body: str):
        script = tmp_path / "fake-editor"
        script.write_text(f"#!{sys.executable}\nimport sys, sqlite3\npath = sys.argv[1]\n" + textwrap.dedent(body))
        script.chmod(0o755)
        monkeypatch.setenv("EDITOR", str(script))
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setattr("rmlog.cli.terminal.interactive", lambda: True)

    return install


def test_hash_lines_are_kept_and_the_scissors_line_cuts(rmlog, editor):
    editor("""
        template = open(path).read()
        assert "# ------------------------ >8 ------------------------" in template
        open(path, "w").write("#1 priority: the deck\\n# she said so\\n\\n" + template + "# more\\n")
    """)
    rmlog("add", "Alice")
    assert rmlog.json("log", "alice")["notes"] == "#1 priority: the deck\n# she said so"


@pytest.mark.sqlite_only
def test_a_note_not_saved_because_the_store_is_locked_is_kept(rmlog, editor, db_path, tmp_path, monkeypatch):
    editor('open(path, "w").write("lunch: she is hiring\\n")')
    rmlog("add", "Alice")
    monkeypatch.setattr("rmlog.store.engine.BUSY_TIMEOUT_SECONDS", 0)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        message = rmlog.error("log", "alice", code=3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in message and "your note is kept in " in message
    kept = list((tmp_path / "data" / "rmlog" / "unsaved-notes").iterdir())
    assert [p.read_text() for p in kept] == ["lunch: she is hiring\n"]
    assert str(kept[0]) in message
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert rmlog.json("show", "alice")["recent_interactions"] == []


def test_an_editor_note_for_an_unknown_person_is_kept(rmlog, editor, tmp_path):
    editor('open(path, "w").write("long note\\n")')
    assert "your note is kept in" in rmlog.error("log", "nobody")
    kept = list((tmp_path / "data" / "rmlog" / "unsaved-notes").iterdir())
    assert [p.read_text() for p in kept] == ["long note\n"]


def test_a_note_kept_before_anything_else_makes_the_data_dir_user_only(rmlog, editor, tmp_path):
    import os

    editor('open(path, "w").write("long note\\n")')
    before = os.umask(0o022)
    try:
        assert "your note is kept in" in rmlog.error("log", "nobody")
    finally:
        os.umask(before)
    data = tmp_path / "data"
    for folder in (data, data / "rmlog", data / "rmlog" / "unsaved-notes"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    [kept] = (data / "rmlog" / "unsaved-notes").iterdir()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_failed_message_note_is_not_copied_for_input_errors(rmlog, tmp_path):
    assert "kept" not in rmlog.error("log", "nobody", "-m", "x")
    assert not (tmp_path / "data" / "rmlog" / "unsaved-notes").exists()


@pytest.mark.sqlite_only
def test_edit_opens_the_editor_before_taking_the_write_lock(rmlog, editor, db_path):
    # The editor writes to the journal itself, as a concurrent `rmlog log` would.
    editor(f"""
        text = open(path).read()
        conn = sqlite3.connect({str(db_path)!r}, timeout=0, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE person SET company = 'Acme'")
        conn.execute("COMMIT")
        open(path, "w").write("new notes\\n#2 keep this\\n" + text[text.index("# ---"):])
    """)
    rmlog("add", "Alice", "--notes", "old notes")
    rmlog("edit", "alice", "--editor")
    shown = rmlog.json("show", "alice")
    assert (shown["notes"], shown["company"]) == ("new notes\n#2 keep this", "Acme")


def test_edit_shows_the_current_notes_above_the_scissors(rmlog, editor):
    editor("""
        text = open(path).read()
        assert text.startswith("old notes\\n\\n# ------------------------ >8"), text
    """)
    rmlog("add", "Alice", "--notes", "old notes")
    rmlog("edit", "alice", "--editor")
    assert rmlog.json("show", "alice")["notes"] == "old notes"


def test_editor_with_an_unbalanced_quote_is_an_input_error(rmlog, monkeypatch):
    monkeypatch.setenv("EDITOR", "'vi")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr("rmlog.cli.terminal.interactive", lambda: True)
    rmlog("add", "Alice")
    assert "$EDITOR" in rmlog.error("log", "alice")
    assert "$EDITOR" in rmlog.error("edit", "alice", "--editor")



def test_edit_editor_without_a_terminal_is_refused_instead_of_hanging(rmlog, monkeypatch):
    monkeypatch.setenv("EDITOR", "false")
    rmlog("add", "Alice", "--notes", "old")
    assert "--editor needs a terminal" in rmlog.error("edit", "alice", "--editor")
    assert rmlog.json("show", "alice")["notes"] == "old"


def test_an_untouched_template_logs_nothing_and_exits_1(rmlog, editor):
    editor("pass")  # :q! — the file is saved as it was opened
    rmlog("add", "Maya Lopez")
    before = rmlog.json("history")
    result = rmlog("log", "maya", code=1)
    assert result.stderr == "nothing logged: the note was left empty\n" and result.stdout == ""
    assert rmlog.json("history") == before
    assert rmlog.json("show", "maya")["recent_interactions"] == []


def test_the_template_names_who_when_and_kind(rmlog, editor, tmp_path):
    seen = tmp_path / "template.txt"
    editor(f"""
        text = open(path).read()
        open({str(seen)!r}, "w").write(text)
        open(path, "w").write("called about the offer\\n" + text)
    """)
    rmlog("add", "Maya Lopez")
    rmlog("log", "maya", "--kind", "call", "--when", "yesterday 18:00")
    template = seen.read_text()
    assert "# Logging a call with Maya Lopez on 2026-03-09 18:00." in template
    assert all(line.startswith("#") or not line for line in template.splitlines())
    assert rmlog.json("show", "maya")["recent_interactions"][0]["notes"] == "called about the offer"


def test_a_promise_line_makes_a_promise_and_leaves_the_note(rmlog, editor):
    editor("""
        text = open(path).read()
        open(path, "w").write("lunch, she is hiring\\npromise: send the deck due fri\\n"
                              "Promise: talk about due diligence\\n" + text)
    """)
    rmlog("add", "Maya Lopez")
    entry = rmlog.json("log", "maya")
    assert entry["notes"] == "lunch, she is hiring"
    assert [(c["owner"], c["what"], c["due_at"]) for c in entry["commitments"]] == [
        ("me", "send the deck", "2026-03-13T23:59:59+01:00"),
        ("me", "talk about due diligence", None),
    ]
    assert [c["what"] for c in rmlog.json("commitments", "--open")] == ["send the deck", "talk about due diligence"]


def test_a_note_of_only_a_promise_logs_the_contact_with_it(rmlog, editor):
    editor('text = open(path).read(); open(path, "w").write("promise: call back\\n" + text)')
    rmlog("add", "Maya Lopez")
    entry = rmlog.json("log", "maya")
    assert entry["notes"] is None and [c["what"] for c in entry["commitments"]] == ["call back"]
