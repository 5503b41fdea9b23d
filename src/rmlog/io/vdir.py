"""Address books kept as a vdir (khard, vdirsyncer): one vCard per .vcf file, UID inside.

read_vdir() parses every card with io.vcard into person fields (raw, for the person model
to check, as vCard import does) and gives each file's fingerprint, a hash of
its bytes, so a sync can skip cards that have not changed since the last one.

write_card() writes rmlog's values for name, emails, phones, company, role and birthday
back into an existing card, as the vdir spec asks: line by line, so every other property
and parameter (PHOTO, ADR, X-..., groups such as item1.EMAIL) stays byte for byte; through
a hidden .tmp file in the same folder, fsynced and renamed over the card, and only onto a
regular file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rmlog.handles import email_key
from rmlog.io.textfile import SkippedFile, files_in, read_bytes, refuse_binary_and_long_lines
from rmlog.io.vcard import (
    HEAD_RE,
    QP_RE,
    STRIPPED_PARAMS_RE,
    VCardError,
    decode_bytes,
    decode_quoted_printable,
    parse_single_vcard,
    split_unescaped,
    unescape,
)

CARD_SUFFIXES = (".vcf", ".vcard")
PHYSICAL_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
FOLD_OCTETS = 75
APPLE_NO_YEAR = "1604"  # the leap year Apple writes with X-APPLE-OMIT-YEAR for an unknown year


@dataclass(frozen=True)
class VdirCard:
    """One card file: its path, the fingerprint of its bytes ('sha256:...') and its person
    fields as io.vcard.card_to_record gives them (name, uid, emails, phones, company, role,
    birthday, notes, tags)."""

    path: Path
    fingerprint: str
    fields: dict


@dataclass
class VdirResult:
    cards: list[VdirCard] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def read_vdir(folder: str | Path, *, strict: bool = False) -> VdirResult:
    """Every card file in folder and its subfolders (address books), by path.

    A bad file (not a card, binary, more than one card, no name) is skipped and listed in
    result.skipped, unless strict, when it raises VCardError.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise VCardError(f"{folder} is not a folder; pass the vdir of your address book "
                         "(one .vcf per contact, as khard and vdirsyncer keep it)")
    files = files_in(folder, CARD_SUFFIXES)
    if not files:
        raise VCardError(f"{folder}: no .vcf files in this folder; pass a vdir of vCards")
    result = VdirResult()
    for path in files:
        try:
            result.cards.append(read_card(path))
        except VCardError as error:
            if strict:
                raise
            result.skipped.append(SkippedFile(path, str(error)))
    return result


def read_card(path: str | Path) -> VdirCard:
    """One card file; VCardError naming it when it is not exactly one card with a name."""
    path = Path(path)
    data = read_bytes(path, VCardError)
    refuse_binary_and_long_lines(data, str(path), VCardError)
    try:
        fields = parse_single_vcard(decode_bytes(data))
    except VCardError as error:
        raise VCardError(f"{path}: {error}") from None
    return VdirCard(path, fingerprint(data), fields)


