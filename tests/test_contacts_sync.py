"""`rmlog contacts sync DIR`: a vdir of the real cards (shared/data/vcard, one card per file)
syncs in, rmlog's edits win over unchanged cards and, with --write, go back out."""

from __future__ import annotations

import os

import pytest

KHARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//khard//khard 0.19.1//EN\r\n"
    "UID:8f0b6a2c-6b1e-4a57-9d21-0c4e9f1b7a55\r\nFN:Dana Scully\r\nN:Scully;Dana;;;\r\n"
    "ORG:FBI;X-Files\r\nTITLE:Special Agent\r\nEMAIL;TYPE=HOME:dana.scully@example.org\r\n"
    "TEL;TYPE=CELL:+1 202 555 0143\r\nADR;TYPE=HOME:;;3170 W. 53 Rd.;Annapolis;MD;;USA\r\n"
    "X-SOCIALPROFILE;type=twitter:https://twitter.com/dscully\r\nEND:VCARD\r\n"
)


@pytest.fixture
def vdir(tmp_path, shared_vdir):
    folder = tmp_path / "contacts" / "default"
    shared_vdir(folder)
    (folder / "dana.vcf").write_text(KHARD, newline="")
    return folder


def people(rmlog) -> dict:
    return {p["handle"]: p for p in rmlog.json("people")}


def test_a_vdir_syncs_in_then_unchanged_cards_are_skipped(rmlog, vdir):
    rmlog("add", "Tim Howes", "--circle", "inner")  # an exact-name match keeps its circle
    dry = rmlog("contacts", "sync", str(vdir), "--dry-run")
    assert "Dry run, nothing written. Would sync 17 cards: 13 added, 1 updated" in dry.stdout
    assert rmlog.json("people")[0]["handle"] == "tim-howes" and len(rmlog.json("people")) == 1

    first = rmlog("contacts", "sync", str(vdir))
    assert "Synced 17 cards: 13 added, 1 updated, 0 unchanged, 3 duplicates." in first.stdout
    skipped = [line for line in first.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 2 and all("John_Doe_ANDROID" in line and "no name" in line for line in skipped)
    found = people(rmlog)
    assert len(found) == 14
    assert found["tim-howes"]["circle"] == "inner" and found["tim-howes"]["emails"] == ["howes@netscape.com"]
    assert found["frank-dawson"]["circle"] == "periphery"
    dana = found["dana-scully"]
    assert (dana["company"], dana["role"], dana["phones"]) == ("FBI", "Special Agent", ["+1 202 555 0143"])

    again = rmlog.json("contacts", "sync", str(vdir))
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 14)
    assert len(rmlog.json("history")) == 2  # the add and the first sync; the second changed nothing
    rmlog("undo")
    assert list(people(rmlog)) == ["tim-howes"]
    assert rmlog.json("contacts", "sync", str(vdir))["added"] == 13  # the card links went too


def test_an_rmlog_edit_wins_over_the_card_and_a_card_edit_comes_in(rmlog, vdir, monkeypatch):
    rmlog("contacts", "sync", str(vdir), "--circle", "network")
    assert people(rmlog)["dana-scully"]["circle"] == "network"
    monkeypatch.setenv("RMLOG_NOW", "2026-03-11T09:00")
    rmlog("edit", "dana-scully", "--role", "Director", "--phone", "+1 202 555 0100")
    card = vdir / "dana.vcf"
    card.write_text(KHARD.replace("TITLE:Special Agent", "TITLE:Agent").replace("ORG:FBI", "ORG:Georgetown"),
                    newline="")
    result = rmlog.json("contacts", "sync", str(vdir))
    assert result["updated"] == 1
    [entry] = [c for c in result["cards"] if c["handle"] == "dana-scully"]
    assert entry["action"] == "updated" and entry["rmlog_only"] == ["phones", "role"]
    dana = rmlog.json("show", "dana-scully")
    assert (dana["role"], dana["company"]) == ("Director", "Georgetown")  # rmlog's edit, the card's edit
    assert dana["phones"] == ["+1 202 555 0143", "+1 202 555 0100"]
    assert "TITLE:Agent" in card.read_text()  # never written without --write
    text = rmlog("contacts", "sync", str(vdir)).stdout
    assert "rmlog has changes the cards lack: dana-scully (phones, role); write them with --write" in text


