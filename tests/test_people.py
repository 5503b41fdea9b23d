"""add, edit, show, people/ls, archive, unarchive, delete through the real CLI."""

import pytest

ALICE = [
    "add", "Alice Smith", "--circle", "inner", "--tag", "investor", "--email", "a@x.io",
    "--company", "Acme", "--role", "CTO", "--met", "PyCon 2025", "--needs", "ML hires",
    "--offers", "fundraising advice", "--alias", "Ali",
]


def test_add_prints_the_handle(rmlog):
    result = rmlog(*ALICE)
    assert result.stdout == "alice-smith\n"
    assert result.stderr == ""


def test_duplicate_names_get_distinct_handles_with_a_warning(rmlog):
    rmlog("add", "Alice Smith")
    result = rmlog("add", "Alice Smith")
    assert result.stdout == "alice-smith-2\n"
    assert "alice-smith already has this name" in result.stderr


def test_show_json_has_every_field(rmlog):
    rmlog(*ALICE)
    doc = rmlog.json("show", "ali")
    assert doc["handle"] == "alice-smith"
    assert doc["aliases"] == ["Ali"]
    assert doc["tags"] == ["investor"]
    assert doc["emails"] == ["a@x.io"]
    assert (doc["company"], doc["role"], doc["how_met"]) == ("Acme", "CTO", "PyCon 2025")
    assert (doc["needs"], doc["offers"], doc["circle"]) == ("ML hires", "fundraising advice", "inner")
    assert doc["created_at"] == "2026-03-10T09:00:00+01:00"
    assert doc["last_contact"] is None and doc["days_since"] == 0  # never contacted: counted from created_at
    assert doc["days_since"] == 0
    assert doc["recent_interactions"] == []
    assert isinstance(doc["id"], int) and len(doc["uid"]) == 36


def test_show_human_profile_and_last_contact(rmlog, monkeypatch):
    rmlog(*ALICE)
    rmlog("add", "Bob Jones")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-22T09:00:00")
    rmlog("log", "alice", "bob", "-m", "coffee; she wants intros\nsecond line", "--when", "2026-03-10 10:00")
    out = rmlog("show", "alice").stdout
    assert out.startswith("Alice Smith · inner · investor\n")
    assert "every 14 days · last 12 days ago · next in 2 days · in touch\n" in out
    assert "Work:    CTO at Acme" in out
    assert "Mar 10 10:00  meeting  Bob Jones  coffee; she wants intros" in out
    assert "second line" not in out


def test_people_lists_and_filters(rmlog, monkeypatch):
    rmlog(*ALICE)
    rmlog("add", "Bob Jones", "--tag", "Old Friend")
    rmlog("add", "Carol", "--circle", "core")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-15T09:00:00")
    rmlog("log", "bob", "--when", "2026-03-14")
    lines = rmlog("people").stdout.splitlines()
    assert lines[0].split() == ["person", "circle", "tags", "last", "contact", "ago", "status"]
    assert [line.split()[0] for line in lines[1:]] == ["Alice", "Bob", "Carol"]
    assert lines[2].split() == ["Bob", "Jones", "network", "old-friend", "Mar", "14", "1d", "ago", "in", "touch"]
    assert [p["handle"] for p in rmlog.json("people", "--circle", "inner")] == ["alice-smith"]
    assert [p["handle"] for p in rmlog.json("ls", "--tag", "old friend")] == ["bob-jones"]
    by_last = [p["handle"] for p in rmlog.json("people", "--sort", "last")]
    assert by_last == ["alice-smith", "carol", "bob-jones"]
    assert rmlog.error("people", "--sort", "age").endswith("--sort 'age': use name or last")
    rmlog("add", "Dan")
    rmlog("log", "dan", "--when", "2026-01-02 23:30")  # long before the others were added
    by_last = [line.split()[0] for line in rmlog("people", "--sort", "last").stdout.splitlines()[1:]]
    assert by_last == ["Dan", "Alice", "Carol", "Bob"]