def fingerprint(data: bytes) -> str:
    """Changes exactly when the card's bytes change (unlike mtime, not on touch or copy)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def write_card(path: str | Path, changes: Mapping[str, object], *, expect: str | None = None) -> str:
    """Write changes into the card file at path; return its new fingerprint.

    changes maps fields a card can hold to rmlog's values: name (str), emails and phones (lists
    of str), company, role and birthday (str, or None to remove; birthday 'YYYY-MM-DD' or
    '--MM-DD'). Fields left out are not touched. expect, when given, is the fingerprint the
    caller read: a card changed since then (by a sync) is not overwritten.
    """
    return CardWriter().write(path, changes, expect=expect)


def prepare_card(path: str | Path, changes: Mapping[str, object], *,
                 expect: str | None = None) -> tuple[bytes, bytes]:
    """The card file's bytes now and with changes applied, writing nothing; VCardError naming
    the file when rmlog cannot write into it (not a regular file, not UTF-8, changed since
    expect was read)."""
    path = Path(path)
    _require_regular_file(path)
    data = read_bytes(path, VCardError)
    if expect is not None and fingerprint(data) != expect:
        raise VCardError(f"{path} changed since it was read; sync again before writing to it")
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VCardError(f"{path} is not UTF-8; rmlog writes only into UTF-8 cards") from None
    try:
        updated = update_card_text(text, changes)
    except VCardError as error:
        raise VCardError(f"{path}: {error}") from None
    if updated == text:
        return data, data
    return data, (codecs.BOM_UTF8 if bom else b"") + updated.encode("utf-8")


class CardWriter:
    """Writes card files and remembers their old bytes, so that restore() can take the
    writes back when the command that made them fails."""

    def __init__(self) -> None:
        self.written: list[tuple[Path, bytes, str]] = []  # path, old bytes, new fingerprint

    def write(self, path: str | Path, changes: Mapping[str, object], *, expect: str | None = None) -> str:
        """write_card(), remembered."""
        path = Path(path)
        old, new = prepare_card(path, changes, expect=expect)
        if new != old:
            _replace(path, new)
            self.written.append((path, old, fingerprint(new)))
        return fingerprint(new)

    def restore(self) -> None:
        """Put back the old bytes of every card written, newest first; a card changed since
        (by another program) is left as it is."""
        for path, old, written in reversed(self.written):
            try:
                if fingerprint(read_bytes(path, VCardError)) == written:
                    _replace(path, old)
            except VCardError:
                continue
        self.written.clear()


@contextmanager
def card_writes() -> Iterator[CardWriter]:
    """A CardWriter whose writes are taken back when the block raises: around a command's
    transaction, a journal that rolls back leaves the cards as they were."""
    writer = CardWriter()
    try:
        yield writer
    except BaseException:
        writer.restore()
        raise


def update_card_text(text: str, changes: Mapping[str, object]) -> str:
    """The card's text with changes applied; lines rmlog does not change stay as they are."""
    unknown = {name for name in changes if not hasattr(_Card, f"set_{name}")}
    if unknown:
        raise ValueError(f"cannot write {', '.join(sorted(unknown))} into a vCard")
    if "name" in changes and not str(changes["name"] or "").strip():
        raise ValueError("a card needs a name")
    card = _Card(text)
    current = parse_single_vcard(text)
    for name, value in changes.items():
        if _differs(name, current[name], value):
            getattr(card, f"set_{name}")(value)
    return card.text()


def _differs(name: str, current, wanted) -> bool:
    """Whether rmlog's value differs from the card's (emails and phones as sets)."""
    key = {"emails": _email_key, "phones": _phone_key}.get(name)
    if key:
        return {key(value) for value in current} != {key(value) for value in wanted}
    return (current or None) != (wanted or None)


@dataclass(eq=False)
class _Line:
    """A logical line: its raw text (folds and line ending included) and, for a card's own
    properties, its group, upper-case name, parameters (';TYPE=CELL') and value, decoded."""

    raw: str
    group: str = ""
    name: str = ""
    params: str = ""
    value: str = ""


