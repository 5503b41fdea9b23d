"""Conversations from a mailbox (a Maildir folder or an mbox file), read from headers only.

Pure file reading: no store. Each message's header block is read up to its first blank line
and parsed by the standard library's header parser; the body is never read, so an address in
a body never becomes contact. Messages are folded as they stream past into one Conversation
per thread per local day; memory grows with the conversations, not with the mailbox.

- Threads: the root of a message is the first id of References, else In-Reply-To, else its
  own Message-ID. A message with neither References nor In-Reply-To joins the thread of the
  same day with the same subject once Re:/Fwd:/AW: prefixes are dropped.
- A conversation's key is 'mail:<root of its earliest message>/<local day>': the same
  messages give the same keys in every import, from INBOX or from Sent, so importing again
  adds nothing.
- Skipped and counted: mailing lists (List-Id), bulk mail (Precedence bulk, list or junk;
  Auto-Submitted other than 'no'), no-reply senders, undated messages, messages outside
  since..now, and messages with nobody but the user.
"""

from __future__ import annotations

import mailbox
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Literal

from rmlog.clock import local_zone
from rmlog.errors import InputError
from rmlog.handles import email_key

LONGEST_ADDRESS = 254  # RFC 5321; a longer one is junk, and --new could not store it
LONGEST_NAME = 200
MAX_HEADER_BYTES = 1 << 20  # a header block past this is no real mail (a body without a blank line)
ID_RE = re.compile(r"<([^<>\s]+)>")
PREFIX_RE = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|sv|vs|antw|tr|rv)\s*(?:\[\d+\])?\s*[:：])+\s*", re.IGNORECASE)
NO_REPLY_RE = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?)(?:[-+._].*)?$",
    re.IGNORECASE,
)
BULK = ("bulk", "list", "junk")
READ = frozenset({"from", "to", "cc", "date", "message-id", "references", "in-reply-to", "subject",
                  "list-id", "precedence", "auto-submitted"})
EMAIL_RE = re.compile(r"[^@\s:<>]+@[^@\s:<>]+\.[^@\s:<>]+")
SPECIAL_RE = re.compile(r'["()\\;:]')
PLAIN_RE = re.compile(r"(?:(?P<name>[^<>@]*?)\s*<(?P<angled>[^<>\s]+)>|(?P<bare>[^<>\s]+))")

MailFormat = Literal["maildir", "mbox"]


class MailError(InputError):
    """A mailbox rmlog cannot read (exit 2)."""


@dataclass(frozen=True)
class Conversation:
    """One thread on one local day with people other than the user.

    Shaped like a calendar Meeting so that the store imports both the same way.
    attendees: lower-case addresses of everyone else, in the order they first appear.
    initiated_by: 'me' when the day's first message of the thread is from the user.
    note: the subject without its Re:/Fwd: prefixes.
    names: display names by address, where a header gave one.
    """

    key: str
    start: datetime
    attendees: tuple[str, ...]
    note: str
    initiated_by: Literal["me", "them"]
    names: Mapping[str, str] = field(default_factory=dict, compare=False)
    kind: str = "email"


@dataclass
class MailResult:
    """The conversations, by start; how many messages were read and why others were skipped."""

    conversations: list[Conversation] = field(default_factory=list)
    messages: int = 0
    skipped: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class Header:
    """What rmlog reads of one message."""

    root: str | None
    replies: bool
    subject: str
    sender: str | None
    addresses: tuple[str, ...]
    names: Mapping[str, str]
    sent: datetime | None
    skip: str | None


GONE = Header(None, False, "", None, (), {}, None, "moved away while reading")


