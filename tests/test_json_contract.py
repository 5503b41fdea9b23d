"""The --json shapes are a promise to scripts: this pins every command's keys.

Changing a shape must be deliberate: update SHAPES and the README's Scripting section together.
"""

import pytest

PERSON = ["aliases", "archived_at", "birthday", "cadence_days", "cadence_max_days", "circle", "company", "created_at",
          "days_since", "emails", "handle", "how_met", "id", "last_contact", "name", "needs", "notes",
          "offers", "phones", "role", "snoozed_until", "tags", "uid"]
DUE_PERSON = ["cadence_days", "circle", "days_overdue", "days_since", "drifting", "handle", "last_contact",
              "last_note", "name", "urgency"]
BALANCE = ["circle", "flags", "gave", "give_ratio", "handle", "initiated_by_me", "initiated_by_them",
           "initiation_share", "interactions", "name", "net", "received"]
INTERACTION = ["id", "initiated_by", "kind", "notes", "occurred_at", "sentiment", "uid", "with"]

SHAPES = {
    ("people",): {"[]": PERSON},
    ("show", "alice"): {
        "": sorted(PERSON + ["balance", "due", "exchanges", "moves", "open_commitments", "recent_interactions",
                             "reliability", "status"]),
        "moves[]": ["at", "from", "to", "why"],
        "exchanges[]": ["direction", "id", "kind", "occurred_at", "person", "uid", "weight", "what"],
        "balance": BALANCE,
        "status": DUE_PERSON,
        "open_commitments[]": ["due_at", "id", "owner", "what"],
        "recent_interactions[]": INTERACTION,
        "reliability": ["mine", "theirs"],
        "reliability.mine": ["kept", "owner", "ratio", "total"],
    },
    ("due", "--within", "30d"): {
        "": ["birthdays", "commitments", "more", "now", "people", "schema"],
        "people[]": DUE_PERSON,
        "commitments[]": ["due_at", "id", "overdue", "owner", "person", "person_name", "what"],
        "birthdays[]": ["age", "date", "days_until", "handle", "name"],
    },
    ("balance",): {"": ["people", "schema", "since"], "people[]": BALANCE},
    ("review", "--since", "90d"): {
        "": ["draining", "drifted", "interactions", "new_people", "not_seen_2x", "now", "one_sided",
             "people_touched", "promises_mine", "promises_theirs", "reliability_mine", "reliability_theirs", "schema",
             "since", "warning_signs"],
        "draining[]": ["drain", "handle", "name", "reasons"],
        "promises_mine": ["broken", "kept", "open", "overdue", "owner"],
        "new_people[]": ["circle", "created_at", "handle", "name"],
        "drifted[]": DUE_PERSON,
        "one_sided[]": BALANCE,
        "warning_signs[]": ["first_at", "handle", "last_at", "name", "negatives", "ongoing"],
    },
    ("plan",): {
        "": ["give_first", "now", "people", "schema"],
        "give_first[]": ["handle", "kind", "name", "offer", "why"],
        "people[]": ["cadence_days", "circle", "days_since", "gave", "handle", "my_promises", "name", "needs",
                     "next_step", "offers", "owe", "received", "recent_received", "urgency"],
        "people[].my_promises[]": ["due_at", "id", "overdue", "what"],
        "people[].recent_received[]": ["kind", "occurred_at", "weight", "what"],
    },
    ("search", "deck"): {
        "": ["commitments", "interactions", "people", "query", "schema"],
        "interactions[]": ["id", "kind", "notes", "occurred_at", "people"],
        "commitments[]": ["due_at", "id", "owner", "person", "status", "what"],
    },
    ("commitments",): {"[]": ["done_at", "due_at", "id", "overdue", "owner", "person", "status", "what"]},
    ("prompt",): {"": ["birthdays", "overdue", "people", "promises", "schema", "total"]},
    ("config",): {"": ["capacity", "circles", "maximum", "me", "offers", "path", "reset", "tags"],
                  "maximum": ["circles", "tags"]},
    ("circles",): {
        "": ["circles", "misfits", "moves", "now", "schema"],
        "circles[]": ["capacity", "circle", "over", "size"],
        "misfits[]": ["circle", "handle", "name", "why"],
        "moves[]": ["from_circle", "handle", "name", "to_circle", "why"],
    },
    ("review", "--weekly"): {
        "": ["items", "now", "schema"],
        "items[]": ["answers", "commitment_id", "handle", "kind", "name", "offer", "text", "to_circle"],
    },
    ("doctor",): {"": ["checks", "ok", "path"], "checks[]": ["detail", "name", "ok"]},
    ("history",): {"[]": ["at", "changes", "command", "id", "kind", "undoes", "undone_by"],
                   "[].changes.person": ["added", "changed", "removed"]},
    ("interactions", "alice"): {"[]": INTERACTION},
    ("undo", "--dry-run"): {"": ["dry_run", "undone"],
                            "undone": ["at", "changes", "command", "id", "kind", "undoes", "undone_by"]},
}


