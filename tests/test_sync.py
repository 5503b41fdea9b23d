"""rmlog sync: two devices merge both ways by uid, per field, deletes included (issue 16)."""

from __future__ import annotations

import json
import os

import pytest


@pytest.fixture
def devices(rmlog, tmp_path, monkeypatch):
    """Run rmlog on the laptop (the default journal) or the phone (another file)."""
    phone = tmp_path / "phone.db"

    def on(device: str, *args, clock: str | None = None, **kwargs):
        if clock:
            monkeypatch.setenv("RMLOG_NOW", clock)
        extra = ("--db", str(phone)) if device == "phone" else ()
        return rmlog(*args, *extra, **kwargs)

    on.phone = phone
    on.laptop = os.environ.get("RMLOG_DATABASE_URL") or os.environ["RMLOG_DB"]  # SQLite or PostgreSQL
    return on


def exported(devices, device: str) -> dict:
    path = devices.phone.parent / f"{device}.json"
    devices(device, "export", "-o", str(path))
    document = json.loads(path.read_text())
    document.pop("exported_at")
    return document


def sync(devices, *, clock: str) -> str:
    return devices("laptop", "sync", str(devices.phone), clock=clock).stdout


def test_two_devices_keep_every_edit_and_delete(devices):
    devices("laptop", "add", "Alice", "--tag", "vip", "--tag", "friend", clock="2026-03-01T09:00")
    devices("laptop", "log", "alice", "-m", "one", "--when", "2026-02-01")
    devices("laptop", "log", "alice", "-m", "two", "--when", "2026-02-02")
    assert "there people 1 written, interactions 2 written" in sync(devices, clock="2026-03-01T10:00")

    devices("laptop", "edit", "alice", "--company", "Acme", clock="2026-03-02T09:00")
    devices("laptop", "delete-log", "1", "--yes")
    devices("phone", "edit", "alice", "--role", "CTO", clock="2026-03-03T09:00")
    devices("phone", "edit", "alice", "--untag", "vip")
    devices("phone", "log", "alice", "-m", "three", "--when", "2026-03-03")

    sync(devices, clock="2026-03-04T09:00")
    assert sync(devices, clock="2026-03-04T09:05") == "Synced: here nothing; there nothing.\n"
    assert devices("phone", "sync", devices.laptop).stdout == (
        "Synced: here nothing; there nothing.\n"
    )
    assert exported(devices, "laptop") == exported(devices, "phone")
    for device in ("laptop", "phone"):  # each person's kept last contact followed the links
        checks = json.loads(devices(device, "doctor", "--json").stdout)["checks"]
        assert {c["name"]: c["ok"] for c in checks}["last contact"] is True
    alice = devices("laptop", "show", "alice", "--json").stdout
    alice = json.loads(alice)
    assert (alice["company"], alice["role"], alice["tags"]) == ("Acme", "CTO", ["friend"])
    assert [i["notes"] for i in alice["recent_interactions"]] == ["three", "two"]


def test_a_tombstone_beats_an_older_update_but_not_a_newer_one(devices):
    devices("laptop", "add", "Bob", clock="2026-03-01T09:00")
    devices("laptop", "log", "bob", "-m", "kept", "--when", "2026-02-01")
    devices("laptop", "log", "bob", "-m", "gone", "--when", "2026-02-02")
    sync(devices, clock="2026-03-01T10:00")
    devices("phone", "edit-log", "2", "-m", "gone, edited first", clock="2026-03-02T09:00")
    devices("laptop", "delete-log", "2", "--yes", clock="2026-03-03T09:00")
    devices("laptop", "delete-log", "1", "--yes", clock="2026-03-03T09:00")
    devices("phone", "edit-log", "1", "-m", "kept, edited after the delete", clock="2026-03-04T09:00")
    sync(devices, clock="2026-03-05T09:00")
    for device in ("laptop", "phone"):
        notes = [i["notes"] for i in json.loads(devices(device, "interactions", "--json").stdout)]
        assert notes == ["kept, edited after the delete"]


def test_handles_are_local_and_people_link_by_uid(devices):
    devices("laptop", "add", "Dana Same", clock="2026-03-01T09:00")
    devices("phone", "add", "Dana Same", "--company", "Other Co")
    devices("phone", "log", "dana", "-m", "phone's dana")
    sync(devices, clock="2026-03-01T10:00")
    for device in ("laptop", "phone"):
        people = json.loads(devices(device, "people", "--json").stdout)
        assert sorted(p["handle"] for p in people) == ["dana-same", "dana-same-2"]
    laptop = {p["uid"]: p for p in json.loads(devices("laptop", "people", "--json").stdout)}
    phone = {p["uid"]: p for p in json.loads(devices("phone", "people", "--json").stdout)}
    assert laptop.keys() == phone.keys()
    other = next(uid for uid, p in phone.items() if p["company"] == "Other Co")
    assert (phone[other]["handle"], laptop[other]["handle"]) == ("dana-same", "dana-same-2")
    assert laptop[other]["company"] == "Other Co"


def test_sync_dry_run_changes_nothing_and_a_journal_cannot_sync_with_itself(devices):
    devices("laptop", "add", "Eve", clock="2026-03-01T09:00")
    out = devices("laptop", "sync", str(devices.phone), "--dry-run", "--json").stdout
    assert json.loads(out) == {"dry_run": True, "here": {}, "there": {"people": {"written": 1, "deleted": 0}}}
    assert json.loads(devices("phone", "people", "--json").stdout) == []
    assert "is this journal itself" in devices("laptop", "sync", devices.laptop, code=2).stderr


def test_before_image_times_are_read_from_either_store():
    """SQLite's text and PostgreSQL's JSON, which drops a fraction's trailing zeros."""
    from datetime import datetime, timezone

    from rmlog.store.models import person
    from rmlog.store.sync import _typed

    created = person.c.created_at
    assert _typed(created, "2026-03-10 09:00:00.500000") == datetime(2026, 3, 10, 9, 0, 0, 500000, tzinfo=timezone.utc)
    assert _typed(created, "2026-03-10T10:00:00.5+01:00") == datetime(2026, 3, 10, 9, 0, 0, 500000, tzinfo=timezone.utc)