class _Card:
    """A card file as logical lines; set_* methods replace, add or remove rmlog's lines."""

    def __init__(self, text: str):
        self.lines = _logical_lines(text)
        first = self.lines[0].raw if self.lines else ""
        self.newline = first[len(first.rstrip("\r\n")):] or "\r\n"
        version = next((line.value.strip() for line in self.lines if line.name == "VERSION"), "3.0")
        self.version = version if version in ("2.1", "3.0", "4.0") else "3.0"

    def text(self) -> str:
        return "".join(line.raw for line in self.lines)

    def set_name(self, name: str) -> None:
        """FN is the name; N's family and given names follow it, its other components
        (additional names, prefixes, suffixes) stay."""
        name = " ".join(name.split())
        self._set_first("FN", self._escape(name))
        line = self._find("N")
        if line is None:
            return
        family, _, additional, prefix, suffix = (split_unescaped(line.value, ";") + [""] * 5)[:5]
        parts = _family_and_given(name, *(unescape(part) for part in (family, additional, prefix, suffix)))
        self._set_first("N", ";".join([*map(self._escape, parts), additional, prefix, suffix]))

    def set_emails(self, emails: list[str]) -> None:
        self._set_all("EMAIL", emails, _email_key)

    def set_phones(self, phones: list[str]) -> None:
        self._set_all("TEL", phones, _phone_key)

    def set_company(self, company: str | None) -> None:
        line = self._find("ORG")
        if not company:
            self._remove("ORG")
            return
        departments = split_unescaped(line.value, ";")[1:] if line else []
        self._set_first("ORG", ";".join([self._escape(company), *departments]))

    def set_role(self, role: str | None) -> None:
        if role:
            self._set_first("TITLE", self._escape(role))
        else:
            self._remove("TITLE")

    def set_birthday(self, birthday: str | None) -> None:
        if not birthday:
            self._remove("BDAY")
            return
        line = self._find("BDAY")
        group = line.group if line else ""
        year, month, day = birthday[:-6].strip("-"), birthday[-5:-3], birthday[-2:]
        if self.version == "4.0":
            value, params = f"{year or '--'}{month}{day}", ""
        elif year:
            value, params = f"{year}-{month}-{day}", ""
        else:
            value, params = f"{APPLE_NO_YEAR}-{month}-{day}", f";X-APPLE-OMIT-YEAR={APPLE_NO_YEAR}"
        self._put(line, _Line("", group, "BDAY", params, value))

    def _escape(self, text: str) -> str:
        """vCard text escapes: 3.0 and 4.0 escape \\ , ; and newlines; 2.1 only ;."""
        if self.version == "2.1":
            return " ".join(text.split()).replace(";", "\\;")
        text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        return text.replace("\r\n", "\\n").replace("\n", "\\n")

    def _find(self, name: str) -> _Line | None:
        return next((line for line in self.lines if line.name == name), None)

    def _set_first(self, name: str, value: str) -> None:
        """Replace the first line of name, keeping its group and parameters, or add one."""
        line = self._find(name)
        if line is None:
            self._put(None, _Line("", "", name, "", value))
            return
        self._put(line, _Line("", line.group, name, STRIPPED_PARAMS_RE.sub("", line.params), value))

    def _set_all(self, name: str, wanted: list[str], key_of) -> None:
        """Keep the lines of name whose value is wanted, drop the others, add the missing
        ones in wanted's order (kept lines are not moved).

        Lines whose value rmlog does not read (key None: an email without @) stay.
        """
        wanted_keys = [key_of(value) for value in wanted]
        kept: dict[str, _Line] = {}
        for line in [line for line in self.lines if line.name == name]:
            key = key_of(unescape(line.value))
            if key in wanted_keys:
                kept.setdefault(key, line)
            elif key is not None:
                self.lines.remove(line)
        for position, (key, value) in enumerate(zip(wanted_keys, wanted)):
            if key in kept:
                continue
            later = next((kept[k] for k in wanted_keys[position + 1:] if k in kept), None)
            new = _Line("", "", name, "", self._escape(value))
            if later is not None:
                kept[key] = self._insert_at(self._index(later), new)
            else:
                last = next((line for line in reversed(self.lines) if line.name == name), None)
                kept[key] = self._insert_after(last, new)

    def _remove(self, name: str) -> None:
        self.lines = [line for line in self.lines if line.name != name]

    def _put(self, old: _Line | None, new: _Line) -> None:
        """new in place of old, or before END:VCARD when there is no old."""
        if old is None:
            self._insert_after(None, new)
            return
        self.lines[self._index(old)] = self._render(new)

    def _insert_after(self, anchor: _Line | None, new: _Line) -> _Line:
        """new after anchor, or before the card's END:VCARD when there is no anchor."""
        if anchor is not None:
            return self._insert_at(self._index(anchor) + 1, new)
        end = max(i for i, line in enumerate(self.lines) if line.raw.strip().upper() == "END:VCARD")
        return self._insert_at(end, new)

    def _insert_at(self, index: int, new: _Line) -> _Line:
        rendered = self._render(new)
        self.lines.insert(index, rendered)
        return rendered

    def _index(self, line: _Line) -> int:
        return next(i for i, candidate in enumerate(self.lines) if candidate is line)

    def _render(self, line: _Line) -> _Line:
        params = line.params
        if self.version == "2.1" and not line.value.isascii() and "CHARSET" not in params.upper():
            params += ";CHARSET=UTF-8"
        head = f"{line.group}.{line.name}" if line.group else line.name
        raw = _fold(f"{head}{params}:{line.value}", self.newline)
        return _Line(raw, line.group, line.name, params, line.value)