@pytest.fixture
def journal(rmlog, monkeypatch, tmp_path):
    monkeypatch.setenv("RMLOG_NOW", "2026-01-01T09:00")
    rmlog("add", "Alice", "--circle", "inner", "--birthday", "1990-03-20", "--needs", "deck feedback")
    rmlog("add", "Bob", "--needs", "a deck review")
    rmlog("move", "alice", "core", "--why", "closer now")
    rmlog("move", "alice", "inner", "--why", "even closer")
    for mood in ("1", "-1", "-2", "-1"):
        rmlog("log", "alice", "-m", "deck review", f"--mood={mood}", "--by", "me", "--when", "2025-12-30")
    rmlog("log", "alice", "bob", "-m", "deck", "--promise", "send deck", "--due", "2026-01-05",
          "--got", "advice", "--got", "help", "--got", "time")
    for day in range(1, 10):
        rmlog("log", "bob", "-m", "standup", "--when", f"2025-12-{day:02}")
    rmlog("gave", "alice", "deck help", "--weight", "3", "--when", "2025-12-30")
    monkeypatch.setenv("RMLOG_NOW", "2026-03-10T09:00")
    rmlog("add", "Carol")
    monkeypatch.setenv("RMLOG_CONFIG", str(tmp_path / "rmlog.toml"))
    rmlog("config", "--offers", "deck reviews")
    return rmlog


def pick(document, path: str):
    """Follow 'a[].b' into the first element of each list."""
    node = document
    for part in filter(None, path.split(".")):
        key, is_list = part.removesuffix("[]"), part.endswith("[]")
        node = node[key] if key else node
        if is_list:
            assert node, f"{path}: empty list, the fixture must fill it"
            node = node[0]
    return node


@pytest.mark.parametrize("args", list(SHAPES), ids=lambda args: " ".join(args))
def test_json_keys_are_pinned(journal, args):
    document = journal.json(*args)
    for path, keys in SHAPES[args].items():
        assert sorted(pick(document, path)) == sorted(keys), path


def test_write_commands_print_the_object(rmlog):
    assert rmlog.json("add", "Dan")["handle"] == "dan"
    assert rmlog.json("edit", "dan", "--role", "CEO")["role"] == "CEO"
    assert set(rmlog.json("log", "dan")) == {"commitments", "exchanges", "id", "initiated_by", "kind", "notes",
                                            "occurred_at", "people", "sentiment", "uid"}
    assert rmlog.json("promise", "dan", "x")["status"] == "open"
    assert rmlog.json("gave", "dan", "y")["direction"] == "gave"
    assert rmlog.json("snooze", "dan", "--until", "3d")["handle"] == "dan"
    assert rmlog.json("archive", "dan")["archived_at"] is not None
    logged = rmlog.json("log", "dan", "--gave", "z", "--promise", "w")
    assert set(rmlog.json("edit-log", str(logged["id"]), "-m", "fixed")) == {
        "id", "initiated_by", "kind", "notes", "occurred_at", "sentiment", "uid", "with"}
    exchange, commitment = logged["exchanges"][0]["id"], logged["commitments"][0]["id"]
    assert rmlog.json("edit-exchange", str(exchange), "--weight", "2")["weight"] == 2
    assert rmlog.json("edit-promise", str(commitment), "--no-due")["due_at"] is None
    assert rmlog.json("reopen", str(rmlog.json("done", str(commitment))["id"]))["status"] == "open"
    assert rmlog.json("delete-exchange", str(exchange), "--yes") == {"deleted": {"exchange": exchange}}
    assert rmlog.json("delete-log", str(logged["id"]), "--yes") == {"deleted": {"interaction": logged["id"]}}
    assert rmlog.json("unsnooze", "dan") == {"handle": "dan", "snoozed_until": None}


def test_import_and_sync_documents(rmlog, tmp_path, shared_vdir):
    from pathlib import Path

    calendar = Path(__file__).parent / "io" / "fixtures" / "calendar" / "google.ics"
    rmlog("add", "Dana", "--email", "dana.scully@example.org")
    document = rmlog.json("import", str(calendar))
    assert sorted(document) == ["added", "dry_run", "meetings", "skipped", "unchanged", "unmatched", "updated"]
    assert sorted(document["added"]) == ["interactions", "people"]
    assert sorted(document["meetings"][0]) == ["initiated_by", "kind", "notes", "occurred_at", "source", "with"]
    assert sorted(document["unmatched"][0]) == ["email", "meetings", "name"]
    shared_vdir(tmp_path / "book")
    document = rmlog.json("contacts", "sync", str(tmp_path / "book"))
    assert sorted(document) == ["added", "cards", "dry_run", "skipped", "unchanged", "updated", "written"]
    assert sorted(document["cards"][0]) == ["action", "handle", "path", "rmlog_only"]
    assert sorted(document["skipped"][0]) == ["path", "reason"]
