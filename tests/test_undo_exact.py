"""Undo is exact (issue 21): an operation is undone only when no later operation wrote a row
the undo would change or remove, cascades included; otherwise it is refused, naming the
operation to undo first, and nothing changes. Pruning forgets only the oldest operations.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# Property: random write commands with undo at random points ---------------------------------

NAMES = ["Ann", "Ben", "Cat"]
COMMANDS = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(NAMES)),
    st.tuples(st.just("delete"), st.sampled_from(NAMES)),
    st.tuples(st.just("edit"), st.sampled_from(NAMES), st.sampled_from(["--company=A", "--tag=vc", "--untag=vc",
                                                                          "--alias=X", "--circle=inner"])),
    st.tuples(st.just("gave"), st.sampled_from(NAMES)),
    st.tuples(st.just("promise"), st.sampled_from(NAMES)),
    st.tuples(st.just("log"), st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True)),
    st.tuples(st.just("edit-log"), st.integers(1, 3), st.sampled_from(["--add", "--remove"]), st.sampled_from(NAMES)),
    st.tuples(st.just("delete-log"), st.integers(1, 3)),
    st.tuples(st.just("done"), st.integers(1, 2)),
    st.tuples(st.just("undo"), st.integers(0, 5)),
)


def argv(step) -> list[str]:
    name = step[0]
    if name in ("add", "gave", "promise"):
        return {"add": ["add", step[1]], "gave": ["gave", step[1].lower(), "intro"],
                "promise": ["promise", step[1].lower(), "deck"]}[name]
    if name == "delete":
        return ["delete", step[1].lower(), "--yes"]
    if name == "edit":
        return ["edit", step[1].lower(), step[2]]
    if name == "log":
        return ["log", *[n.lower() for n in step[1]], "-m", "met"]
    if name == "edit-log":
        return ["edit-log", str(step[1]), step[2], step[3].lower()]
    return [name, str(step[1])] + (["--yes"] if name == "delete-log" else [])


def table_rows() -> dict[str, frozenset]:
    """Every row of every table undo tracks, in one read; on the way, each person's kept last
    contact (store/last_contact.py) must still match their links."""
    from sqlalchemy import select

    from rmlog.store import last_contact
    from rmlog.store.engine import open_store
    from rmlog.store.oplog import TRACKED

    with open_store() as session:
        conn = session.connection()
        problem = last_contact.check(lambda sql: conn.exec_driver_sql(sql).all(), conn.dialect.name == "postgresql")
        assert problem is None, f"the kept last contacts left the journal's links: {problem}"
        return {t.name: frozenset(repr(tuple(row)) for row in session.execute(select(t))) for t in TRACKED}


def live_commands(rmlog) -> list[int]:
    return [op["id"] for op in rmlog.json("history", "--limit", "1000")
            if op["kind"] == "command" and op["undone_by"] is None]


def test_undo_restores_exactly_or_refuses_and_changes_nothing(rmlog, backend):
    """Hypothesis drives the commands; each example gets a journal of its own."""
    examples = itertools.count()

    @settings(max_examples=12 if backend.name == "sqlite" else 3, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    @given(steps=st.lists(COMMANDS, min_size=4, max_size=10))
    def run(steps):
        backend.new_journal(f"p{next(examples)}")
        check_undo_steps(rmlog, [("add", name) for name in NAMES] + steps)

    run()


def check_undo_steps(rmlog, steps) -> None:
    effects: dict[int, tuple[dict, dict]] = {}  # operation id -> (rows before, rows after)
    now = table_rows()
    for step in steps:
        if step[0] != "undo":
            newest = max(live_commands(rmlog), default=0)
            rmlog(*argv(step), code=None)
            after = table_rows()
            made = max(live_commands(rmlog), default=0)
            if made > newest:
                effects[made] = (now, after)
            now = after
            continue
        live = [op for op in live_commands(rmlog) if op in effects]
        if not live:
            continue
        target = live[step[1] % len(live)]
        result = rmlog("undo", str(target), code=None)
        after = table_rows()
        if result.exit_code == 2:
            assert after == now, f"a refused undo #{target} changed data"
            assert target != live[0], "the newest operation can always be undone"
            continue
        assert result.exit_code == 0, result.stderr
        before_op, after_op = effects[target]
        for table in now:
            added, removed = after_op[table] - before_op[table], before_op[table] - after_op[table]
            assert added <= now[table] and not removed & now[table], f"undid #{target} over a later change"
            assert after[table] == (now[table] - added) | removed, f"undo #{target} is not exact in {table}"
        now = after
