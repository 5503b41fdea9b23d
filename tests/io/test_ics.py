"""ICS export: parsed back with icalendar, stable UIDs, RFC 5545 line rules."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from rmlog.io.ics import PRODID, CalendarItem, build_calendar

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone(timedelta(hours=1)))
BERLIN_EVENING = datetime(2026, 3, 12, 18, 30, tzinfo=timezone(timedelta(hours=1)))
ITEMS = [
    CalendarItem("p-1", "Reconnect with Alice", "Last contact 20 days ago", date(2026, 3, 10),
                 "reconnect"),
    CalendarItem("c-9", "Send Bob the deck", None, BERLIN_EVENING, "commitment"),
]


def todos(data: bytes):
    return Calendar.from_ical(data).walk("VTODO")


def test_calendar_header_and_one_todo_per_item():
    calendar = Calendar.from_ical(build_calendar(ITEMS, NOW))
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert len(calendar.walk("VTODO")) == 2


def test_todo_fields():
    reconnect, commitment = todos(build_calendar(ITEMS, NOW))
    assert str(reconnect["SUMMARY"]) == "Reconnect with Alice"
    assert str(reconnect["DESCRIPTION"]) == "Last contact 20 days ago"
    assert reconnect.decoded("DUE") == date(2026, 3, 10)
    assert str(reconnect["STATUS"]) == "NEEDS-ACTION"
    assert reconnect.decoded("DTSTAMP") == datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)
    assert "DESCRIPTION" not in commitment
    assert commitment.decoded("DUE") == datetime(2026, 3, 12, 17, 30, tzinfo=timezone.utc)


def test_uids_are_stable_and_distinct_per_kind():
    first = [str(t["UID"]) for t in todos(build_calendar(ITEMS, NOW))]
    again = [str(t["UID"]) for t in todos(build_calendar(ITEMS, NOW + timedelta(days=3)))]
    assert first == again == ["reconnect-p-1@rmlog", "commitment-c-9@rmlog"]
    same_uid = [CalendarItem("x", "a", None, date(2026, 1, 1), "reconnect"),
                CalendarItem("x", "b", None, date(2026, 1, 1), "commitment")]
    uids = [str(t["UID"]) for t in todos(build_calendar(same_uid, NOW))]
    assert len(set(uids)) == 2


def test_lines_are_crlf_terminated_and_folded_within_75_octets():
    notes = "Ünïcödé notes " * 30
    long_item = CalendarItem("p-2", "Reconnect with Zoë", notes, date(2026, 3, 10), "reconnect")
    data = build_calendar([long_item], NOW)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the description was folded
    [todo] = todos(data)
    assert str(todo["DESCRIPTION"]) == notes


def test_naive_due_time_and_unknown_kind_are_rejected():
    with pytest.raises(ValueError, match="no time zone"):
        build_calendar([CalendarItem("p", "s", None, datetime(2026, 3, 1, 9), "reconnect")], NOW)
    with pytest.raises(ValueError, match="kind"):
        build_calendar([CalendarItem("p", "s", None, date(2026, 3, 1), "birthday")], NOW)


def test_empty_calendar_is_still_valid():
    calendar = Calendar.from_ical(build_calendar([], NOW))
    assert calendar.walk("VTODO") == [] and str(calendar["PRODID"]) == PRODID
