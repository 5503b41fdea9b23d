"""rmlog brief PERSON: what to read before a meeting."""


def journal(rmlog) -> None:
    rmlog("add", "Alice Smith", "--needs", "intros to fintech investors", "--offers", "ML advice",
          "--birthday", "1990-04-01", "--company", "Acme", "--role", "CTO", "--alias", "Ali")
    rmlog("add", "Bob")
    for day in ("2025-06-01", "2025-12-01", "2026-01-05", "2026-02-01", "2026-02-15", "2026-03-01"):
        rmlog("log", "alice", "-m", f"coffee, fundraising update: seed round on {day}", "--when", day)
    for day in ("2026-01-10", "2026-02-10", "2026-03-02"):
        rmlog("log", "bob", "-m", "coffee and a walk", "--when", day)
    rmlog("log", "alice", "bob", "-m", "coffee; deck review\nslides\nnumbers\npricing", "--kind", "call")
    rmlog("promise", "alice", "send the deck", "--due", "fri")
    rmlog("promise", "alice", "intro to Carol", "--theirs")
    rmlog("gave", "alice", "intro to Dan", "--when", "2026-02-01")
    rmlog("got", "alice", "advice on hiring", "--when", "2025-05-01")


def test_brief_gathers_what_to_prepare_with(rmlog):
    journal(rmlog)
    doc = rmlog.json("brief", "ali")
    assert doc["person"]["handle"] == "alice-smith" and doc["person"]["needs"] == "intros to fintech investors"
    assert [(c["owner"], c["what"]) for c in doc["open_commitments"]] == [("me", "send the deck"),
                                                                         ("them", "intro to Carol")]
    assert (doc["exchanges"]["gave"], doc["exchanges"]["received"]) == (1, 1)
    talks = doc["conversations"]
    assert len(talks) == 5 and talks[0]["kind"] == "call" and talks[0]["with"] == ["bob"]
    assert [t["occurred_at"][:10] for t in talks[1:]] == ["2026-03-01", "2026-02-15", "2026-02-01", "2026-01-05"]
    assert [(u["what"], u["date"]) for u in doc["upcoming"]] == [("you promised: send the deck", "2026-03-13"),
                                                                 ("birthday", "2026-04-01")]
    words = [t["word"] for t in doc["topics"]]
    assert {"fundraising", "seed", "round", "update"} <= set(words[:4])
    assert "coffee" not in words[:4], "in every note of everyone: not distinctive"
    assert "on" not in words and "2026" not in words


def test_since_narrows_the_history(rmlog):
    journal(rmlog)
    doc = rmlog.json("brief", "alice", "--since", "2026-02-10")
    assert [t["occurred_at"][:10] for t in doc["conversations"]] == ["2026-03-10", "2026-03-01", "2026-02-15"]
    assert (doc["exchanges"]["gave"], doc["exchanges"]["received"]) == (0, 0)
    assert [t["word"] for t in doc["topics"]][:1] != [] and all(t["notes"] >= 2 for t in doc["topics"])
    assert len(doc["open_commitments"]) == 2, "open promises are open whatever the window"


def test_brief_reads_well_in_80_columns_and_escapes_text(rmlog):
    journal(rmlog)
    rmlog("log", "alice", "-m", "\x1b[2Jcleared [red]screen[/red] " + "long words " * 20)
    out = rmlog("brief", "alice", env={"COLUMNS": "80"}).stdout
    for heading in ("Alice Smith · network", "Needs:", "Open promises, both ways", "Given and received",
                    "Last 5 conversations", "Coming up", "Recurring topics"):
        assert heading in out
    assert "\\x1b[2Jcleared [red]screen[/red]" in out and "\x1b" not in out
    assert "… 1 more line" in out
    assert all(len(line) <= 80 for line in out.splitlines()), [line for line in out.splitlines() if len(line) > 80]


def test_a_new_person_and_an_unknown_one(rmlog):
    rmlog("add", "Carol")
    doc = rmlog.json("brief", "carol")
    assert doc["conversations"] == [] and doc["topics"] == [] and doc["upcoming"] == []
    assert "Carol · network" in rmlog("brief", "carol").stdout
    assert "zed" in rmlog.error("brief", "zed")
