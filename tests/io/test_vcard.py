"""vCard import: own fixtures for each writer's quirks, plus the shared real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from rmlog.io.vcard import VCardError, parse_vcards, read_vcard_file
from rmlog.store.shapes import PersonIn
from tests.shared_data import VCARDS as SHARED_VCARDS, require_vcards


def people(result):
    """The cards' fields as `rmlog import` checks them, in file order."""
    return [PersonIn.model_validate(fields) for _, _, fields in result.records]

FIXTURES = Path(__file__).parent / "fixtures"


def only_record(name: str):
    result = read_vcard_file(FIXTURES / name)
    assert result.skipped == []
    assert len(people(result)) == 1
    return people(result)[0]


def test_vcard_21_quoted_printable_charsets_soft_breaks_and_photo():
    record = only_record("v21_outlook.vcf")
    assert record.name == "Jürgen Müller"
    assert record.company == "Café Müller GmbH"  # ISO-8859-1 declared on this line
    assert record.role == "Head of Sales"
    assert record.emails == ["juergen@example.de"]
    assert record.phones == ["+49 170 1234567", "+49 30 1234567"]
    assert record.birthday == "1980-03-21"
    assert record.notes == (
        "Met at the Berlin conference.\nLikes hiking, coffee and long walks by the river."
    )
    assert record.tags == ["work", "hiking-club"]


def test_vcard_30_apple_groups_escapes_folding_and_unknown_year():
    record = only_record("v30_apple.vcf")
    assert record.name == "Dr. Zoë O'Brien"
    assert record.uid == "5F2B6C3E-1A2B-4C3D-8E9F-0123456789AB"
    assert record.emails == ["zoe@acme.example", "zoe.obrien@home.example"]
    assert record.company == "Acme, Inc."
    assert record.birthday == "--07-15"
    assert record.notes == (
        "Loves long, folded notes that go on and on past the seventy-five octet limit."
        "\nSecond line."
    )
    assert record.tags == ["friends", "book-club"]


def test_vcard_40_uri_values_and_month_day_birthday():
    record = only_record("v40.vcf")
    assert record.name == "Ana María López"
    assert record.uid == "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert record.phones == ["+1-555-555-0199"]
    assert record.birthday == "--02-03"
    assert (record.company, record.role) == ("Example Org", "Engineer")


def test_multiple_cards_name_from_n_and_nameless_card_skipped_with_its_line():
    result = read_vcard_file(FIXTURES / "multiple.vcf")
    assert [r.name for r in people(result)] == ["Alice Smith", "Bob J. K. Smith Jr.", "Carol Jones"]
    alice, bob, carol = people(result)
    assert alice.birthday == "1980-01-01"
    assert bob.birthday == "--02-29"
    assert carol.birthday is None  # 1985-13-45 is not a day
    [skipped] = result.skipped
    assert (skipped.index, skipped.line) == (3, 13)
    assert "no name" in skipped.reason and "nobody@example.com" in skipped.reason


def test_cp1252_file_is_decoded():
    record = only_record("cp1252.vcf")
    assert record.name == "André Björk"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_files_with_a_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "bom.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Łukasz\r\nEND:VCARD\r\n".encode(encoding))
    assert [r.name for r in people(read_vcard_file(path))] == ["Łukasz"]


def test_garbage_file_raises_one_line_error():
    with pytest.raises(VCardError) as error:
        read_vcard_file(FIXTURES / "garbage.vcf")
    assert "\n" not in str(error.value)
    assert "garbage.vcf: line 3: binary data" in str(error.value)
    assert error.value.exit_code == 2


def test_unterminated_card_raises_with_its_line():
    text = "BEGIN:VCARD\nFN:A\nEND:VCARD\n\nBEGIN:VCARD\nFN:B\n"
    with pytest.raises(VCardError, match="line 5: BEGIN:VCARD without a matching END:VCARD"):
        parse_vcards(text)


def test_missing_file_raises_vcard_error(tmp_path):
    with pytest.raises(VCardError, match="cannot read"):
        read_vcard_file(tmp_path / "absent.vcf")


def test_nested_agent_card_does_not_leak_into_its_owner():
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\n"
        "EMAIL:assistant@example.com\nEND:VCARD\nEMAIL:boss@example.com\nEND:VCARD\n"
    )
    [record] = people(parse_vcards(text))
    assert (record.name, record.emails) == ("Boss", ["boss@example.com"])


