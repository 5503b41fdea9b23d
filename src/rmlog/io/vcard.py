"""Read vCard 2.1, 3.0 and 4.0 files (phone, Google, Outlook, Apple exports) into person fields.

vobject's lexer splits each card into content lines (unfolding, parameters, groups such as
item1.EMAIL). Its per-property behaviours are not used: they keep only the text before the
first comma (truncating Gmail's 'FN:Mr. John Richter, James Doe Sr.'), base64-decode photos
(failing on truncated ones) and reject Lotus Notes' 'PROFILE:VCard'. Values are unescaped
here instead. Quoted-printable values are decoded here too, before lexing, because vCard 2.1
writers break them with soft line breaks and declare charsets vobject would decode strictly.
Lines that do not parse (such as unindented base64 in 2.1 photos) are ignored.
"""

from __future__ import annotations

import codecs
import io
import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

import vobject
from vobject.base import ContentLine

from rmlog.errors import InputError
from rmlog.dates import normalise_birthday
from rmlog.handles import normalise_tags
from rmlog.io.textfile import read_bytes, refuse_binary_and_long_lines

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
BEGIN_RE = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
END_RE = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
# name and parameters of a content line: up to the first colon outside double quotes
HEAD_RE = re.compile(r'^((?:[^:"]|"[^"]*")*):')
QP_RE = re.compile(r"[;=]QUOTED-PRINTABLE\b", re.IGNORECASE)
STRIPPED_PARAMS_RE = re.compile(r";(?:ENCODING=)?QUOTED-PRINTABLE|;CHARSET=[^;:]*", re.IGNORECASE)
UNESCAPE_RE = re.compile(r"\\([\\,;:nN])")
# one card: its content lines by lower-case property name
Card = dict[str, list[ContentLine]]
# vCard writers that create these for everyone; as tags they say nothing
SYSTEM_GROUPS = {"my-contacts", "mycontacts", "starred-in-android"}


class VCardError(InputError):
    """The file is not a vCard file at all (exit 2)."""


@dataclass
class SkippedCard:
    """A card that was not imported: its 1-based position, the line of its BEGIN, why."""

    index: int
    line: int
    reason: str


@dataclass
class VCardResult:
    """records: (position, line of BEGIN, person fields) per card with a name."""

    records: list[tuple[int, int, dict]] = field(default_factory=list)
    skipped: list[SkippedCard] = field(default_factory=list)


def read_vcard_file(path: str | Path) -> VCardResult:
    """Parse a .vcf file whatever its encoding (UTF-8 with or without BOM, UTF-16, cp1252)."""
    data = read_bytes(Path(path), VCardError)
    refuse_binary_and_long_lines(data, Path(path).name, VCardError)
    try:
        return parse_vcards(decode_bytes(data))
    except VCardError as error:
        raise VCardError(f"{Path(path).name}: {error}") from None


