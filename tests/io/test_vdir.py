"""vdir address books: real cards (shared/data/vcard, one file per card) read and written back.

The real cards are never copied into the repo: each test builds its vdir from them in a temp
folder. They are found at /work/shared, else beside the clone (../shared, where CI puts them).
"""

from __future__ import annotations

import os
import re

import pytest

from rmlog.io.vcard import VCardError, parse_single_vcard, read_vcard_file
from rmlog.io.vdir import fingerprint, read_card, read_vdir, update_card_text, write_card
from tests.shared_data import VCARDS as SHARED_VCARDS, shared_vdir

MANAGED = ("FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "BDAY")

KHARD_CARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//khard//khard 0.19.1//EN\r\n"
    "UID:8f0b6a2c-6b1e-4a57-9d21-0c4e9f1b7a55\r\n"
    "FN:Dana Scully\r\n"
    "N:Scully;Dana;Katherine;Dr.;\r\n"
    "NICKNAME:Starbuck\r\n"
    "ORG:FBI;X-Files\r\n"
    "TITLE:Special Agent\r\n"
    "item1.EMAIL;TYPE=INTERNET,pref:dana@fbi.example\r\n"
    "item1.X-ABLabel:work\r\n"
    "EMAIL;TYPE=HOME:dana.scully@example.org\r\n"
    "TEL;TYPE=CELL,VOICE:+1 202 555 0143\r\n"
    "ADR;TYPE=HOME:;;3170 W. 53 Rd. #35;Annapolis;MD;;USA\r\n"
    "BDAY:1964-02-23\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////\r\n"
    " ////////////////////////////////////////////////////////////////////////8\r\n"
    " AAEQgAAQABAwERAAIRAQMRAf/EABQAAQAAAAAAAAAAAAAAAAAAAAn/xAAUEAEAAAAAAAAAAAAAA\r\n"
    "X-MS-IMADDRESS;X-Service=jabber:dana@jabber.example\r\n"
    "X-SOCIALPROFILE;type=twitter;x-user=dscully:https://twitter.com/dscully\r\n"
    "CATEGORIES:work,x-files\r\n"
    "NOTE:Trust no one\\, mostly.\r\n"
    "REV:2026-01-15T10:00:00Z\r\n"
    "END:VCARD\r\n"
)


def without_managed(text: str) -> str:
    """The card's text less the lines (and their folds) rmlog writes."""
    kept, skipping, quoted_printable, soft_break = [], False, False, False
    for line in text.splitlines(keepends=True):
        if line[:1] not in (" ", "\t") and not soft_break:
            head = re.match(r"^(?:[\w-]+\.)?([\w-]+)([^:]*):", line)
            skipping = bool(head) and head.group(1).upper() in MANAGED
            quoted_printable = bool(head) and "QUOTED-PRINTABLE" in head.group(2).upper()
        soft_break = quoted_printable and line.rstrip("\r\n").endswith("=")
        if not skipping:
            kept.append(line)
    return "".join(kept)


def test_real_cards_one_per_file_read_like_the_vcard_importer(tmp_path):
    paths = shared_vdir(tmp_path)
    result = read_vdir(tmp_path)
    expected = [fields["name"] for source in sorted(SHARED_VCARDS.glob("*.vcf"))
                for _, _, fields in read_vcard_file(source).records]
    assert [card.fields["name"] for card in result.cards] == expected
    assert len(result.cards) + len(result.skipped) == len(paths)
    assert len(result.skipped) == 2  # the two nameless Android cards
    assert all(s.path.name.startswith("John_Doe_ANDROID") and str(s.path) in s.reason
               and "no name" in s.reason for s in result.skipped)
    assert all(card.fingerprint == fingerprint(card.path.read_bytes()) for card in result.cards)


def test_strict_raises_on_the_first_bad_card(tmp_path):
    shared_vdir(tmp_path)
    with pytest.raises(VCardError, match=r"John_Doe_ANDROID-\d\.vcf: line 1: no name"):
        read_vdir(tmp_path, strict=True)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary data"),
        (KHARD_CARD.encode() * 2, "holds 2 cards"),
        (b"BEGIN:VCARD\r\nNOTE:" + b"x" * (20 << 20) + b"\r\nEND:VCARD\r\n", "line 2 is longer than 1 MB"),
        (KHARD_CARD.encode()[:200], "without a matching END:VCARD"),
        (b"not a card\n", "no BEGIN:VCARD"),
    ],
    ids=["binary", "two cards", "20 MB line", "truncated", "not a card"],
)
def test_a_bad_file_is_skipped_with_its_name(tmp_path, data, reason):
    (tmp_path / "good.vcf").write_text(KHARD_CARD)
    (tmp_path / "bad.vcf").write_bytes(data)
    result = read_vdir(tmp_path)
    assert [card.path.name for card in result.cards] == ["good.vcf"]
    [skipped] = result.skipped
    assert skipped.path == tmp_path / "bad.vcf"
    assert skipped.reason.startswith(f"{tmp_path / 'bad.vcf'}: ") and reason in skipped.reason
    assert "\n" not in skipped.reason


