"""Duplicates found (dedupe) and merged (merge), and a merge undone exactly."""

from __future__ import annotations

import json

import pytest

from tests.test_sync import devices  # noqa: F401  (fixture)
from tests.test_undo import rows


@pytest.fixture
def twins(rmlog, monkeypatch):
    """Dana twice, as a vCard and a calendar import would make her, each with some history."""
    monkeypatch.setenv("RMLOG_NOW", "2026-01-01T09:00")
    rmlog("add", "Dana Scully", "--circle", "inner", "--email", "DANA@example.org", "--phone", "+44 20 7946 0958",
          "--tag", "fbi", "--alias", "Starbuck")
    rmlog("add", "Dána Scully", "--email", "dana@EXAMPLE.org", "--email", "d.scully@home.example",
          "--phone", "020 7946 0958", "--tag", "friend", "--tag", "fbi", "--alias", "DS", "--company", "FBI",
          "--birthday", "1964-02-23", "--cadence", "14d")
    rmlog("move", "dana-scully-2", "core", "--why", "closer now")
    rmlog("add", "Fox Mulder")
    monkeypatch.setenv("RMLOG_NOW", "2026-02-01T09:00")
    rmlog("log", "dana-scully", "-m", "lunch")
    rmlog("log", "dana-scully-2", "fox-mulder", "-m", "case review", "--when", "2026-01-20 10:00")
    rmlog("log", "dana-scully", "dana-scully-2", "-m", "both of her", "--when", "2026-01-25 10:00")
    rmlog("gave", "dana-scully-2", "an intro")
    rmlog("promise", "dana-scully-2", "send the file")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00")
    return rmlog


def test_dedupe_names_the_reasons_and_the_command(twins):
    rmlog = twins
    rmlog("add", "Jon Smith")
    rmlog("add", "John Smith")
    rmlog("add", "Walter Skinner", "--alias", "AD Skinner")
    rmlog("add", "AD Skinner")
    rmlog("add", "Bo")
    rmlog("add", "Bob")
    found = rmlog.json("dedupe")
    assert [(d["keep"], d["other"], d["reasons"]) for d in found] == [
        ("dana-scully", "dana-scully-2",
         ["same email DANA@example.org", "same phone +44 20 7946 0958", "same name in other letters"]),
        ("jon-smith", "john-smith", ["close name (95%)"]),
        ("walter-skinner", "ad-skinner", ["a name is the other's alias"]),
    ]
    assert found[0]["command"] == "rmlog merge dana-scully dana-scully-2"
    shown = rmlog("dedupe").stdout
    assert "Dana Scully (dana-scully) and Dána Scully (dana-scully-2): same email" in shown
    assert "  rmlog merge jon-smith john-smith\n" in shown
    assert shown.endswith("3 likely duplicates; merge keeps the first person and deletes the second "
                          "(rmlog undo reverts it).\n")



def test_the_use_case_gives_the_pairs_the_command_prints(twins):
    from rmlog.app.dedupe import dedupe
    from rmlog.store.engine import open_store

    twins("add", "Jon Smith")
    twins("add", "John Smith")
    with open_store() as session:
        found = list(dedupe(session).json_items())
    assert [(d["keep"], d["other"], d["command"]) for d in found] == [
        ("dana-scully", "dana-scully-2", "rmlog merge dana-scully dana-scully-2"),
        ("jon-smith", "john-smith", "rmlog merge jon-smith john-smith"),
    ]
    assert found == twins.json("dedupe")

def test_no_duplicates(rmlog):
    rmlog("add", "Ann Lee")
    rmlog("add", "Dan Lee")
    assert rmlog("dedupe").stdout == "No likely duplicates.\n"
    assert rmlog.json("dedupe") == []


def test_merge_moves_everything_and_undo_brings_both_back_exactly(twins):
    rmlog = twins
    table, other = rows(rmlog), rmlog.json("show", "dana-scully-2")
    dry = rmlog("merge", "dana-scully", "dana-scully-2", "--dry-run").stdout
    assert dry.startswith("Dry run, nothing written. Would merge dana-scully-2 into dana-scully: 2 interactions;")
    assert rows(rmlog) == table

    done = rmlog.json("merge", "dana-scully", "dana-scully-2", "--yes")
    assert done["moved"] == {"interactions": 1, "shared_interactions": 1, "exchanges": 1, "commitments": 1,
                             "circle_moves": 1}
    assert done["added"] == {"tags": ["friend"], "aliases": ["Dána Scully", "DS"],
                             "emails": ["d.scully@home.example"], "phones": []}
    assert done["filled"] == ["company", "birthday", "cadence"]
    assert [p["handle"] for p in rmlog.json("people")] == ["dana-scully", "fox-mulder"]
    dana = rmlog.json("show", "dana-scully")
    filled = (dana["company"], dana["birthday"], dana["cadence_days"], dana["circle"])
    assert filled == ("FBI", "1964-02-23", 14, "inner")
    assert dana["emails"] == ["DANA@example.org", "d.scully@home.example"]
    assert sorted(dana["aliases"]) == ["DS", "Dána Scully", "Starbuck"] and dana["tags"] == ["fbi", "friend"]
    notes = [i["notes"] for i in rmlog.json("interactions", "dana-scully")]
    assert notes == ["lunch", "both of her", "case review"]
    assert [c["what"] for c in rmlog.json("commitments")] == ["send the file"]
    assert rmlog.json("show", "Dána Scully")["handle"] == "dana-scully"  # the old name resolves
    history = rmlog.json("history")
    assert len(history) == 10 and history[0]["command"].startswith("merge ")  # one operation

    assert "`merge dana-scully dana-scully-2 --yes --json`" in rmlog("undo").stdout
    assert rows(rmlog) == table
    assert rmlog.json("show", "dana-scully-2") == other


def test_merge_asks_first_and_refuses_without_a_terminal(twins):
    rmlog = twins
    table = rows(rmlog)
    refused = rmlog.error("merge", "dana-scully", "dana-scully-2")
    assert "not merging dana-scully-2 without --yes" in refused
    assert rows(rmlog) == table


def test_merge_needs_two_exact_people(twins):
    rmlog = twins
    assert "one person" in rmlog.error("merge", "dana-scully", "Starbuck", "--yes")
    assert rmlog.error("merge", "dana", "fox-mulder", "--yes")  # a prefix is refused
    assert rmlog.error("merge", "nobody", "fox-mulder", "--yes")


def test_a_merge_reaches_the_other_device_by_sync(twins, devices):
    """The phone had both Danas; after a merge on the laptop and a sync it has one, whole."""
    from tests.test_sync import exported, sync

    sync(devices, clock="2026-03-10T09:00")
    devices("laptop", "merge", "dana-scully", "dana-scully-2", "--yes", clock="2026-03-10T10:00")
    sync(devices, clock="2026-03-10T11:00")
    phone = devices("phone", "show", "dana-scully", "--json").stdout
    assert [p["handle"] for p in json.loads(devices("phone", "people", "--json").stdout)] == [
        "dana-scully", "fox-mulder"]
    assert '"company": "FBI"' in phone and '"both of her"' in phone
    laptop, phone = exported(devices, "laptop"), exported(devices, "phone")
    assert laptop.pop("moves") and not phone.pop("moves")  # circle moves are not synced yet
    for document in (laptop, phone):  # the phone numbers its rows in the order they arrived
        for section in document.values():
            if isinstance(section, list):
                section.sort(key=repr)
    assert laptop == phone
