"""rmlog search over names, aliases, needs, notes and commitments."""


def test_search_finds_every_kind_of_text(rmlog):
    rmlog("add", "Alice Smith", "--needs", "ML hires", "--alias", "Ace")
    rmlog("add", "Bob", "--offers", "intros to ML people")
    rmlog("log", "bob", "-m", "talked about ml ops", "--when", "yesterday")
    rmlog("log", "alice", "-m", "ML reading group")
    rmlog("promise", "alice", "send ML paper")
    doc = rmlog.json("search", "ml")
    assert [(p["handle"], p["matched"]) for p in doc["people"]] == [("alice-smith", "needs"), ("bob", "offers")]
    assert [i["notes"] for i in doc["interactions"]] == ["ML reading group", "talked about ml ops"]
    assert doc["interactions"][0]["people"] == ["alice-smith"]
    assert [c["what"] for c in doc["commitments"]] == ["send ML paper"]
    assert [p["handle"] for p in rmlog.json("search", "ace")["people"]] == ["alice-smith"]


def test_search_treats_wildcards_literally(rmlog):
    rmlog("add", "Alice", "--notes", "100% committed")
    rmlog("add", "Bob", "--notes", "1000 things")
    assert [p["handle"] for p in rmlog.json("search", "0%")["people"]] == ["alice"]
    assert rmlog.json("search", "_")["people"] == []


def test_search_human_output_and_nothing_found(rmlog):
    rmlog("add", "Alice", "--needs", "a CFO")
    assert "Alice   needs" in rmlog("search", "cfo").stdout
    assert rmlog("search", "zebra").stdout == "Nothing matches 'zebra'.\n"
    assert "needs some text" in rmlog.error("search", "  ")


def test_search_folds_case_beyond_ascii(rmlog):
    rmlog("add", "Élodie Müller", "--company", "ÜBER GmbH")
    rmlog("add", "Bob")
    rmlog("log", "bob", "-m", "Kaffee im Café Zürich")
    rmlog("promise", "bob", "ÇA VA letter")
    assert [p["handle"] for p in rmlog.json("search", "élodie")["people"]] == ["elodie-muller"]
    assert [p["matched"] for p in rmlog.json("search", "über")["people"]] == ["company"]
    assert [p["handle"] for p in rmlog.json("search", "MÜLLER")["people"]] == ["elodie-muller"]
    assert [i["notes"] for i in rmlog.json("search", "ZÜRICH")["interactions"]] == ["Kaffee im Café Zürich"]
    assert [c["what"] for c in rmlog.json("search", "ça va")["commitments"]] == ["ÇA VA letter"]
    assert rmlog.json("search", "zurich")["interactions"] == []