def test_folder_checks(tmp_path):
    with pytest.raises(VCardError, match="not a folder"):
        read_vdir(tmp_path / "absent")
    (tmp_path / ".hidden.vcf").write_text(KHARD_CARD)
    with pytest.raises(VCardError, match="no .vcf files"):
        read_vdir(tmp_path)


def test_fingerprint_follows_content_not_mtime(tmp_path):
    path = tmp_path / "dana.vcf"
    path.write_text(KHARD_CARD)
    first = read_card(path).fingerprint
    os.utime(path, (0, 0))
    assert read_card(path).fingerprint == first
    path.write_text(KHARD_CARD.replace("Starbuck", "Scully"))
    assert read_card(path).fingerprint != first


def test_write_keeps_unknown_properties_byte_for_byte(tmp_path):
    path = tmp_path / "8f0b6a2c.vcf"
    path.write_bytes(KHARD_CARD.encode())
    os.chmod(path, 0o640)
    changes = {
        "name": "Dana K. Scully-Mulder",
        "emails": ["DANA@fbi.example", "dana@home.example"],
        "phones": ["+1 202 555 0199"],
        "company": "Georgetown; Medical",
        "role": None,
        "birthday": "1964-02-24",
    }
    new_fingerprint = write_card(path, changes, expect=read_card(path).fingerprint)
    data = path.read_bytes()
    assert new_fingerprint == fingerprint(data)
    text = data.decode()
    assert without_managed(text) == without_managed(KHARD_CARD)
    assert "item1.EMAIL;TYPE=INTERNET,pref:dana@fbi.example\r\n" in text  # kept: same address
    assert "ORG:Georgetown\\; Medical;X-Files\r\n" in text  # department kept
    assert "TITLE" not in text
    assert "\n" not in text.replace("\r\n", "")  # the card's own line endings
    fields = parse_single_vcard(text)
    assert fields["name"] == "Dana K. Scully-Mulder"
    assert fields["emails"] == ["dana@fbi.example", "dana@home.example"]
    assert fields["phones"] == ["+1 202 555 0199"]
    assert (fields["company"], fields["role"], fields["birthday"]) == ("Georgetown; Medical", None, "1964-02-24")
    assert fields["uid"] == "8f0b6a2c-6b1e-4a57-9d21-0c4e9f1b7a55"
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["8f0b6a2c.vcf"]  # no .tmp left behind


def test_write_back_into_every_real_card(tmp_path):
    shared_vdir(tmp_path)
    for card in read_vdir(tmp_path).cards:
        before = card.path.read_text(encoding="utf-8")
        changes = {"name": "Zoë Ångström", "emails": ["zoe@example.com", *card.fields["emails"][1:]],
                   "phones": card.fields["phones"][:1] + ["+49 30 1234567"], "company": "Ünicorn Ltd",
                   "role": "CTO", "birthday": "--07-15"}
        write_card(card.path, changes, expect=card.fingerprint)
        after = card.path.read_text(encoding="utf-8")
        assert without_managed(after) == without_managed(before), card.path.name
        fields = read_card(card.path).fields
        assert (fields["name"], fields["company"], fields["role"], fields["birthday"]) == (
            "Zoë Ångström", "Ünicorn Ltd", "CTO", "--07-15"), card.path.name
        assert fields["emails"] == changes["emails"], card.path.name
        assert sorted(fields["phones"]) == sorted(changes["phones"]), card.path.name
        assert all(len(line.encode()) <= 75 for line in after.splitlines()
                   if line not in before.splitlines()), card.path.name


def test_unchanged_values_leave_the_file_alone(tmp_path):
    path = tmp_path / "dana.vcf"
    path.write_bytes(KHARD_CARD.encode())
    inode = os.stat(path).st_ino
    card = read_card(path)
    fields = card.fields
    same = {"name": fields["name"], "emails": ["Dana@FBI.example", "dana.scully@example.org"],
            "phones": fields["phones"], "company": fields["company"], "role": fields["role"],
            "birthday": fields["birthday"]}
    assert write_card(path, same) == card.fingerprint
    assert os.stat(path).st_ino == inode and path.read_bytes() == KHARD_CARD.encode()