def test_write_puts_rmlogs_values_into_the_cards_and_keeps_the_rest(rmlog, vdir, monkeypatch):
    rmlog("contacts", "sync", str(vdir))
    monkeypatch.setenv("RMLOG_NOW", "2026-03-11T09:00")
    rmlog("edit", "dana-scully", "--name", "Dana K. Scully", "--email", "dana@fbi.example",
          "--birthday", "1964-02-23")
    rmlog("edit", "frank-dawson", "--company", "Ünicorn")
    before = {path.name: path.read_bytes() for path in vdir.iterdir()}
    mode = os.stat(vdir / "dana.vcf").st_mode

    assert rmlog.json("contacts", "sync", str(vdir), "--write", "--dry-run")["written"] == 2  # would be
    assert {path.name: path.read_bytes() for path in vdir.iterdir()} == before

    result = rmlog.json("contacts", "sync", str(vdir), "--write")
    assert result["written"] == 2
    dana = (vdir / "dana.vcf").read_bytes().decode()
    assert "FN:Dana K. Scully\r\n" in dana and "N:Scully;Dana K.;;;\r\n" in dana
    assert "EMAIL:dana@fbi.example\r\n" in dana and "BDAY:1964-02-23\r\n" in dana
    for kept in ("PRODID:-//khard//khard 0.19.1//EN", "ADR;TYPE=HOME:;;3170 W. 53 Rd.;Annapolis;MD;;USA",
                 "X-SOCIALPROFILE;type=twitter:https://twitter.com/dscully", "ORG:FBI;X-Files",
                 "EMAIL;TYPE=HOME:dana.scully@example.org"):
        assert kept + "\r\n" in dana
    assert os.stat(vdir / "dana.vcf").st_mode == mode
    frank = next(path for path in vdir.iterdir() if path.name.startswith("rfc2426-example-1"))
    assert "ORG:Ünicorn" in frank.read_text(encoding="utf-8")
    assert "URL:http://home.earthlink.net/~fdawson" in frank.read_text(encoding="utf-8")
    changed = {name for name, data in before.items() if (vdir / name).read_bytes() != data}
    assert changed == {"dana.vcf", frank.name}
    assert not [name for name in os.listdir(vdir) if name.endswith(".tmp")]

    after = rmlog.json("contacts", "sync", str(vdir), "--write")
    assert (after["written"], after["updated"], after["unchanged"]) == (0, 0, 14)


def test_strict_stops_at_a_bad_card_and_writes_nothing(rmlog, vdir):
    message = rmlog.error("contacts", "sync", str(vdir), "--strict")
    assert "John_Doe_ANDROID-1.vcf: line 1: no name" in message
    assert rmlog.json("people") == []


def test_a_card_the_person_model_refuses_is_skipped_by_name(rmlog, tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "dana.vcf").write_text(KHARD, newline="")
    (folder / "bad.vcf").write_text(KHARD.replace("FN:Dana Scully", "FN:" + "x" * 600), newline="")
    result = rmlog("contacts", "sync", str(folder), "--circle", "core")
    assert "bad.vcf: name: " in result.stderr and "1 added" in result.stdout
    assert [(p["handle"], p["circle"]) for p in rmlog.json("people")] == [("dana-scully", "core")]
    assert "name: " in rmlog.error("contacts", "sync", str(folder), "--strict")


def test_not_a_vdir(rmlog, tmp_path):
    assert "no .vcf files" in rmlog.error("contacts", "sync", str(tmp_path))
    assert "does not exist" in rmlog.error("contacts", "sync", str(tmp_path / "nope"))


def test_import_circle_applies_to_the_people_it_adds_only(rmlog, tmp_path):
    rmlog("add", "Dana Scully", "--circle", "inner")
    card = tmp_path / "cards.vcf"
    card.write_text(KHARD + KHARD.replace("Dana Scully", "Fox Mulder").replace("8f0b", "9f0b")
                    .replace("dana.scully", "fox"), newline="")
    rmlog("import", str(card), "--circle", "periphery")
    assert {p["handle"]: p["circle"] for p in rmlog.json("people")} == {
        "dana-scully": "inner", "fox-mulder": "periphery"}
    table = tmp_path / "people.csv"
    table.write_text("name,circle\nAnn,\nBea,core\n")
    rmlog("import", str(table), "--circle", "periphery")
    circles = {p["handle"]: p["circle"] for p in rmlog.json("people")}
    assert (circles["ann"], circles["bea"]) == ("periphery", "core")


def test_a_card_rmlog_cannot_write_is_skipped_with_a_warning_every_run(rmlog, vdir, tmp_path):
    for nameless in vdir.glob("John_Doe_ANDROID-*"):
        nameless.unlink()  # cards --strict stops at
    elsewhere = tmp_path / "elsewhere.vcf"
    frank = next(path for path in vdir.iterdir() if path.name.startswith("rfc2426-example-1"))
    frank.rename(elsewhere)
    frank.symlink_to(elsewhere)  # rmlog reads it, but writes only into plain files
    latin = vdir / "latin.vcf"
    latin.write_bytes(KHARD.replace("Dana Scully", "Jürgen Weiß").replace("8f0b", "7f0b")
                      .replace("dana.scully", "juergen").encode("latin-1"))
    rmlog("contacts", "sync", str(vdir))
    handles = {p["name"]: p["handle"] for p in rmlog.json("people")}
    for name in ("Frank Dawson", "Jürgen Weiß", "Dana Scully"):
        rmlog("edit", handles[name], "--role", "Referee")
    unwritable = (elsewhere.read_bytes(), latin.read_bytes())

    summaries = []
    for strict in ([], ["--strict"], []):
        result = rmlog("contacts", "sync", str(vdir), "--write", *strict)
        summaries.append(result.stdout.split("; ")[-1].strip())
        warnings = [line for line in result.stderr.splitlines() if "not written back" in line]
        assert len(warnings) == 2, result.stderr
        assert "latin.vcf is not UTF-8" in warnings[0] and f"{frank.name} is not a regular file" in warnings[1]
        assert (elsewhere.read_bytes(), latin.read_bytes()) == unwritable and frank.is_symlink()
        assert "TITLE:Referee\r\n" in (vdir / "dana.vcf").read_bytes().decode()
    assert summaries == ["1 written back, 2 cannot be."] + ["0 written back, 2 cannot be."] * 2
    assert {p["name"]: p["role"] for p in rmlog.json("people")}["Jürgen Weiß"] == "Referee"
    dry = rmlog.json("contacts", "sync", str(vdir), "--write", "--dry-run")
    assert (dry["written"], len(dry["unwritable"])) == (0, 2)