def test_android_system_group_and_non_address_emails_are_dropped():
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Dee\nEMAIL;PREF:not an address\nEMAIL:dee@example.com\n"
        "CATEGORIES:My Contacts,Starred in Android,Climbing\nEND:VCARD\n"
    )
    [record] = people(parse_vcards(text))
    assert record.emails == ["dee@example.com"]
    assert record.tags == ["climbing"]


@pytest.mark.parametrize(
    ("bday", "expected"),
    [
        ("19800101", "1980-01-01"),
        ("1980-01-01", "1980-01-01"),
        ("--0101", "--01-01"),
        ("--01-01", "--01-01"),
        ("1980-01-01T00:00:00Z", "1980-01-01"),
        ("19800101T120000+0100", "1980-01-01"),
        ("circa 1980", None),
        ("1980", None),
    ],
)
def test_birthday_formats(bday, expected):
    [record] = people(parse_vcards(f"BEGIN:VCARD\nVERSION:4.0\nFN:X\nBDAY:{bday}\nEND:VCARD\n"))
    assert record.birthday == expected


# Real exports (ez-vcard test resources) sit beside the clone in CI and on dev machines;
# they are never copied into the project. name -> (names, emails of all records, skipped).
SHARED_EXPECTED = {
    "John_Doe_ANDROID.vcf": (
        ["Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ", "ÑÑÑÑ"],
        ["bob@company.com", "henry@company.com"],
        2,
    ),
    "John_Doe_BLACK_BERRY.vcf": (["John Doe"], [], 0),
    "John_Doe_EVOLUTION.vcf": (["Mr. John Richter, James Doe Sr."], ["john.doe@ibm.com"], 0),
    "John_Doe_GMAIL.vcf": (["Mr. John Richter, James Doe Sr."], ["john.doe@ibm.com"], 0),
    "John_Doe_LOTUS_NOTES.vcf": (
        ["Mr. Doe John I Johny"], ["john.doe@ibm.com", "billy_bob@gmail.com"], 0,
    ),
    "John_Doe_MAC_ADDRESS_BOOK.vcf": (["Mr. John Richter,James Doe Sr."], ["john.doe@ibm.com"], 0),
    "John_Doe_MS_OUTLOOK.vcf": (["Mr. John Richter James Doe Sr."], ["john.doe@ibm.cm"], 0),
    "fullcontact.vcf": (
        ["Prefix FirstName MiddleName LastName Suffix"],
        ["home@example.com", "work@example.com", "school@example.com", "other@example.com",
         "custom@example.com"],
        0,
    ),
    "gmail-single.vcf": (["Greg Dartmouth"], ["gdartmouth@hotmail.com"], 0),
    "gmail-single2.vcf": (
        ["VCard Test"],
        ["email@example.com", "homeemail@example.com", "workemail@example.com",
         "otheremail@example.com", "customcategory@example.com"],
        0,
    ),
    "outlook-2003.vcf": (["John Doe III"], ["jdoe@hotmail.com"], 0),
    "rfc2426-example.vcf": (
        ["Frank Dawson", "Tim Howes"],
        ["Frank_Dawson@Lotus.com", "fdawson@earthlink.net", "howes@netscape.com"],
        0,
    ),
}


def test_the_shared_real_vcards_are_there():
    require_vcards()
    assert sorted(path.name for path in SHARED_VCARDS.glob("*.vcf")) == sorted(SHARED_EXPECTED)


@pytest.mark.parametrize("path", sorted(SHARED_VCARDS.glob("*.vcf")), ids=lambda path: path.name)
def test_every_shared_vcard_imports_with_the_right_names_and_emails(path):
    assert path.name in SHARED_EXPECTED, f"add the expected names and emails of {path.name}"
    names, emails, skipped = SHARED_EXPECTED[path.name]
    result = read_vcard_file(path)
    assert [r.name for r in people(result)] == names
    assert [email for r in people(result) for email in r.emails] == emails
    assert len(result.skipped) == skipped


def test_shared_outlook_2003_details():
    require_vcards()
    [record] = people(read_vcard_file(SHARED_VCARDS / "outlook-2003.vcf"))
    assert record.company == "Company, The"
    assert record.birthday == "1980-03-21"
    assert record.notes == "This is the note field!!\nSecond line\n\nThird line is empty"
