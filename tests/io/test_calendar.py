"""Calendar import: fixtures in the shapes of Google, Outlook and Thunderbird exports.

The fixtures follow real exports (icalendar's test calendars): Google's VTIMEZONE plus
X-WR-TIMEZONE, folded ATTENDEE lines and Meet block; Outlook's Windows zone names
('W. Europe Standard Time', with and without a VTIMEZONE), MAILTO: in upper case and Teams
properties; Thunderbird's X-TZINFO zones, RDATE and floating times.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from rmlog.io.calendar import CalendarError, parse_ics, read_calendar

FIXTURES = Path(__file__).parent / "fixtures" / "calendar"
ME = ["me@example.com"]
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)  # tests/conftest.py's RMLOG_NOW
DANA_UID = "0k2q7lq1s6d5vj3c8m1b2a9f4e@google.com"
OUTLOOK_SERIES = ("040000008200E00074C5B7101A82E00800000000C41E94C5B4F3DA01000000000000000"
                  "0100000007EA1D0AA9DB96545A536FABC0B0C1F5A")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def meetings(name: str, **options):
    options.setdefault("me", ME)
    options.setdefault("now", NOW)
    result = read_calendar(FIXTURES / name, **options)
    assert result.skipped == []
    return result.meetings


def ics(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{head}{body}END:VCALENDAR\r\n".encode()


def test_google_export_recurrence_exceptions_declines_and_all_day_events():
    found = {m.key: m for m in meetings("google.ics")}
    assert list(found) == [
        f"{DANA_UID}#20260202T090000Z",
        f"{DANA_UID}#20260216T090000Z",  # moved to Tuesday 14:00; keeps its occurrence key
        "5t9b3c2d1e0f@google.com",
        f"{DANA_UID}#20260302T090000Z",
        "offsite@google.com",
        f"{DANA_UID}#20260309T090000Z",
    ]  # 02-09 EXDATE, 02-23 cancelled, 02-26 declined, vacation alone, 03-16 and 03-20 future
    moved = found[f"{DANA_UID}#20260216T090000Z"]
    assert moved.start == utc(2026, 2, 17, 13, 0)
    assert moved.note == "Dana / me weekly (moved to Tuesday)"
    assert (moved.kind, moved.initiated_by) == ("call", "me")  # X-GOOGLE-CONFERENCE Meet link
    assert moved.attendees == ("dana.scully@example.org",)
    assert found[f"{DANA_UID}#20260302T090000Z"].note == "Dana / me weekly"  # Meet block dropped


def test_google_attendees_skip_me_rooms_decliners_and_non_addresses():
    found = {m.key: m for m in meetings("google.ics")}
    lunch = found["5t9b3c2d1e0f@google.com"]
    assert lunch.start == utc(2026, 2, 20, 11, 30)
    assert lunch.attendees == ("eve@example.org",)
    assert lunch.organizer == "eve@example.org"
    assert (lunch.kind, lunch.initiated_by) == ("meeting", "them")
    assert lunch.note == "Lunch with Eve\nCatch up on the book & the tour"  # HTML description
    offsite = found["offsite@google.com"]
    assert offsite.attendees == ("grace@example.com",)  # 'invalid:nomail' is no address
    assert offsite.start == utc(2026, 3, 4, 23, 0)  # all-day: local (Berlin) midnight


def test_outlook_windows_zones_mixed_case_mailto_teams_and_cancelled():
    found = {m.key: m for m in meetings("outlook.ics", me=["ME@example.com"])}
    series = [found[f"{OUTLOOK_SERIES}#{day}T143000Z"] for day in ("20260210", "20260224", "20260303")]
    assert [m.start for m in series] == [utc(2026, 2, 10, 14, 30), utc(2026, 2, 24, 14, 30),
                                         utc(2026, 3, 3, 14, 30)]  # COUNT=4 less one EXDATE
    assert series[0].attendees == ("ivan.petrov@contoso.com", "judy@contoso.com")
    assert (series[0].kind, series[0].note, series[0].initiated_by) == ("call", "Vendor sync", "them")
    [contract] = [m for m in found.values() if m.note.startswith("Judy")]
    assert contract.start == utc(2026, 3, 3, 17, 0)  # 'Pacific Standard Time', no VTIMEZONE
    assert (contract.kind, contract.initiated_by) == ("meeting", "me")
    assert contract.note == "Judy / contract\nContract review"
    assert len(found) == 4  # 'Canceled: Budget' has STATUS:CANCELLED


def test_thunderbird_rdate_email_parameter_jitsi_and_floating_time():
    found = meetings("thunderbird.ics")
    club = [m for m in found if m.note == "Book club"]
    assert [m.start for m in club] == [utc(2026, 1, 1, 19), utc(2026, 1, 22, 19),
                                       utc(2026, 2, 5, 19), utc(2026, 3, 5, 19)]
    assert club[0].attendees == ("kim@example.co.uk", "lee@example.co.uk")
    assert club[0].kind == "call"  # meet.jit.si in LOCATION
    [coffee] = [m for m in found if m.note == "Coffee with Kim"]
    assert coffee.start == utc(2026, 2, 12, 7, 30)  # floating 08:30 in Berlin
    assert coffee.kind == "call"  # zoom.us in URL


def test_floating_times_and_all_day_dates_follow_the_local_zone(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    data = ics("UID:f\r\nDTSTART:20260212T083000\r\nORGANIZER:mailto:kim@x.io",
               "UID:d\r\nDTSTART;VALUE=DATE:20260213\r\nATTENDEE:mailto:kim@x.io")
    starts = {m.key: m.start for m in parse_ics(data, "x.ics", now=NOW).meetings}
    assert starts == {"f": utc(2026, 2, 12, 13, 30), "d": utc(2026, 2, 13, 5, 0)}


def test_since_and_now_bound_the_window():
    found = meetings("google.ics", since=utc(2026, 3, 1), now=utc(2026, 3, 9, 9, 0))
    assert [m.start for m in found] == [utc(2026, 3, 2, 9), utc(2026, 3, 4, 23), utc(2026, 3, 9, 9)]


def test_a_newer_export_keeps_keys_of_moved_events():
    before = ics("UID:one\r\nDTSTART:20260201T100000Z\r\nATTENDEE:mailto:a@x.io\r\nDTSTAMP:20260201T000000Z")
    after = ics("UID:one\r\nDTSTART:20260203T150000Z\r\nATTENDEE:mailto:a@x.io\r\nDTSTAMP:20260305T000000Z")
    [old] = parse_ics(before, "a.ics", now=NOW).meetings
    [new] = parse_ics(after, "b.ics", now=NOW).meetings
    assert old.key == new.key == "one"
    assert new.start == utc(2026, 2, 3, 15)


def test_event_without_uid_gets_a_key_that_survives_a_new_export():
    def export(stamp: str) -> bytes:
        return ics(f"DTSTART:20260201T100000Z\r\nSUMMARY:Tea\r\nATTENDEE:mailto:a@x.io\r\nDTSTAMP:{stamp}")

    [first] = parse_ics(export("20260201T000000Z"), "a.ics", now=NOW).meetings
    [second] = parse_ics(export("20260309T000000Z"), "a.ics", now=NOW).meetings
    assert first.key == second.key and first.key.startswith("rmlog-")


def test_timed_event_with_only_me_or_nobody_is_not_a_meeting():
    data = ics("UID:a\r\nDTSTART:20260201T100000Z\r\nORGANIZER:mailto:me@example.com\r\n"
               "ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com",
               "UID:b\r\nDTSTART:20260201T100000Z\r\nSUMMARY:Focus time")
    assert parse_ics(data, "x.ics", me=ME, now=NOW).meetings == []


def test_end_before_start_keeps_the_start():
    data = ics("UID:a\r\nDTSTART:20260201T100000Z\r\nDTEND:20260101T100000Z\r\nATTENDEE:mailto:a@x.io")
    [meeting] = parse_ics(data, "x.ics", now=NOW).meetings
    assert meeting.start == utc(2026, 2, 1, 10)


def test_unknown_x_wr_timezone_is_ignored():
    data = ics("UID:a\r\nDTSTART:20260201T100000Z\r\nATTENDEE:mailto:a@x.io",
               head="X-WR-TIMEZONE:Mars/Olympus_Mons\r\n")
    [meeting] = parse_ics(data, "x.ics", now=NOW).meetings
    assert meeting.start == utc(2026, 2, 1, 10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"x\.ics: line 3: binary data"),
        ("BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\n".encode("latin-1"), r"x\.ics: line 2: not UTF-8"),
        (b"BEGIN:VCALENDAR\r\nX-JUNK:" + b"a" * (20 << 20) + b"\r\nEND:VCALENDAR\r\n",
         r"x\.ics: line 2 is longer than 1 MB"),
        (ics("UID:a\r\nDTSTART:20260201T100000Z")[:-30], r"x\.ics: line 3: BEGIN:VEVENT is never closed"),
        (b"Subject: not a calendar\r\n", r"x\.ics: line 1: expected BEGIN:VCALENDAR"),
        (b"", r"x\.ics: empty"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\n", r"line 3: END:VTODO without its BEGIN"),
    ],
    ids=["binary", "latin-1", "20 MB line", "truncated", "not ics", "empty", "mismatched END"],
)
def test_bad_files_raise_one_line_input_errors_naming_file_and_line(data, message):
    with pytest.raises(CalendarError, match=message) as error:
        parse_ics(data, "x.ics", me=ME, now=NOW).meetings
    assert "\n" not in str(error.value)
    assert error.value.exit_code == 2


GOOD = "UID:ok\r\nDTSTART:20260201T100000Z\r\nATTENDEE:mailto:a@x.io"


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("UID:a\r\nDTSTART:2026-02-01", r"line 8 \(UID a\): the event's DTSTART cannot be read"),
        ("UID:a\r\nSUMMARY:no start", r"line 8 \(UID a\): the event has no DTSTART"),
        ("UID:a\r\nDTSTART:20260201T100000Z\r\nRRULE:FREQ=SOMETIMES", r"line 8 \(UID a\): the event's RRULE cannot be read"),
        ("UID:a\r\nDTSTART:20260201T100000Z\r\nRRULE:FREQ=DAILY;INTERVAL=0",
         r"line 8 \(UID a\): the event's RRULE has an INTERVAL below 1"),  # the expander would loop forever
        ("UID:a\r\nDTSTART:20260201T100000Z\r\nRRULE:FREQ=SECONDLY",
         r"line 8 \(UID a\): the event's RRULE repeats more often than hourly"),
        ("UID:a\r\nDTSTART:20260201T100000Z\r\nRRULE:FREQ=DAILY;BYHOUR=99", r"line 8 \(UID a\): cannot work out the event's dates"),
        ("UID:bday\r\nDTSTART;VALUE=DATE:20131210\r\nRDATE:20131210Z\r\nATTENDEE:mailto:a@x.io",
         r"line 8 \(UID bday\): the event's RDATE cannot be read \('20131210Z'\)"),  # Google's birthdays
    ],
    ids=["bad DTSTART", "no DTSTART", "bad RRULE", "INTERVAL=0", "SECONDLY", "unexpandable", "RDATE with Z"],
)
def test_an_unreadable_event_costs_a_warning_not_the_file_unless_strict(event, message):
    data = ics(GOOD, event)
    result = parse_ics(data, "x.ics", me=(), now=NOW)
    assert [m.key for m in result.meetings] == ["ok"]
    [warning] = result.warnings
    assert re.search(r"^x\.ics: " + message, warning) and warning.endswith("the event is skipped")
    with pytest.raises(CalendarError, match=r"x\.ics: line 8: .*--strict") as error:
        parse_ics(data, "x.ics", now=NOW, strict=True)
    assert "\n" not in str(error.value)


def test_missing_file_raises_calendar_error(tmp_path):
    with pytest.raises(CalendarError, match="cannot read"):
        read_calendar(tmp_path / "absent.ics", now=NOW)


def test_utf16_export_with_bom_is_read():
    data = ics("UID:a\r\nDTSTART:20260201T100000Z\r\nATTENDEE:mailto:a@x.io").decode().encode("utf-16")
    assert [m.key for m in parse_ics(data, "x.ics", now=NOW).meetings] == ["a"]


def vdir(tmp_path: Path) -> Path:
    """A khal/vdirsyncer calendar: one event per file, two collections, hidden files ignored."""
    for collection, name, event in [
        ("work", "a1.ics", "UID:a1\r\nDTSTART:20260201T100000Z\r\nATTENDEE:mailto:a@x.io"),
        ("work", "b2.ics", "UID:b2\r\nDTSTART:20260202T100000Z\r\nATTENDEE:mailto:b@x.io"),
        ("home", "c3.ics", "UID:c3\r\nDTSTART:20260203T100000Z\r\nATTENDEE:mailto:c@x.io"),
        ("home", ".c3.ics.tmp", "UID:tmp\r\nDTSTART:20260203T100000Z\r\nATTENDEE:mailto:c@x.io"),
        (".git", "x.ics", "UID:git\r\nDTSTART:20260203T100000Z\r\nATTENDEE:mailto:c@x.io"),
    ]:
        (tmp_path / collection).mkdir(exist_ok=True)
        (tmp_path / collection / name).write_bytes(ics(event))
    return tmp_path


def test_vdir_reads_every_collection(tmp_path):
    result = read_calendar(vdir(tmp_path), now=NOW)
    assert [m.key for m in result.meetings] == ["a1", "b2", "c3"]
    assert result.skipped == []


def test_vdir_skips_a_bad_file_with_its_name_unless_strict(tmp_path):
    folder = vdir(tmp_path)
    bad = folder / "work" / "b2.ics"
    bad.write_bytes(bad.read_bytes()[:40])
    result = read_calendar(folder, now=NOW)
    assert [m.key for m in result.meetings] == ["a1", "c3"]
    [skipped] = result.skipped
    assert skipped.path == bad
    assert str(bad) in skipped.reason and "never closed" in skipped.reason
    with pytest.raises(CalendarError, match="b2.ics"):
        read_calendar(folder, now=NOW, strict=True)


def test_folder_without_ics_files_is_an_error(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(CalendarError, match="no .ics files"):
        read_calendar(tmp_path, now=NOW)


def test_names_are_the_attendees_cn_unless_it_is_an_address():
    google = {m.key: m for m in meetings("google.ics")}
    assert google["5t9b3c2d1e0f@google.com"].names == {"eve@example.org": "Eve Moneypenny"}
    outlook = meetings("outlook.ics")
    assert outlook[0].names == {"ivan.petrov@contoso.com": "Petrov, Ivan", "judy@contoso.com": "Judy Hopps"}
    [found] = parse_ics(ics("UID:a\r\nDTSTART:20260301T100000Z\r\n"
                            "ORGANIZER;CN=bo@x.io:mailto:bo@x.io\r\n"
                            'ATTENDEE;CN="Al  Ng":mailto:AL@x.io\r\nATTENDEE;CN=Me:mailto:me@example.com'),
                        "x.ics", me=ME, now=NOW).meetings
    assert found.names == {"al@x.io": "Al Ng"}