def test_a_journal_that_does_not_commit_leaves_the_cards_as_they_were(rmlog, vdir, monkeypatch):
    from rmlog.errors import StoreError
    from rmlog.store import oplog

    rmlog("contacts", "sync", str(vdir))
    rmlog("edit", "dana-scully", "--role", "Director")
    rmlog("edit", "frank-dawson", "--company", "Ünicorn")
    cards, journal = {path: path.read_bytes() for path in vdir.iterdir()}, rmlog.snapshot()

    def fails(*args):
        raise StoreError("the disk is full; free some space")

    monkeypatch.setattr(oplog, "finish", fails)  # after the cards are written, before the commit
    assert "disk is full" in rmlog.error("contacts", "sync", str(vdir), "--write", code=3)
    assert {path: path.read_bytes() for path in vdir.iterdir()} == cards
    assert rmlog.snapshot() == journal
    monkeypatch.undo()


def test_a_rename_written_back_keeps_the_other_parts_of_the_cards_name(rmlog, tmp_path, shared_vdir):
    folder = tmp_path / "book"
    shared_vdir(folder)
    card = folder / "fullcontact-1.vcf"
    assert "N:LastName;FirstName;MiddleName;Prefix;Suffix\n" in card.read_bytes().decode()
    rmlog("contacts", "sync", str(folder))
    [handle] = [p["handle"] for p in rmlog.json("people") if p["name"].endswith("LastName Suffix")]
    rmlog("edit", handle, "--name", "FirstName Smith")
    assert rmlog.json("contacts", "sync", str(folder), "--write")["written"] == 1
    text = card.read_bytes().decode()
    assert "FN:FirstName Smith\n" in text and "N:Smith;FirstName;MiddleName;Prefix;Suffix\n" in text


# Two syncs at once: B starts while A holds the write lock, before A writes its cards.

def _sync_worker(folder, role, a_holds, b_waits, results):
    from contextlib import contextmanager

    from typer.testing import CliRunner

    import rmlog.store.contacts as contacts
    import rmlog.store.engine as engine
    from rmlog.__main__ import only_invoked_command
    from rmlog.cli import app

    if role == "a":
        write_cards = contacts.write_cards

        def paused(*args, **kwargs):  # A holds the lock: let B start, then write
            a_holds.set()
            b_waits.wait(60)
            return write_cards(*args, **kwargs)

        contacts.write_cards = paused
    else:
        a_holds.wait(60)
        open_store = engine.open_store

        @contextmanager
        def announced(*args, **kwargs):  # B reaches A's lock
            b_waits.set()
            with open_store(*args, **kwargs) as session:
                yield session

        engine.open_store = announced
    args = ["contacts", "sync", str(folder), "--write"]
    only_invoked_command(app, args)
    result = CliRunner().invoke(app, args)
    results.put((role, result.exit_code, result.stderr + repr(result.exception or "")))


def test_two_syncs_at_once_keep_rmlogs_fresh_edits(rmlog, vdir, monkeypatch):
    import multiprocessing

    rmlog("contacts", "sync", str(vdir))
    monkeypatch.setenv("RMLOG_NOW", "2026-03-11T09:00")
    rmlog("edit", "dana-scully", "--role", "Director", "--phone", "+1 202 555 0100")
    context = multiprocessing.get_context("fork")
    a_holds, b_waits, results = context.Event(), context.Event(), context.Queue()
    workers = [context.Process(target=_sync_worker, args=(vdir, role, a_holds, b_waits, results))
               for role in ("a", "b")]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    assert [(role, code) for role, code, _ in outcomes] == [("a", 0), ("b", 0)], outcomes
    dana = rmlog.json("show", "dana-scully")
    assert (dana["role"], dana["phones"]) == ("Director", ["+1 202 555 0143", "+1 202 555 0100"])
    card = (vdir / "dana.vcf").read_bytes().decode()
    assert "TITLE:Director\r\n" in card and "TEL:+1 202 555 0100\r\n" in card
    assert rmlog.json("contacts", "sync", str(vdir))["updated"] == 0
