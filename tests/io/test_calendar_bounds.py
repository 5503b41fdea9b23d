"""Hostile calendars: tiny files that used to take gigabytes or minutes are refused or capped.

Each case is from the attack on calendar expansion (issue 21): an hourly rule from 1900, a
daily rule made minutely by BYHOUR/BYMINUTE, a VTIMEZONE that changes every second, a
control character in a parameter, a CR-only file. No test times anything: the bounds are
counts (Limits), and the time budget is checked by setting it to nothing.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rmlog.io.calendar import CalendarError, Limits, parse_ics

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
MINUTES = ",".join(str(n) for n in range(60))
HOURS = ",".join(str(n) for n in range(24))


def ics(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{head}{body}END:VCALENDAR\r\n".encode()


def event(uid: str, start: str, *more: str) -> str:
    return "\r\n".join([f"UID:{uid}", f"DTSTART:{start}", "ATTENDEE:mailto:a@x.io", *more])


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("RRULE:FREQ=HOURLY", "repeats hourly about 1,106,"),
        (f"RRULE:FREQ=DAILY;BYHOUR={HOURS};BYMINUTE={MINUTES}", "repeats more often than hourly"),
        ("RRULE:FREQ=MINUTELY", "repeats more often than hourly"),
        ("RRULE:FREQ=HOURLY;BYMINUTE=0,30", "repeats more often than hourly"),
    ],
    ids=["hourly from 1900", "BYHOUR x BYMINUTE", "MINUTELY", "half-hourly"],
)
def test_a_runaway_rule_is_refused_for_its_event_only(rule, message):
    result = parse_ics(ics(event("ok", "20260201T100000Z"), event("bad", "19000101T000000Z", rule)),
                       "x.ics", now=NOW)
    assert [m.key for m in result.meetings] == ["ok"]
    [warning] = result.warnings
    assert "(UID bad)" in warning and message in warning


def test_a_series_stops_at_its_cap_and_says_so():
    data = ics(event("hourly", "20260301T000000Z", "RRULE:FREQ=HOURLY"))
    result = parse_ics(data, "x.ics", now=NOW, limits=Limits(series=50))
    assert len(result.meetings) == 50
    assert "more than 50 occurrences" in result.warnings[0]


def test_a_file_stops_at_its_cap_and_at_its_time_budget():
    data = ics(*(event(f"e{n}", f"202602{n + 1:02}T100000Z") for n in range(20)))
    capped = parse_ics(data, "x.ics", now=NOW, limits=Limits(file=5))
    assert len(capped.meetings) == 5 and "more than 5 meetings" in capped.warnings[0]
    late = parse_ics(data, "x.ics", now=NOW, limits=Limits(seconds=-1))
    assert len(late.meetings) == 1 and "the rest of the file is not read" in late.warnings[0]
    with pytest.raises(CalendarError, match="pass --since to read less"):
        parse_ics(data, "x.ics", now=NOW, limits=Limits(file=5), strict=True)


def test_a_vtimezone_finer_than_daily_is_refused_and_its_times_read_as_utc():
    zone = ("BEGIN:VTIMEZONE\r\nTZID:Evil\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
            "RRULE:FREQ=SECONDLY\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
            "END:VTIMEZONE\r\n")
    data = ics("UID:z\r\nDTSTART;TZID=Evil:20260201T100000\r\nATTENDEE:mailto:a@x.io", head=zone)
    result = parse_ics(data, "x.ics", now=NOW)
    assert [m.start for m in result.meetings] == [datetime(2026, 2, 1, 10, tzinfo=timezone.utc)]
    assert result.warnings == ["x.ics: line 3: time zone 'Evil' changes more often than daily; "
                               "its times are read as UTC"]


def test_a_control_character_in_a_parameter_is_a_warning_not_a_traceback():
    data = ics("UID:c\r\nDTSTART:20260201T100000Z\r\nATTENDEE;CN=a\x07b:mailto:ab@x.io")
    [meeting] = parse_ics(data, "x.ics", now=NOW).meetings
    assert meeting.attendees == ("ab@x.io",) and meeting.names == {}
    warnings = parse_ics(data, "x.ics", now=NOW).warnings
    assert warnings == ["x.ics: line 3 (UID c): a name (CN) with control characters is left out"]
    bell_address = ics("UID:d\r\nDTSTART:20260201T100000Z\r\nATTENDEE:mailto:a\x07b@x.io")
    assert parse_ics(bell_address, "x.ics", now=NOW).meetings == []


def test_a_cr_only_file_is_read():
    data = ics(event("cr", "20260201T100000Z")).replace(b"\r\n", b"\r")
    assert [m.key for m in parse_ics(data, "x.ics", now=NOW).meetings] == ["cr"]
