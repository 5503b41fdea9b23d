"""rmlog log: one interaction with several people, natural dates, editor, --new."""

from datetime import datetime


def test_log_records_one_interaction_with_both(rmlog):
    rmlog("add", "Alice Smith")
    rmlog("add", "Bob Jones")
    result = rmlog("log", "alice", "bob", "-m", "coffee; she wants intros", "--when", "yesterday",
                   "--kind", "meal", "--by", "me", "--mood", "1")
    assert result.stdout == "Logged meal #1 with Alice Smith, Bob Jones on 2026-03-09 09:00.\n"
    [row] = rmlog.sql("select kind, notes, initiated_by, sentiment, occurred_at from interaction")
    links = rmlog.sql("select person_id, occurred_at from interaction_person order by person_id")
    assert row[:4] == ("meal", "coffee; she wants intros", "me", 1)
    assert stored_time(row[4]) == datetime(2026, 3, 9, 8, 0)
    assert links == [(1, row[4]), (2, row[4])]


def stored_time(value) -> datetime:
    """A stored UTC time: SQLite keeps text, PostgreSQL a timestamp."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value.replace(tzinfo=None)


def test_log_json_prints_the_created_object(rmlog):
    rmlog("add", "Alice")
    doc = rmlog.json("log", "alice", "-m", "call", "--kind", "call", "--by", "them", "--when", "last fri",
                     "--gave", "intro to Dan", "--got", "advice", "--promise", "send deck", "--due", "fri",
                     "--they-promise", "intro to VC")
    assert doc["occurred_at"] == "2026-03-06T09:00:00+01:00"
    assert (doc["kind"], doc["initiated_by"]) == ("call", "them")
    assert doc["people"] == [{"id": 1, "handle": "alice", "name": "Alice"}]
    assert [(e["direction"], e["what"]) for e in doc["exchanges"]] == [("gave", "intro to Dan"), ("received", "advice")]
    mine, theirs = doc["commitments"]
    assert (mine["owner"], mine["what"], mine["due_at"]) == ("me", "send deck", "2026-03-13T23:59:59+01:00")
    assert (theirs["owner"], theirs["due_at"]) == ("them", None)


def test_same_person_twice_is_linked_once(rmlog):
    rmlog("add", "Alice")
    assert rmlog.json("log", "alice", "ali", "-m", "x")["people"] == [{"id": 1, "handle": "alice", "name": "Alice"}]


def test_new_creates_missing_people(rmlog):
    rmlog("add", "Alice")
    result = rmlog("log", "alice", "Dana Scully", "--new", "-m", "met at conf")
    assert "created dana-scully" in result.stderr
    assert rmlog.json("show", "dana")["recent_interactions"][0]["notes"] == "met at conf"


def test_unknown_person_writes_nothing(rmlog):
    rmlog("add", "Alice")
    message = rmlog.error("log", "alice", "zed", "-m", "x")
    assert "no person 'zed'" in message and "rmlog add zed" in message
    assert rmlog.json("show", "alice")["recent_interactions"] == []


def test_future_and_bad_dates_are_rejected(rmlog):
    rmlog("add", "Alice")
    assert "in the future" in rmlog.error("log", "alice", "--when", "tomorrow")
    assert "could not understand date" in rmlog.error("log", "alice", "--when", "blursday")
    assert "--due goes with --promise" in rmlog.error("log", "alice", "--due", "fri")
    assert "'--mood'" in rmlog.error("log", "alice", "--mood", "3")


def test_without_message_and_without_terminal_the_note_is_empty(rmlog):
    rmlog("add", "Alice")
    assert rmlog.json("log", "alice")["notes"] is None


def test_without_message_on_a_terminal_the_editor_opens(rmlog, tmp_path, monkeypatch):
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nprintf "# comment\\nlunch with alice\\nshe is hiring\\n" > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("rmlog.cli.terminal.interactive", lambda: True)
    rmlog("add", "Alice")
    # The editor replaced the whole file, scissors line included: every line is the note.
    assert rmlog.json("log", "alice")["notes"] == "# comment\nlunch with alice\nshe is hiring"


def test_rmlog_now_pins_time_and_naive_means_local(rmlog, monkeypatch):
    monkeypatch.setenv("RMLOG_NOW", "2026-07-01T12:00:00Z")
    rmlog("add", "Alice")
    assert rmlog.json("log", "alice")["occurred_at"] == "2026-07-01T14:00:00+02:00"
