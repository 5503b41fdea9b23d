"""gave, got, promise, done, drop: the ledger's write commands and their errors."""


def test_gave_and_got_print_and_return_entries(rmlog):
    rmlog("add", "Alice")
    assert rmlog("gave", "alice", "intro to Dan", "--kind", "intro").stdout == \
        "Gave Alice: intro to Dan (intro, #1).\n"
    doc = rmlog.json("got", "alice", "advice", "--kind", "advice", "--weight", "2.5", "--when", "yesterday")
    assert doc == {"id": 2, "uid": doc["uid"], "person": "alice", "direction": "received", "kind": "advice",
                   "weight": 2.5, "what": "advice", "occurred_at": "2026-03-09T09:00:00+01:00"}


def test_bad_exchange_values(rmlog):
    rmlog("add", "Alice")
    assert "'--weight'" in rmlog.error("gave", "alice", "x", "--weight", "0")
    assert "'--kind'" in rmlog.error("gave", "alice", "x", "--kind", "bribe")
    assert "in the future" in rmlog.error("got", "alice", "x", "--when", "tomorrow")


def test_promise_done_and_drop(rmlog):
    rmlog("add", "Alice")
    assert rmlog("promise", "alice", "send the deck", "--due", "fri").stdout == \
        "#1 You promised Alice: send the deck, due 2026-03-13.\n"
    assert rmlog("promise", "alice", "intro", "--theirs").stdout == "#2 Alice promised you: intro.\n"
    assert rmlog("done", "1").stdout == "#1 done: send the deck (alice).\n"
    doc = rmlog.json("drop", "2")
    assert (doc["status"], doc["done_at"], doc["owner"]) == ("dropped", "2026-03-10T09:00:00+01:00", "them")
    assert "already done" in rmlog.error("drop", "1")
    assert "no commitment #9" in rmlog.error("done", "9")
    assert "valid integer" in rmlog.error("done", "first")


def test_log_with_promises_sets_due_only_on_mine(rmlog):
    rmlog("add", "Alice")
    rmlog("log", "alice", "--promise", "deck", "--due", "tomorrow", "--they-promise", "intro")
    rows = rmlog.json("commitments", "alice")
    assert [(c["owner"], c["due_at"]) for c in rows] == [("me", "2026-03-11T23:59:59+01:00"), ("them", None)]


def test_deleting_a_person_removes_their_ledger(rmlog):
    rmlog("add", "Alice")
    rmlog("promise", "alice", "deck")
    rmlog("gave", "alice", "intro")
    rmlog("delete", "alice", "--yes")
    assert rmlog.json("commitments") == []
    assert rmlog.json("balance")["people"] == []