def _family_and_given(name: str, family: str, additional: str, prefix: str, suffix: str) -> tuple[str, str]:
    """N's family and given names for name, given the card's N: the prefix, suffix and
    additional names, where name spells them out ('Dr. Alice Mary Smith, PhD'), stay in their
    own components; the family name is the old one where name ends with it ('van Dijk'),
    else the last word."""
    words = name.split(" ")
    words = _without(words, prefix.split(), at_start=True)
    before_suffix = _without(words, suffix.split(), at_start=False)
    if len(before_suffix) < len(words):  # 'Smith, PhD'
        before_suffix[-1] = before_suffix[-1].removesuffix(",") or before_suffix[-1]
    words = before_suffix
    last = len(family.split()) if family.split() and words[-len(family.split()):] == family.split() else 1
    if len(words) <= last:
        return "", " ".join(words)
    given = _without(words[:-last], additional.split(), at_start=False)
    return " ".join(words[-last:]), " ".join(given)


def _without(words: list[str], part: list[str], *, at_start: bool) -> list[str]:
    """words less part where it stands at their start (or end), if any word is left."""
    if not part or len(words) <= len(part):
        return words
    if at_start:
        return words[len(part):] if words[:len(part)] == part else words
    return words[:-len(part)] if words[-len(part):] == part else words


def _email_key(value: str) -> str | None:
    """'MAILTO:Bob@X.io' -> 'bob@x.io' (its email_key); None for values that are not addresses."""
    value = email_key(value).removeprefix("mailto:").strip()
    return value if "@" in value else None


def _phone_key(value: str) -> str | None:
    value = value.strip()
    return value[4:].strip() if value.lower().startswith("tel:") else value


def _logical_lines(text: str) -> list[_Line]:
    """Folded continuations (leading space or tab) and quoted-printable soft breaks ('=' at
    the end) stay with their line; lines of nested cards (AGENT) are kept but not parsed."""
    lines: list[_Line] = []
    depth, last = 0, ""
    for physical in PHYSICAL_LINE_RE.findall(text):
        continues = lines and _continues(lines[-1].raw, last, physical)
        last = physical
        if continues:
            lines[-1].raw += physical
            continue
        if lines and depth == 1:
            _parse(lines[-1])
        lines.append(_Line(physical))
        upper = physical.strip().upper()
        depth += (upper == "BEGIN:VCARD") - (upper == "END:VCARD")
    if lines and depth == 1:
        _parse(lines[-1])
    return lines


def _continues(logical: str, last: str, physical: str) -> bool:
    """Whether physical belongs to the logical line so far, whose last physical line is last."""
    if physical[:1] in (" ", "\t"):
        return True
    head = HEAD_RE.match(logical)
    return bool(head and QP_RE.search(head.group(1)) and last.rstrip("\r\n").endswith("="))


def _parse(line: _Line) -> None:
    """Fill in group, name, parameters and value of a property line of the card itself."""
    unfolded = re.sub(r"(?:\r\n|\r|\n)[ \t]", "", line.raw)
    decoded = decode_quoted_printable(unfolded).rstrip("\r\n")
    head = HEAD_RE.match(decoded)
    if not head:
        return
    name, _, params = head.group(1).partition(";")
    group, _, name = name.rpartition(".")
    if name.upper() in ("BEGIN", "END"):
        return
    line.group, line.name = group, name.upper()
    line.params = f";{params}" if params else ""
    line.value = decoded[head.end():]


def _fold(line: str, newline: str) -> str:
    """Fold at 75 octets, never inside a character (RFC 6350 3.2)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > FOLD_OCTETS - (1 if parts else 0):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return (newline + " ").join(parts) + newline


def _require_regular_file(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        raise VCardError(f"cannot write {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise VCardError(f"{path} is not a regular file (a link, folder or device); "
                         "rmlog writes only into plain card files")


def _replace(path: Path, data: bytes) -> None:
    """Write data to a hidden .tmp beside path, fsync it, rename it over path (atomic)."""
    mode = stat.S_IMODE(os.lstat(path).st_mode)
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise VCardError(f"cannot write in {path.parent}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        _require_regular_file(path)
        os.replace(temp, path)
        _fsync_folder(path.parent)
    except OSError as error:
        raise VCardError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
