"""rmlog search: the full-text index over notes, promises and people, its queries, its
ranking, and that every write (log, edit-log, delete-log, undo) shows at once."""

import pytest

from rmlog.store.search import Term, parse, weight

SEED = "raising a seed round, wants intros to fintech investors"


def notes(doc) -> list[str]:
    return [i["notes"] for i in doc["interactions"]]


def test_search_finds_every_kind_of_text(rmlog):
    rmlog("add", "Alice Smith", "--needs", "ML hires", "--alias", "Ace")
    rmlog("add", "Bob", "--offers", "intros to ML people")
    rmlog("log", "bob", "-m", "talked about ml ops", "--when", "yesterday")
    rmlog("log", "alice", "-m", "ML reading group")
    rmlog("promise", "alice", "send ML paper")
    doc = rmlog.json("search", "ml")
    assert sorted((p["handle"], p["matched"]) for p in doc["people"]) == [("alice-smith", "needs"), ("bob", "offers")]
    assert notes(doc) == ["ML reading group", "talked about ml ops"]
    assert doc["interactions"][0]["people"] == ["alice-smith"]
    assert doc["interactions"][0]["names"] == ["Alice Smith"]
    assert [c["what"] for c in doc["commitments"]] == ["send ML paper"]
    assert [(p["handle"], p["matched"]) for p in rmlog.json("search", "ace")["people"]] == [("alice-smith", "aliases")]


def test_words_in_any_order_accents_and_case_are_ignored(rmlog):
    rmlog("add", "Élodie Müller", "--company", "ÜBER GmbH")
    rmlog("add", "Bob")
    rmlog("log", "bob", "-m", SEED)
    rmlog("log", "bob", "-m", "Kaffee im Café Zürich with Müller's team")
    rmlog("promise", "bob", "ÇA VA letter")
    assert notes(rmlog.json("search", "investors seed")) == [SEED]
    assert notes(rmlog.json("search", "INVESTORS Seed")) == [SEED]
    assert notes(rmlog.json("search", "zurich cafe")) == ["Kaffee im Café Zürich with Müller's team"]
    assert [p["handle"] for p in rmlog.json("search", "muller")["people"]] == ["elodie-muller"]
    assert [p["matched"] for p in rmlog.json("search", "uber")["people"]] == ["company"]
    assert [c["what"] for c in rmlog.json("search", "ca va")["commitments"]] == ["ÇA VA letter"]
    assert notes(rmlog.json("search", "investors zurich")) == []


def test_phrases_prefixes_and_exclusions(rmlog):
    rmlog("add", "Bob")
    rmlog("log", "bob", "-m", SEED, "--when", "2026-03-01")
    rmlog("log", "bob", "-m", "a round of golf, then seed ideas", "--when", "2026-03-02")
    rmlog("log", "bob", "-m", "angel seed round closed", "--when", "2026-03-03")
    assert notes(rmlog.json("search", '"seed round"')) == ["angel seed round closed", SEED]
    assert notes(rmlog.json("search", '"seed round" -angel')) == [SEED]
    assert notes(rmlog.json("search", "invest*")) == [SEED]
    assert notes(rmlog.json("search", "invest")) == [SEED], "the last word is a prefix as one types"
    assert notes(rmlog.json("search", '"invest"')) == [], "a quoted word is whole"
    assert notes(rmlog.json("search", "invest golf")) == [], "only the last word is a prefix"
    assert len(rmlog.json("search", "round seed")["interactions"]) == 3


@pytest.mark.parametrize("query", ['"seed round', "seed^ (round:", "NEAR(seed round)", "seed AND round OR",
                                   "seed -", 'seed -"', "seed*round", "{seed} + round"])
def test_malformed_queries_are_plain_words(rmlog, query):
    rmlog("add", "Bob")
    rmlog("log", "bob", "-m", "seed round near and or")
    rmlog("log", "bob", "-m", "nothing here")
    assert notes(rmlog.json("search", query)) == ["seed round near and or"]


def test_queries_become_quoted_terms():
    assert parse('"seed round" -angel invest').include == (Term(("seed", "round")), Term(("invest",), True))
    assert parse('"seed round" -angel invest').fts() == '("seed round" "invest"*) NOT "angel"'
    assert parse("a:b^ OR").fts() == '"a" "b" "OR"*'
    assert parse("deck ").fts() == '"deck"', "a space after the last word: it is whole"
    assert parse("seed -angel").tsquery() == "('seed') & !('angel')"
    assert parse('"seed round" inv').tsquery() == "('seed' <-> 'round') & ('inv':*)"
    assert parse("_ ^ :").include == ()


def test_nothing_to_search_for(rmlog):
    rmlog("add", "Alice", "--notes", "100% committed")
    assert rmlog("search", "zebra").stdout == "Nothing matches 'zebra'.\n"
    assert rmlog("search", "_").stdout == "Nothing matches '_'.\n"
    assert "needs some text" in rmlog.error("search", "  ")
    assert "besides the -excluded" in rmlog.error("search", "--", "-committed")