@dataclass
class _Thread:
    """A conversation while the mailbox streams past."""

    first: tuple[datetime, str]
    subject: str
    from_me: bool
    people: dict[str, None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def read_mail(path: str | Path, format: MailFormat, *, me: Iterable[str] = (), now: datetime,
              since: datetime | None = None) -> MailResult:
    """The conversations of a Maildir folder or an mbox file with since <= sent <= now."""
    own = frozenset(email_key(address) for address in me)
    result = MailResult()
    threads: dict[tuple[date, str], _Thread] = {}
    joined: dict[date, dict[str, str]] = {}
    for header in headers(Path(path), format):
        result.messages += 1
        reason = header.skip or _outside(header.sent, since, now)
        others = tuple(a for a in header.addresses if a not in own)
        if reason is None and not others:
            reason = "only you"
        if reason:
            result.skipped[reason] += 1
            continue
        _fold(threads, joined, header, others, own)
    if format == "mbox" and not result.messages and Path(path).stat().st_size:
        raise MailError(f"{path}: no line starts with 'From ', so this is not an mbox file; "
                        "pass an mbox, or a Maildir folder")
    result.conversations = sorted((_conversation(day, thread) for (day, _), thread in threads.items()),
                                  key=lambda c: (c.start, c.key))
    return result


def headers(path: Path, format: MailFormat) -> Iterator[Header]:
    """The header of every message in the mailbox, in the mailbox's order."""
    box = _open(path, format)
    parser = BytesHeaderParser()
    try:
        for key in box.iterkeys():
            try:
                handle = _message_file(box, key)
            except (KeyError, FileNotFoundError):  # a mail client moved it since the listing
                yield GONE
                continue
            with handle:
                yield read_header(parser.parsebytes(_header_bytes(handle, path)))
    except OSError as problem:
        raise MailError(f"cannot read {path}: {problem.strerror or problem}") from None


def _open(path: Path, format: MailFormat) -> mailbox.Mailbox:
    try:
        if format == "maildir":
            if not is_maildir(path):
                raise MailError(f"{path} is not a Maildir (no cur and new folders in it); "
                                "pass a Maildir folder or an mbox file")
            return mailbox.Maildir(path, factory=None, create=False)
        if path.is_dir():
            raise MailError(f"{path} is a folder; an mbox is one file (for a Maildir: --format maildir)")
        return mailbox.mbox(path, factory=None, create=False)
    except mailbox.Error as problem:
        raise MailError(f"cannot read {path}: {problem}") from None


def _message_file(box: mailbox.Mailbox, key: str):
    if isinstance(box, mailbox.mbox):
        return box.get_file(key, from_=False)
    return box.get_file(key)


def _header_bytes(handle, path: Path) -> bytes:
    """The lines up to the first blank line; never a byte of the body."""
    lines, size = [], 0
    for line in handle:
        if line in (b"\n", b"\r\n"):
            break
        size += len(line)
        if size > MAX_HEADER_BYTES:
            raise MailError(f"{path}: a message's header is over 1 MB; this is not a mailbox")
        lines.append(line)
    return b"".join(lines)


def read_header(message) -> Header:
    """The parts of a parsed header block rmlog uses; skip names why it is no contact (and
    then only the sender is read)."""
    fields: dict[str, list] = {}
    for name, value in message.raw_items():  # one pass, as parsed; Message.get scans all per call
        if (key := name.lower()) in READ:
            fields.setdefault(key, []).append(value)
    sender = _addresses(fields.get("from", []))
    sender_email = next(iter(sender), None)
    skip = _skip(fields, sender_email)
    if skip:
        return Header(None, False, "", sender_email, (), {}, None, skip)
    addresses = {**sender, **_addresses(fields.get("to", []) + fields.get("cc", []))}
    references = ID_RE.findall(_text(_first(fields, "references")))
    replied = ID_RE.findall(_text(_first(fields, "in-reply-to")))
    own_id = next(iter(ID_RE.findall(_text(_first(fields, "message-id")))), None)
    return Header(
        root=(references or replied or [own_id])[0],
        replies=bool(references or replied),
        subject=_subject(_decoded(_first(fields, "subject"))),
        sender=sender_email,
        addresses=tuple(addresses),
        names={email: name for email, name in addresses.items() if name},
        sent=_sent(_first(fields, "date")),
        skip=None,
    )


def _first(fields: dict[str, list], key: str):
    values = fields.get(key)
    return values[0] if values else None


def _skip(fields: dict[str, list], sender: str | None) -> str | None:
    if "list-id" in fields:
        return "mailing list"
    if _text(_first(fields, "precedence")).strip().lower() in BULK:
        return "bulk"
    automatic = _text(_first(fields, "auto-submitted")).split(";")[0].strip().lower()
    if automatic and automatic != "no":
        return "bulk"
    if sender and NO_REPLY_RE.match(sender.split("@")[0]):
        return "no-reply sender"
    return None


def _addresses(values: list) -> dict[str, str]:
    """Address (its email_key) -> display name ('' when none), in order."""
    found: dict[str, str] = {}
    for name, address in _pairs(", ".join(_text(v) for v in values)):
        email = email_key(address)
        if len(email) <= LONGEST_ADDRESS and EMAIL_RE.fullmatch(email):
            shown = " ".join(_decoded(name).split()).strip("'\"")[:LONGEST_NAME]
            found.setdefault(email, "" if "@" in shown else shown)
    return found


def _pairs(text: str) -> list[tuple[str, str]]:
    """(name, address) pairs: plain 'Name <a@b>, c@d' lists by a regular expression (most
    headers, 10x faster), anything with quotes, comments or groups by the standard parser."""
    if not SPECIAL_RE.search(text):
        pairs = [PLAIN_RE.fullmatch(part.strip()) for part in text.split(",") if part.strip()]
        if all(pairs):
            return [(m["name"] or "", m["angled"] or m["bare"]) for m in pairs]
    return getaddresses([text])


def _text(value) -> str:
    """A header value as text; raw 8-bit bytes (sent unencoded) read as UTF-8."""
    if value is None:
        return ""
    text = str(value)
    if not text.isascii() and any("\udc80" <= char <= "\udcff" for char in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def _decoded(value) -> str:
    """RFC 2047 encoded words (=?utf-8?q?...?=) decoded; other text as it is."""
    text = _text(value)
    if "=?" not in text:
        return text
    try:
        return str(make_header(decode_header(text)))
    except (ValueError, LookupError, UnicodeError):
        return text


def _subject(text: str) -> str:
    return PREFIX_RE.sub("", " ".join(text.split()))


def _sent(value) -> datetime | None:
    text = _text(value).strip()
    if not text:
        return None
    try:
        sent = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if sent.tzinfo is None:  # '-0000': the sender's zone is unknown; the time is UTC
        sent = sent.replace(tzinfo=timezone.utc)
    return sent.astimezone(timezone.utc)


def _outside(sent: datetime | None, since: datetime | None, now: datetime) -> str | None:
    if sent is None:
        return "no readable date"
    if since is not None and sent < since:
        return "before --since"
    if sent > now:
        return "dated in the future"
    return None


def _fold(threads: dict[tuple[date, str], _Thread], joined: dict[date, dict[str, str]],
          header: Header, others: tuple[str, ...], own: frozenset[str]) -> None:
    """Add one message to the thread of its day."""
    day = header.sent.astimezone(local_zone()).date()
    groups = joined.setdefault(day, {})
    topic = "subject:" + header.subject.lower()
    root = header.root or topic
    if not header.replies and topic in groups:
        group = groups[topic]
        groups.setdefault(root, group)
    else:
        group = groups.setdefault(root, root)
        groups.setdefault(topic, group)
    thread = threads.get((day, group))
    first = (header.sent, root)
    if thread is None:
        thread = threads[(day, group)] = _Thread(first, header.subject, header.sender in own)
    elif first < thread.first:
        thread.first, thread.subject, thread.from_me = first, header.subject, header.sender in own
    for email in others:
        thread.people.setdefault(email, None)
        if email in header.names:
            thread.names.setdefault(email, header.names[email])


def _conversation(day: date, thread: _Thread) -> Conversation:
    sent, root = thread.first
    return Conversation(
        key=f"mail:{root}/{day.isoformat()}",
        start=sent,
        attendees=tuple(thread.people),
        note=thread.subject or "(no subject)",
        initiated_by="me" if thread.from_me else "them",
        names=dict(thread.names),
    )
