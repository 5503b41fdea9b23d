"""`rmlog import INBOX`: mail threads with known people become email interactions, once each.

The mailboxes are the fixtures of tests/io/fixtures/mail (see the README there).
"""

from __future__ import annotations

import shutil
from pathlib import Path


FIXTURES = Path(__file__).parent / "io" / "fixtures" / "mail"
INBOX, SENT = str(FIXTURES / "inbox.mbox"), str(FIXTURES / "Sent")


def emails(rmlog) -> list[tuple]:
    return [(i["occurred_at"], i["initiated_by"], i["notes"], i["with"]) for i in rmlog.json("interactions")]


def test_a_new_user_imports_a_mailbox(known):
    rmlog = known
    dry = rmlog("import", INBOX, "--dry-run")
    assert "Would add or update (2)" in dry.stdout
    assert "9 messages, 3 conversations (skipped: 1 bulk, 1 mailing list, 1 no readable date, " \
           "1 no-reply sender)." in dry.stdout
    assert "Dry run, nothing written. Would import interactions: 2 added" in dry.stdout
    assert rmlog.json("interactions") == [] and len(rmlog.json("history")) == 2  # the two adds

    done = rmlog("import", INBOX)
    assert "Imported interactions: 2 added, 0 updated, 0 unchanged." in done.stdout
    assert ("rmlog: warning: 1 conversation with grace@example.com: "
            "rmlog add 'Grace Höpper' --email grace@example.com") in done.stderr
    assert emails(rmlog) == [
        ("2026-02-03T08:00:00+01:00", "them", "Lunch next week?", ["dana-scully"]),
        ("2026-02-02T09:00:00+01:00", "me", "Lunch next week?", ["dana-scully", "eve"]),
    ]
    assert {i["kind"] for i in rmlog.json("interactions")} == {"email"}
    assert rmlog.json("show", "eve")["last_contact"] == "2026-02-02T09:00:00+01:00"


def test_importing_again_or_the_sent_folder_adds_nothing_twice(known):
    rmlog = known
    rmlog("import", INBOX)
    again = rmlog("import", INBOX)
    assert "Imported interactions: 0 added, 0 updated, 2 unchanged." in again.stdout
    sent = rmlog("import", SENT)  # my first message of the lunch thread is in both
    assert "Imported interactions: 1 added, 0 updated, 1 unchanged." in sent.stdout
    assert len(rmlog.json("interactions")) == 3


def test_new_adds_the_correspondents_and_undo_takes_the_import_back(known):
    rmlog = known
    done = rmlog("import", INBOX, "--new", "--json").stdout
    assert '"people": 1' in done
    grace = rmlog.json("show", "grace")
    assert (grace["name"], grace["circle"]) == ("Grace Höpper", "periphery")
    assert grace["emails"] == ["grace@example.com"]
    rmlog("undo")
    assert rmlog.json("interactions") == [] and len(rmlog.json("people")) == 2


def test_since_limits_the_import(known):
    rmlog = known
    document = rmlog.json("import", INBOX, "--since", "2026-02-03", "--dry-run")
    assert [c["source"] for c in document["conversations"]] == ["mail:lunch-1@example.com/2026-02-03"]
    assert document["skipped"]["before --since"] == 3
    assert document["unmatched"] == [{"email": "grace@example.com", "name": "Grace Höpper", "conversations": 1}]


def test_an_mbox_without_a_suffix_is_recognised(known, tmp_path):
    archive = tmp_path / "archive"
    shutil.copy(INBOX, archive)
    assert "2 added" in known("import", str(archive)).stdout


def test_without_my_addresses_it_says_how_to_set_them(rmlog):
    rmlog("add", "Dana Scully", "--email", "dana.scully@example.org")
    done = rmlog("import", SENT)
    assert "rmlog config --me" in done.stderr
    assert [i["initiated_by"] for i in rmlog.json("interactions")] == ["them"]


def test_bad_mailboxes_are_refused_with_one_line(rmlog, tmp_path):
    (tmp_path / "plain").mkdir()
    assert "is not a Maildir" in rmlog.error("import", str(tmp_path / "plain"), "--format", "maildir")
    assert "is a folder" in rmlog.error("import", str(FIXTURES / "Sent"), "--format", "mbox")
    assert "pass --new too" in rmlog.error("import", INBOX, "--circle", "inner")
    notes = tmp_path / "notes"
    notes.write_text("not mail\n")
    assert "cannot tell the format" in rmlog.error("import", str(notes))


def test_hostile_headers_are_stored_as_sent_and_shown_escaped(known, tmp_path):
    box = tmp_path / "hostile.mbox"
    box.write_bytes(
        b"From x Mon Feb  2 09:00:00 2026\nDate: Mon, 02 Feb 2026 09:00:00 +0100\n"
        b"From: \"\x1b[31mMallory\xe2\x80\xae\" <mallory@example.org>\n"
        b"To: me@example.com, " + b"a" * 300 + b"@x.org\n"
        b"Cc: Dana <dana.scully@example.org>\nSubject: Re: \x1b]0;owned\x07pay now\nMessage-ID: <h@x>\n\nbody\n"
    )
    done = known("import", str(box), "--new")
    shown = done.stdout + done.stderr
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert sorted(p["handle"] for p in known.json("people")) == ["31mmallory", "dana-scully", "eve"]
    assert known.json("interactions")[0]["notes"] == "\x1b]0;owned\x07pay now"


def test_a_file_that_is_not_an_mbox_is_refused(rmlog, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Dear diary\n")
    assert "this is not an mbox file" in rmlog.error("import", str(notes), "--format", "mbox")