def test_recent_before_old_and_strong_before_weak(rmlog):
    rmlog("add", "Bob")
    rmlog("log", "bob", "-m", "pitch deck review", "--when", "2021-03-01")
    rmlog("log", "bob", "-m", "pitch deck review", "--when", "2026-02-20")
    rmlog("log", "bob", "-m", "deck " + "and many other words that dilute the match " * 6, "--when", "2026-03-01")
    rmlog("log", "bob", "-m", "deck deck", "--when", "2026-03-01")
    doc = rmlog.json("search", "deck")
    dates = [(i["occurred_at"][:10], i["notes"][:10]) for i in doc["interactions"]]
    assert dates == [("2026-03-01", "deck deck"), ("2026-02-20", "pitch deck"),  # newer but diluted: below
                     ("2026-03-01", "deck and m"), ("2021-03-01", "pitch deck")]  # five years: last
    ranks = [i["rank"] for i in doc["interactions"]]
    assert ranks == sorted(ranks, reverse=True)
    assert weight(0) == 1 and weight(30) == 0.5 and weight(-5) == 1


def test_filters_person_since_kind_and_section(rmlog):
    rmlog("add", "Alice")
    rmlog("add", "Bob", "--needs", "deck feedback")
    rmlog("log", "alice", "-m", "deck feedback", "--kind", "call", "--when", "2026-03-01")
    rmlog("log", "bob", "-m", "deck draft", "--kind", "meal", "--when", "2025-06-01")
    rmlog("promise", "bob", "send the deck")
    assert notes(rmlog.json("search", "deck", "--person", "bob")) == ["deck draft"]
    assert notes(rmlog.json("search", "deck", "--since", "90d")) == ["deck feedback"]
    assert notes(rmlog.json("search", "deck", "--kind", "meal")) == ["deck draft"]
    by_kind = rmlog.json("search", "deck", "--kind", "meal")
    assert by_kind["people"] == [] and by_kind["commitments"] == []
    only_promises = rmlog.json("search", "deck", "--in", "promises")
    assert only_promises["interactions"] == [] and only_promises["people"] == []
    assert [c["what"] for c in only_promises["commitments"]] == ["send the deck"]
    assert [p["handle"] for p in rmlog.json("search", "deck", "--in", "people")["people"]] == ["bob"]
    assert rmlog.json("search", "deck", "--person", "alice")["commitments"] == []
    assert "zed" in rmlog.error("search", "deck", "--person", "zed")


def test_json_carries_snippet_rank_ids_and_people(rmlog):
    rmlog("add", "Alice Smith")
    long_note = "We met at the conference. " * 5 + SEED + ". Then lunch and more talk about the weather, the kids and the trip."
    rmlog("log", "alice", "-m", long_note)
    hit = rmlog.json("search", "fintech")["interactions"][0]
    assert hit["id"] == 1 and hit["people"] == ["alice-smith"] and hit["names"] == ["Alice Smith"]
    assert hit["snippet"].startswith("…") and hit["snippet"].endswith("…") and "fintech" in hit["snippet"]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["fintech"]
    assert hit["rank"] > 0 and hit["relevance"] > 0 and hit["kind"] == "meeting"


