"""Undo is exact (issue 21): an operation is undone only when no later operation wrote a row
the undo would change or remove, cascades included; otherwise it is refused, naming the
operation to undo first, and nothing changes. Pruning forgets only the oldest operations.
"""

from __future__ import annotations

from tests.test_undo import rows


def ops(rmlog) -> dict[str, int]:
    """Command text -> the newest operation id with it, for the operations still listed."""
    return {op["command"]: op["id"] for op in reversed(rmlog.json("history", "--limit", "100"))}


def refused(rmlog, target: int) -> str:
    """Undo target is refused with one line and exit 2, and nothing changes."""
    before = rows(rmlog), rmlog.json("history", "--limit", "100")
    message = rmlog.error("undo", str(target))
    assert (rows(rmlog), rmlog.json("history", "--limit", "100")) == before
    return message


def test_undoing_an_add_refuses_while_later_rows_hang_off_the_person(rmlog):
    rmlog("add", "Alice")
    rmlog("add", "Bob")
    rmlog("gave", "alice", "intro")
    rmlog("promise", "alice", "deck")
    rmlog("log", "alice", "bob", "-m", "both")
    rmlog("edit", "alice", "--tag", "vc")
    done = ops(rmlog)
    message = refused(rmlog, done["add Alice"])
    assert f"operation #{done['edit alice --tag vc']} (`edit alice --tag vc`)" in message
    assert f"undo it first: rmlog undo {done['edit alice --tag vc']}" in message
    for command in ("edit alice --tag vc", "log alice bob -m both", "promise alice deck", "gave alice intro"):
        refused(rmlog, done["add Alice"])
        rmlog("undo", str(done[command]))
    assert "removed 1 person" in rmlog("undo", str(done["add Alice"])).stdout
    assert [p["handle"] for p in rmlog.json("people")] == ["bob"]


def test_undoing_a_log_refuses_while_a_later_edit_added_someone(rmlog):
    rmlog("add", "Alice")
    rmlog("add", "Bob")
    rmlog("log", "alice", "-m", "coffee")
    [meeting] = rmlog.json("interactions")
    rmlog("edit-log", str(meeting["id"]), "--add", "bob")
    done = ops(rmlog)
    edit = done[f"edit-log {meeting['id']} --add bob"]
    assert f"rmlog undo {edit}" in refused(rmlog, done["log alice -m coffee"])


def test_undoing_an_older_edit_of_an_unrelated_row_still_works(rmlog):
    rmlog("add", "Alice")
    rmlog("edit", "alice", "--company", "Acme")
    rmlog("add", "Bob")
    rmlog("log", "bob", "-m", "later, about someone else")
    done = ops(rmlog)
    assert "restored 1 person" in rmlog("undo", str(done["edit alice --company Acme"])).stdout
    assert rmlog.json("show", "alice")["company"] is None
    assert len(rmlog.json("interactions")) == 1


def test_undoing_a_change_to_a_row_deleted_later_is_refused(rmlog):
    rmlog("add", "Alice")
    rmlog("edit", "alice", "--company", "Acme")
    rmlog("delete", "alice", "--yes")
    done = ops(rmlog)
    assert "rmlog undo" in refused(rmlog, done["edit alice --company Acme"])


def test_undoing_a_delete_after_the_name_was_added_again_names_that_add(rmlog):
    rmlog("add", "Alice")
    rmlog("delete", "alice", "--yes")
    rmlog("add", "Alice")
    done = ops(rmlog)
    message = refused(rmlog, done["delete alice --yes"])
    assert f"undo it first: rmlog undo {done['add Alice']}" in message
    rmlog("undo")
    rmlog("undo")
    assert [p["handle"] for p in rmlog.json("people")] == ["alice"]


def test_undoing_a_removal_whose_person_went_later_is_refused(rmlog):
    rmlog("add", "Alice")
    rmlog("edit", "alice", "--tag", "vc")
    rmlog("edit", "alice", "--untag", "vc")
    rmlog("delete", "alice", "--yes")
    rmlog("add", "Alice")  # on SQLite the new Alice may get the old one's row id
    done = ops(rmlog)
    refused(rmlog, done["edit alice --untag vc"])
    assert rmlog.json("show", "alice")["tags"] == []


def test_pruning_forgets_only_the_oldest_operations(rmlog, tmp_path, monkeypatch):
    config = tmp_path / "rmlog.toml"
    config.write_text("[history]\nkeep = 1\ndays = 1\n")
    monkeypatch.setenv("RMLOG_CONFIG", str(config))
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00")
    rmlog("add", "Alice")
    rmlog("edit", "alice", "--company", "Acme")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-01T09:00")  # the clock set back
    rmlog("edit", "alice", "--company", "Later Co")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:30")
    rmlog("add", "Bob")
    ids = [op["id"] for op in rmlog.json("history")]
    assert ids == list(range(ids[0], 0, -1)), "history has a hole"
    done = ops(rmlog)
    later = done["edit alice --company 'Later Co'"]
    assert f"rmlog undo {later}" in refused(rmlog, done["edit alice --company Acme"])
    assert rmlog.json("show", "alice")["company"] == "Later Co"