def decode_bytes(data: bytes) -> str:
    """Text of a file: UTF-16 when it has that BOM, else UTF-8, else cp1252, else latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def parse_vcards(text: str) -> VCardResult:
    """Every card in text; cards without a usable name are reported as skipped."""
    blocks = list(_card_blocks(text))
    if not blocks:
        raise VCardError("not a vCard file: no BEGIN:VCARD line found")
    result = VCardResult()
    for index, (line, block) in enumerate(blocks, start=1):
        try:
            card = card_properties(decode_quoted_printable(block))
        except VCardError as error:
            raise VCardError(f"card {index} (line {line}): {error}") from None
        record = card_to_record(card)
        if record is None:
            result.skipped.append(SkippedCard(index, line, _nameless_reason(card)))
            continue
        result.records.append((index, line, record))
    return result


def parse_single_vcard(text: str) -> dict:
    """The person fields of a vdir file's one card (see card_to_record); VCardError unless it
    holds exactly one card, with a name."""
    result = parse_vcards(text)
    count = len(result.records) + len(result.skipped)
    if count != 1:
        raise VCardError(f"holds {count} cards; a vdir keeps one card per file")
    if result.skipped:
        raise VCardError(f"line {result.skipped[0].line}: {result.skipped[0].reason}")
    return result.records[0][2]


def card_properties(block: str) -> Card:
    """Content lines of one card by lower-case name; nested (AGENT) cards left out."""
    card: Card = {}
    depth = 0
    for text, number in vobject.base.getLogicalLines(io.StringIO(block), False):
        try:
            line = vobject.base.textLineToContentLine(text, number)
        except vobject.base.VObjectError:
            continue
        name = line.name.lower()
        depth += (name == "begin") - (name == "end")
        if depth == 1 and name not in ("begin", "end"):
            card.setdefault(name, []).append(line)
    return card


def card_to_record(card: Card) -> dict | None:
    """The person fields of one card's properties (raw, for the person model to check), or
    None when it has no name."""
    name = _card_name(card)
    if not name:
        return None
    return dict(
        name=name,
        uid=_uid(card),
        emails=_emails(card),
        phones=_unique(_strip_scheme(unescape(v), "tel:") for v in _values(card, "tel")),
        company=_company(card),
        role=_first_text(card, "title") or _first_text(card, "role"),
        birthday=_birthday(card),
        notes="\n\n".join(_unique(unescape(v) for v in _values(card, "note"))) or None,
        tags=[tag for tag in normalise_tags(_categories(card)) if tag not in SYSTEM_GROUPS],
    )


def unescape(value: str) -> str:
    r"""Undo vCard text escapes: \n and \N are newlines; \\ \, \; \: are the character."""
    return UNESCAPE_RE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_unescaped(value: str, separator: str) -> list[str]:
    r"""Split on separator where it is not backslash-escaped ('a\;b;c' -> ['a\;b', 'c'])."""
    parts, current, escaped = [], [], False
    for char in value:
        if char == separator and not escaped:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
        escaped = char == "\\" and not escaped
    parts.append("".join(current))
    return parts


def _card_blocks(text: str):
    """(line of BEGIN, text of the card) per top-level card; nested AGENT cards stay inside."""
    depth, start, lines = 0, 0, []
    for number, line in enumerate(LINE_BREAK_RE.split(text), start=1):
        if BEGIN_RE.match(line):
            depth += 1
            if depth == 1:
                start = number
        if depth:
            lines.append(line)
        if END_RE.match(line) and depth:
            depth -= 1
            if depth == 0:
                yield start, "\r\n".join(lines) + "\r\n"
                lines = []
    if depth:
        raise VCardError(f"line {start}: BEGIN:VCARD without a matching END:VCARD")


def decode_quoted_printable(block: str) -> str:
    """The card with quoted-printable values decoded to plain text, soft line breaks joined."""
    out: list[str] = []
    lines = iter(LINE_BREAK_RE.split(block))
    for line in lines:
        head = HEAD_RE.match(line)
        if not head or not QP_RE.search(head.group(1)):
            out.append(line)
            continue
        value = line[head.end():]
        while value.endswith("="):
            value = value[:-1] + next(lines, "")
        params = head.group(1)
        decoded = _decode_qp_value(value, _charset(params))
        out.append(STRIPPED_PARAMS_RE.sub("", params) + ":" + LINE_BREAK_RE.sub(r"\\n", decoded))
    return "\r\n".join(out) + "\r\n"


def _charset(params: str) -> str | None:
    match = re.search(r";CHARSET=([^;:]+)", params, re.IGNORECASE)
    return match.group(1).strip('"') if match else None


def _decode_qp_value(value: str, charset: str | None) -> str:
    """Bytes of a quoted-printable value in the declared charset, else UTF-8, else cp1252."""
    data = quopri.decodestring(value.encode("utf-8"))
    if charset:
        try:
            return data.decode(charset, errors="replace").replace("\ufffd", "")
        except LookupError:
            pass
        except (UnicodeError, TypeError):
            raise VCardError(f"CHARSET={charset}: not a text encoding; save the file as UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _values(card: Card, name: str) -> list[str]:
    """Raw values of every property called name, empty ones left out."""
    return [line.value for line in card.get(name, []) if line.value.strip()]


def _first_value(card: Card, name: str) -> str | None:
    values = _values(card, name)
    return values[0] if values else None


def _first_text(card: Card, name: str) -> str | None:
    """The first value of name, unescaped, whitespace collapsed."""
    value = _first_value(card, name)
    if not value:
        return None
    return " ".join(unescape(value).split()) or None


def _card_name(card: Card) -> str | None:
    """FN, else the parts of N in reading order: prefix given additional family suffix."""
    formatted = _first_text(card, "fn")
    if formatted:
        return formatted
    structured = _first_value(card, "n")
    if not structured:
        return None
    parts = (split_unescaped(structured, ";") + [""] * 5)[:5]
    family, given, additional, prefix, suffix = parts
    words = [unescape(item) for part in (prefix, given, additional, family, suffix)
             for item in split_unescaped(part, ",")]
    return " ".join(" ".join(words).split()) or None


def _emails(card: Card) -> list[str]:
    """Addresses only: values without an @ (Android writes some) are left out."""
    emails = (_strip_scheme(unescape(value), "mailto:") for value in _values(card, "email"))
    return _unique(email for email in emails if "@" in email)


def _company(card: Card) -> str | None:
    """The first component of the first ORG (the rest are departments)."""
    org = _first_value(card, "org")
    if not org:
        return None
    return " ".join(unescape(split_unescaped(org, ";")[0]).split()) or None


def _nameless_reason(card: Card) -> str:
    emails = [unescape(v) for v in _values(card, "email")]
    return f"no name (FN or N); email {emails[0]}" if emails else "no name (FN or N)"


def _uid(card: Card) -> str | None:
    value = _first_value(card, "uid")
    if not value:
        return None
    return _strip_scheme(unescape(value), "urn:uuid:") or None


def _birthday(card: Card) -> str | None:
    """The first BDAY that is a real date; Apple's X-APPLE-OMIT-YEAR marks an unknown year."""
    for line in card.get("bday", []):
        omit_year = (line.params.get("X-APPLE-OMIT-YEAR") or [None])[0]
        birthday = normalise_birthday(unescape(line.value), omit_year)
        if birthday:
            return birthday
    return None


def _categories(card: Card) -> list[str]:
    return [unescape(item) for value in _values(card, "categories")
            for item in split_unescaped(value, ",")]


def _strip_scheme(value: str, scheme: str) -> str:
    value = value.strip()
    return value[len(scheme):].strip() if value.lower().startswith(scheme) else value


def _unique(values) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))