def test_human_output_shows_names_ids_and_highlights_and_escapes(rmlog):
    rmlog("add", "Alice Smith")
    rmlog("log", "alice", "-m", "coffee \x1b[31m[bold]Müller[/bold] \u202eknows fintech")
    plain = rmlog("search", "muller").stdout
    assert "#1" in plain and "Alice Smith" in plain
    assert "\\x1b[31m[bold]Müller[/bold] \\u202eknows" in plain and "\x1b" not in plain
    coloured = rmlog("search", "muller", env={"TTY_COMPATIBLE": "1", "FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;33mMüller\x1b[0m" in coloured and "\x1b[31m" not in coloured
    assert all(len(line) <= 80 for line in rmlog("search", "muller", env={"COLUMNS": "80"}).stdout.splitlines())


def test_edits_deletes_and_undo_show_at_once(rmlog):
    rmlog("add", "Bob")
    rmlog("log", "bob", "-m", "talked about the zeppelin museum")
    assert notes(rmlog.json("search", "zeppelin"))
    rmlog("undo")
    assert notes(rmlog.json("search", "zeppelin")) == []
    logged = rmlog.json("search", "zeppelin")["interactions"]
    assert logged == [], "undone"
    rmlog("log", "bob", "-m", "talked about the zeppelin museum")
    number = str(rmlog.json("search", "zeppelin")["interactions"][0]["id"])
    rmlog("edit-log", number, "-m", "talked about the airship museum")
    assert notes(rmlog.json("search", "zeppelin")) == []
    assert notes(rmlog.json("search", "airship")) == ["talked about the airship museum"]
    rmlog("undo")
    assert notes(rmlog.json("search", "zeppelin")) == ["talked about the zeppelin museum"]
    rmlog("delete-log", number, "--yes")
    assert notes(rmlog.json("search", "museum")) == []
    rmlog("undo")
    assert notes(rmlog.json("search", "museum")) == ["talked about the zeppelin museum"]
    rmlog("edit", "bob", "--name", "Robert Zeppelin")
    assert [p["name"] for p in rmlog.json("search", "zeppelin")["people"]] == ["Robert Zeppelin"]
    rmlog("undo")
    assert rmlog.json("search", "zeppelin")["people"] == []


def test_the_operation_log_records_only_journal_tables(rmlog):
    rmlog("add", "Bob", "--alias", "Bobby")
    rmlog("log", "bob", "-m", "seed")
    tables = {t for (t,) in rmlog.sql("select distinct tbl from rmlog_change")}
    assert tables == {"person", "person_alias", "interaction", "interaction_person"}


def test_doctor_checks_and_rebuilds_the_index(rmlog, backend):
    rmlog("add", "Bob", "--needs", "a zeppelin")
    rmlog("log", "bob", "-m", "zeppelin ride")
    assert {c["name"]: c["ok"] for c in rmlog.json("doctor")["checks"]}["search index"] is True
    if backend.name == "sqlite":
        rmlog.sql("delete from rmlog_search_person")
    else:
        rmlog.sql("alter table interaction drop column search_vector")
    result = rmlog("doctor", "--json", code=3)
    assert '"search index"' in result.stdout and "doctor --rebuild" in result.stdout
    rmlog("doctor", "--rebuild-search")
    assert [p["handle"] for p in rmlog.json("search", "zeppelin")["people"]] == ["bob"]
    assert notes(rmlog.json("search", "zeppelin")) == ["zeppelin ride"]
    assert {c["name"]: c["ok"] for c in rmlog.json("doctor")["checks"]}["search index"] is True


@pytest.mark.sqlite_only
def test_the_migration_indexes_an_existing_journal(rmlog, db_path):
    import sqlite3

    rmlog("add", "Élodie Müller", "--alias", "Elo")
    rmlog("log", "elodie-muller", "-m", SEED)
    with sqlite3.connect(db_path) as conn:  # as a journal from before the index
        for name, in conn.execute("select name from sqlite_master where type = 'trigger' and name like 'rmlog_search%'"):
            conn.execute(f"drop trigger {name}")
        for table in ("rmlog_search_note_terms", "rmlog_search_promise_terms", "rmlog_search_note", "rmlog_search_promise", "rmlog_search_person"):
            conn.execute(f"drop table {table}")
        conn.execute("drop index ix_commitment_created_at")
        conn.execute("delete from rmlog_migration where name = 'm009_search_index'")
    assert notes(rmlog.json("search", "investors seed")) == [SEED]
    assert [p["handle"] for p in rmlog.json("search", "elo")["people"]] == ["elodie-muller"]
    assert {c["name"]: c["ok"] for c in rmlog.json("doctor")["checks"]}["search index"] is True


def test_sync_shows_in_search_on_both_sides(rmlog, tmp_path, monkeypatch):
    phone = tmp_path / "phone.db"
    rmlog("add", "Alice")
    rmlog("log", "alice", "-m", "laptop talk about the zeppelin")
    rmlog("add", "Bob", "--db", str(phone))
    rmlog("log", "bob", "-m", "phone talk about the airship", "--db", str(phone))
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T10:00:00")
    rmlog("sync", str(phone))
    assert notes(rmlog.json("search", "airship")) == ["phone talk about the airship"]
    assert notes(rmlog.json("search", "zeppelin", "--db", str(phone))) == ["laptop talk about the zeppelin"]
    rmlog("edit-log", str(rmlog.json("search", "zeppelin")["interactions"][0]["id"]), "-m", "laptop talk, blimp")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T11:00:00")
    rmlog("sync", str(phone))
    assert notes(rmlog.json("search", "zeppelin", "--db", str(phone))) == []
    assert notes(rmlog.json("search", "blimp", "--db", str(phone))) == ["laptop talk, blimp"]


@pytest.mark.sqlite_only
def test_building_the_index_reports_progress(rmlog, db_path, monkeypatch):
    from sqlalchemy import create_engine

    from rmlog.store import fulltext

    rmlog("add", "Bob")
    for day in range(1, 8):
        rmlog("log", "bob", "-m", f"note {day}", "--when", f"2026-03-0{day}")
    monkeypatch.setattr(fulltext, "BATCH", 2)
    seen = []
    with create_engine(f"sqlite:///{db_path}").begin() as conn:
        fulltext.rebuild(conn, lambda done, total: seen.append((done, total)))
    assert seen == sorted(seen) and len(seen) > 3 and seen[-1] == (7 + 1, 7 + 1)
    assert notes(rmlog.json("search", "note")) == [f"note {d}" for d in range(7, 0, -1)]