def test_people_when_empty(rmlog):
    assert "No people yet" in rmlog("people").stdout
    assert rmlog.json("people") == []


def test_edit_changes_fields_and_keeps_the_handle(rmlog):
    rmlog(*ALICE)
    rmlog("edit", "alice", "--name", "Alice Jones", "--circle", "core", "--cadence", "3w",
          "--tag", "mentor", "--untag", "investor", "--email", "alice@home.io", "--alias", "AJ",
          "--birthday", "03-04")
    doc = rmlog.json("show", "aj")
    assert (doc["handle"], doc["name"], doc["circle"]) == ("alice-smith", "Alice Jones", "core")
    assert doc["cadence_days"] == 21
    assert doc["tags"] == ["mentor"]
    assert doc["emails"] == ["a@x.io", "alice@home.io"]
    assert doc["aliases"] == ["AJ", "Ali"]
    assert doc["birthday"] == "--03-04"


def test_edit_notes_in_the_editor(rmlog, tmp_path, monkeypatch):
    rmlog("add", "Bob", "--notes", "old")
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "new notes\\n" > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr("rmlog.cli.terminal.interactive", lambda: True)  # no terminal: refused
    rmlog("edit", "bob", "--editor")
    assert rmlog.json("show", "bob")["notes"] == "new notes"


def test_archive_hides_and_unarchive_restores(rmlog):
    rmlog("add", "Bob")
    assert rmlog("archive", "bob").stdout == "Archived bob.\n"
    assert rmlog.json("people") == []
    archived = rmlog.json("people", "--archived")
    assert archived[0]["archived_at"] == "2026-03-10T09:00:00+01:00"
    rmlog("unarchive", "bob")
    assert [p["handle"] for p in rmlog.json("people")] == ["bob"]


def test_delete_keeps_shared_interactions(rmlog):
    rmlog("add", "Alice")
    rmlog("add", "Bob")
    rmlog("log", "alice", "bob", "-m", "together")
    rmlog("log", "bob", "-m", "just bob")
    result = rmlog("delete", "bob", "--yes")
    assert result.stdout == "Deleted bob and 1 interaction only they were in.\n"
    notes = [i["notes"] for i in rmlog.json("show", "alice")["recent_interactions"]]
    assert notes == ["together"]
    assert rmlog.sql("select count(*) from interaction") == [(1,)]
    assert rmlog.sql("select count(*) from interaction_person") == [(1,)]


def test_delete_refuses_without_yes_when_not_interactive(rmlog):
    rmlog("add", "Bob")
    message = rmlog.error("delete", "bob")
    assert "without --yes" in message
    assert [p["handle"] for p in rmlog.json("people")] == ["bob"]


def test_delete_asks_on_a_terminal(rmlog, monkeypatch):
    monkeypatch.setattr("rmlog.cli.terminal.interactive", lambda: True)
    rmlog("add", "Bob")
    rmlog("delete", "bob", input="n\n", code=1)
    assert len(rmlog.json("people")) == 1
    rmlog("delete", "bob", input="y\n")
    assert rmlog.json("people") == []


def test_unknown_and_ambiguous_people(rmlog):
    rmlog("add", "Alice Smith")
    rmlog("add", "Alice Wong")
    assert "did you mean alice-smith" in rmlog.error("show", "alice smyth")
    assert "matches several people" in rmlog.error("show", "alice")


def test_bad_option_values_are_one_line_errors(rmlog):
    assert "bad duration 'soon'" in rmlog.error("add", "Bob", "--cadence", "soon")
    assert "'--circle'" in rmlog.error("add", "Bob", "--circle", "outer")
    assert "bad birthday" in rmlog.error("add", "Bob", "--birthday", "1990-02-31")
    assert "empty" in rmlog.error("add", "  ")
    assert rmlog.json("people") == []


