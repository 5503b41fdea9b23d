"""Reading mailboxes: headers only, threads per day, lists and bulk mail skipped.

The fixtures are in tests/io/fixtures/mail (see the README there for the real mailboxes
they are modelled on).
"""

from __future__ import annotations

import mailbox
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from rmlog.io.mail import MailError, read_mail

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
ME = ["me@example.com"]


@pytest.fixture(autouse=True)
def berlin(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")


def test_one_conversation_per_thread_per_day():
    mail = read_mail(FIXTURES / "inbox.mbox", "mbox", me=ME, now=NOW)
    assert [(c.key, c.start.isoformat(), c.attendees, c.initiated_by, c.note) for c in mail.conversations] == [
        # the phone's reply without References joins by subject and brings Eve (its Cc)
        ("mail:lunch-1@example.com/2026-02-02", "2026-02-02T08:00:00+00:00",
         ("dana.scully@example.org", "eve@example.org"), "me", "Lunch next week?"),
        # the next day is another conversation of the same thread, started by Dana
        ("mail:lunch-1@example.com/2026-02-03", "2026-02-03T07:00:00+00:00",
         ("dana.scully@example.org",), "them", "Lunch next week?"),
        ("mail:talk@example.com/2026-02-05", "2026-02-05T09:00:00+00:00",
         ("grace@example.com",), "them", "Conference talk – slides"),
    ]
    assert mail.conversations[0].names == {"dana.scully@example.org": "Dana Scully", "eve@example.org": "Eve"}
    assert mail.conversations[2].names == {"grace@example.com": "Grace Höpper"}


def test_lists_bulk_no_reply_and_undated_mail_are_skipped_and_counted():
    mail = read_mail(FIXTURES / "inbox.mbox", "mbox", me=ME, now=NOW)
    assert mail.messages == 9
    assert dict(mail.skipped) == {"mailing list": 1, "bulk": 1, "no-reply sender": 1, "no readable date": 1}


def test_a_body_is_never_read(tmp_path):
    """Header lines, addresses and blank-line tricks in the body create no contact."""
    path = tmp_path / "box.mbox"
    path.write_bytes(
        b"From dana@example.org Mon Feb  2 09:00:00 2026\n"
        b"Date: Mon, 02 Feb 2026 09:00:00 +0100\nFrom: dana@example.org\nTo: me@example.com\n"
        b"Subject: hello\nMessage-ID: <h@example.org>\n\n"
        b"Cc: eve@example.org\nFrom: Eve <eve@example.org>\nList-Id: <not.a.list>\n\n"
        b"To: frank@example.org\n\xff\xfe binary junk\n\n"
    )
    mail = read_mail(path, "mbox", me=ME, now=NOW)
    assert [c.attendees for c in mail.conversations] == [("dana@example.org",)]
    assert mail.skipped == {}


def test_a_maildir_of_sent_mail(tmp_path):
    mail = read_mail(FIXTURES / "Sent", "maildir", me=ME, now=NOW)
    assert [(c.key, c.attendees, c.initiated_by) for c in mail.conversations] == [
        ("mail:lunch-1@example.com/2026-02-02", ("dana.scully@example.org",), "me"),
        ("mail:slides@example.com/2026-02-10", ("eve@example.org",), "me"),  # Bcc is not read
    ]
    assert dict(mail.skipped) == {"only you": 1}


def test_a_maildir_written_by_the_standard_library(tmp_path):
    """CPython's mailbox.Maildir writes new/ files without the :2, suffix; both are read."""
    box = mailbox.Maildir(tmp_path / "box", create=True)
    for n, day in enumerate((2, 3)):
        box.add(f"Date: Mon, 0{day} Feb 2026 09:00:00 +0100\nFrom: A <a@example.org>\nTo: me@example.com\n"
                f"Subject: Re: plan\nMessage-ID: <m{n}@example.org>\nReferences: <root@example.org>\n\nbody\n")
    mail = read_mail(tmp_path / "box", "maildir", me=ME, now=NOW)
    assert [c.key for c in mail.conversations] == ["mail:root@example.org/2026-02-02",
                                                   "mail:root@example.org/2026-02-03"]


def test_since_and_the_future_bound_the_messages():
    since = datetime(2026, 2, 3, tzinfo=timezone.utc)
    until = datetime(2026, 2, 4, tzinfo=timezone.utc)
    mail = read_mail(FIXTURES / "inbox.mbox", "mbox", me=ME, now=until, since=since)
    assert [c.key for c in mail.conversations] == ["mail:lunch-1@example.com/2026-02-03"]
    assert mail.skipped["before --since"] == 3 and mail.skipped["dated in the future"] == 1


def test_without_my_addresses_my_own_mail_counts_as_someone_elses():
    mail = read_mail(FIXTURES / "Sent", "maildir", now=NOW)
    assert [c.initiated_by for c in mail.conversations] == ["them", "them", "them"]


def test_not_a_mailbox(tmp_path):
    (tmp_path / "plain").mkdir()
    with pytest.raises(MailError, match="not a Maildir"):
        read_mail(tmp_path / "plain", "maildir", now=NOW)
    with pytest.raises(MailError, match="is a folder"):
        read_mail(tmp_path / "plain", "mbox", now=NOW)


@pytest.mark.parametrize("header", [
    "Person 1 <p1@example.org>", "a@b.org, Bob <b@c.org>", "Dana Scully\n <dana@x.org>", "Foo Bar<foo@bar.com>",
    "=?utf-8?q?Grace_H=C3=B6pper?= <grace@example.com>", '"Scully, Dana" <dana@x.org>, eve@y.org',
    "eve@y.org (Eve at work)", "undisclosed-recipients:;", "Team: a@b.org, c@d.org;", "<bare@x.org>",
    "broken <",
])
def test_address_lists_read_as_the_standard_library_reads_them(header):
    from email.utils import getaddresses

    from rmlog.io.mail import _pairs

    assert _pairs(header) == getaddresses([header])


def test_a_message_moved_away_while_reading_is_skipped(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "Sent", tmp_path / "Sent")
    listed = mailbox.Maildir.iterkeys

    def moving(box):
        for n, key in enumerate(listed(box)):
            if n == 0:
                os.remove(os.path.join(box._path, box._lookup(key)))
            yield key

    monkeypatch.setattr(mailbox.Maildir, "iterkeys", moving)
    mail = read_mail(tmp_path / "Sent", "maildir", me=ME, now=NOW)
    assert mail.messages == 3 and mail.skipped["moved away while reading"] == 1