def test_write_refuses_a_card_changed_since_it_was_read(tmp_path):
    path = tmp_path / "dana.vcf"
    path.write_text(KHARD_CARD)
    seen = read_card(path).fingerprint
    path.write_text(KHARD_CARD.replace("Starbuck", "Queequeg"))
    with pytest.raises(VCardError, match="changed since it was read"):
        write_card(path, {"role": "Doctor"}, expect=seen)
    assert "Queequeg" in path.read_text() and "Special Agent" in path.read_text()


def test_write_only_onto_a_regular_utf8_file(tmp_path):
    target = tmp_path / "real.vcf"
    target.write_text(KHARD_CARD)
    link = tmp_path / "link.vcf"
    link.symlink_to(target)
    with pytest.raises(VCardError, match="not a regular file"):
        write_card(link, {"role": "Doctor"})
    assert link.is_symlink() and "Special Agent" in target.read_text()
    latin = tmp_path / "latin.vcf"
    latin.write_bytes(KHARD_CARD.replace("Trust", "Tr\xfcst").encode("latin-1"))
    with pytest.raises(VCardError, match="not UTF-8"):
        write_card(latin, {"role": "Doctor"})


def test_vcard_21_and_40_specifics():
    v21 = ("BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:M=FCller;J=FCrgen\n"
           "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:J=FCrgen M=FCller\n"
           "NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0A=\nline two\nEND:VCARD\n")
    out = update_card_text(v21, {"name": "Jürgen Groß", "birthday": "--02-29"})
    assert "FN;CHARSET=UTF-8:Jürgen Groß\n" in out
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\n" in out
    assert "NOTE;ENCODING=QUOTED-PRINTABLE:Line one=0D=0A=\nline two\n" in out  # soft break kept
    fields = parse_single_vcard(out)
    assert (fields["name"], fields["birthday"]) == ("Jürgen Groß", "--02-29")
    v40 = "BEGIN:VCARD\nVERSION:4.0\nFN:Ana\nTEL;VALUE=uri;TYPE=cell:tel:+1-555-0199\nEND:VCARD\n"
    out = update_card_text(v40, {"birthday": "--02-03", "phones": ["+1-555-0199", "+1-555-0100"]})
    assert "TEL;VALUE=uri;TYPE=cell:tel:+1-555-0199\nTEL:+1-555-0100\nBDAY:--0203\n" in out


def test_unknown_field_is_a_programming_error():
    with pytest.raises(ValueError, match="tags"):
        update_card_text(KHARD_CARD, {"tags": ["x"]})


def n_line(text: str) -> str:
    return next(line for line in text.splitlines() if re.match(r"(?i)^(?:[\w-]+\.)?N[;:]", line))


@pytest.mark.parametrize("name", ["Alice Smith", "Dr. Alice Mary Smith, PhD", "Alice Mary Smith"])
def test_a_rename_keeps_middle_names_prefixes_and_suffixes(name):
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr. Alice Mary Jones\\, PhD\r\nN:Jones;Alice;Mary;Dr.;PhD\r\nEND:VCARD\r\n"
    out = update_card_text(card, {"name": name})
    assert n_line(out) == "N:Smith;Alice;Mary;Dr.;PhD"
    assert parse_single_vcard(out)["name"] == name


def test_a_rename_keeps_a_family_name_of_several_words():
    card = "BEGIN:VCARD\nVERSION:4.0\nFN:Anna van Dijk\nN:van Dijk;Anna;;;\nEND:VCARD\n"
    assert n_line(update_card_text(card, {"name": "Anna Maria van Dijk"})) == "N:van Dijk;Anna Maria;;;"
    assert n_line(update_card_text(card, {"name": "Anna Smith"})) == "N:Smith;Anna;;;"


def test_a_rename_of_every_real_card_keeps_its_other_name_components(tmp_path):
    renamed = 0
    for card in read_vdir(shared_vdir(tmp_path)[0].parent).cards:
        text = card.path.read_text(encoding="utf-8")
        if not re.search(r"(?im)^N[;:]", text):
            continue
        parts = (n_line(text).split(":", 1)[1].replace("\\;", "\0").split(";") + [""] * 5)[2:5]
        if any("=" in part for part in parts):  # quoted-printable: compared decoded below
            continue
        write_card(card.path, {"name": "Alice Smith"}, expect=card.fingerprint)
        after = card.path.read_text(encoding="utf-8")
        kept = ";".join(parts).replace("\0", "\\;")
        assert n_line(after).endswith(f":Smith;Alice;{kept}"), card.path.name
        renamed += bool("".join(parts))
    assert renamed >= 5  # the Gmail, Outlook, Lotus, Apple and Evolution cards have them
