"""The --json shapes are a promise to scripts. The read commands' keys are pinned by the
generated docs/reference/json.md (python -m rmlog.reference); the write commands' here."""


def test_the_documented_contract_holds_on_this_backend(rmlog):
    """docs/reference/json.md is generated on SQLite (tests/test_reference.py); every read
    command prints the same keys on this backend too."""
    from rmlog import reference

    shapes = reference.json_shapes_of(lambda *words: rmlog(*words).stdout)
    assert reference.json_markdown(shapes) == (reference.ROOT / "docs/reference/json.md").read_text()


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
    assert sorted(document) == ["added", "dry_run", "left_out", "meetings", "series", "skipped",
                                "unchanged", "unmatched", "updated", "warnings"]
    assert sorted(document["added"]) == ["interactions", "people"]
    assert sorted(document["meetings"][0]) == ["initiated_by", "kind", "notes", "occurred_at", "source", "with"]
    assert sorted(document["unmatched"][0]) == ["email", "meetings", "name"]
    shared_vdir(tmp_path / "book")
    document = rmlog.json("contacts", "sync", str(tmp_path / "book"))
    assert sorted(document) == ["added", "cards", "dry_run", "skipped", "unchanged", "unwritable", "updated",
                                "written"]
    assert sorted(document["cards"][0]) == ["action", "handle", "path", "rmlog_only"]
    assert sorted(document["skipped"][0]) == ["path", "reason"]