def test_tags_keep_letters_of_any_script(rmlog):
    rmlog("add", "Mei", "--tag", "家族", "--tag", "Board Member", "--tag", "Ärzte", "--tag", "--")
    assert rmlog.json("show", "mei")["tags"] == ["board-member", "ärzte", "家族"]
    assert [p["handle"] for p in rmlog.json("people", "--tag", "家族")] == ["mei"]


def test_people_lists_each_persons_tags_in_the_order_show_gives_them(rmlog):
    rmlog("add", "Mei", "--tag", "zeta", "--tag", "家族", "--tag", "Board Member", "--tag", "ärzte", "--tag", "b2")
    rmlog("add", "Ned")
    shown = rmlog.json("show", "mei")["tags"]
    assert shown == ["b2", "board-member", "zeta", "ärzte", "家族"]
    assert [p["tags"] for p in rmlog.json("people")] == [shown, []]
    table = rmlog("people").stdout.splitlines()
    assert "b2, board-member, zeta, ärzte, 家族" in table[1]
    assert table[2].split()[:2] == ["Ned", "network"]


def test_people_on_a_terminal_pages_a_long_list_through_the_pager(rmlog, monkeypatch, tmp_path):
    from rmlog import render

    for n in range(12):
        rmlog("add", f"Person {n:02d}")
    monkeypatch.setattr(render, "is_terminal", lambda: True)
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"printf '%s\\n' \"$LESS\" > {paged}; cat >> {paged}")
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setenv("LINES", "10")
    assert rmlog("people").stdout == ""
    less, table = paged.read_text().split("\n", 1)
    assert less == "FRX"  # as git sets it for less
    assert table.count("Person ") == 12 and "──" in table  # the table, whole
    paged.unlink()
    monkeypatch.setenv("LINES", "40")
    assert rmlog("people").stdout.count("Person ") == 12  # fits: printed straight
    assert not paged.exists()
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setenv("PAGER", "cat")
    assert rmlog("people").stdout.count("Person ") == 12


@pytest.mark.sqlite_only
def test_people_table_reads_only_what_it_shows(rmlog, db_path):
    import sqlite3

    rmlog("add", "Alice Smith", "--email", "a@x.io")
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE person SET emails = 'not json'")  # the table never decodes them
    db.close()
    assert rmlog("people").stdout.splitlines()[1].startswith("Alice Smith  network")


def test_add_and_edit_take_an_option_for_every_field_the_model_gives_one(rmlog):
    """The generated options (cli/person_options.py) reach the person: each sets its own
    field on add, edit changes it, and a field edit leaves the others alone."""
    from rmlog.store.fields import command_options, option
    from rmlog.store.models import PersonBase

    names = command_options(PersonBase)
    assert {"company", "how_met", "notes"} <= set(names)
    given = [word for name in names for word in (option(PersonBase, name), f"{name} one")]
    rmlog("add", "Dana Ruiz", *given)
    assert {name: rmlog.json("show", "dana")[name] for name in names} == {name: f"{name} one" for name in names}
    rmlog("edit", "dana", option(PersonBase, names[0]), "changed")
    doc = rmlog.json("show", "dana")
    assert doc[names[0]] == "changed"
    assert {name: doc[name] for name in names[1:]} == {name: f"{name} one" for name in names[1:]}


def test_the_use_case_streams_the_people_the_command_prints(rmlog, monkeypatch):
    from rmlog.app.people import people
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.store.engine import open_store

    rmlog(*ALICE)
    rmlog("add", "Bob Jones", "--tag", "Old Friend")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-15T09:00:00")
    rmlog("log", "bob", "--when", "2026-03-14")
    with open_store() as session:
        view = people(session, now(), load_cadences(), sort="last", documents=True)
        assert not isinstance(view.rows, list)  # a page at a time, read inside the session
        documents = [(d["handle"], d["days_since"], d["circle"]) for d in view.json_items()]
    printed = [(d["handle"], d["days_since"], d["circle"]) for d in rmlog.json("people", "--sort", "last")]
    assert documents == printed == [("alice-smith", 5, "inner"), ("bob-jones", 1, "network")]
