"""Calendar truth: only events the user took part in count, and one bad event costs one warning.

The fixtures are shaped on real files, each naming its model in an X-RMLOG-MODELLED-ON line:
icalendar's tutorial example (a reused UID), khal's test calendars (a bare VEVENT with
folded, delegated attendees; TZID=FOO without a VTIMEZONE), python-recurring-ical-events'
Google calendar (a group calendar as attendee), and the shapes issue 22 reports (Google's
birthdays with RDATE:20131210Z, a Confluence calendar with only Fred, Outlook invitations).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from rmlog.io.calendar import CalendarError, read_calendar

FIXTURES = Path(__file__).parent / "fixtures" / "calendar"
ME = ["me@example.com"]
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def read(name: str, **options):
    options.setdefault("me", ME)
    return read_calendar(FIXTURES / name, now=NOW, **options)


def test_with_my_address_only_events_i_organised_or_accepted_count():
    result = read("invitations.ics")
    one_offs = [m.key for m in result.meetings if m.series is None]
    assert one_offs == ["accepted", "tentative", "by-hand", "mine"]
    assert result.left_out == {"unanswered": 1, "declined": 1, "cancelled": 1}
    assert {m.initiated_by for m in result.meetings if m.key == "mine"} == {"me"}


def test_without_my_address_every_event_but_the_cancelled_counts():
    result = read("invitations.ics", me=())
    one_offs = [m.key for m in result.meetings if m.series is None]
    assert one_offs == ["accepted", "tentative", "by-hand", "mine", "unanswered", "declined"]
    assert result.left_out == {"cancelled": 1}


def test_a_calendar_of_someone_elses_meetings_adds_nothing():
    result = read("confluence_fred.ics", since=utc(2018, 1, 1))
    assert result.meetings == []
    assert result.left_out["without you"] > 400  # weekly since 2018: Fred's, not mine
    assert read("confluence_fred.ics", me=()).meetings != []  # today's rule without --me


def test_rooms_resources_groups_and_list_addresses_are_never_people():
    result = read("google_group.ics")
    assert {m.attendees for m in result.meetings} == {("dan@example.com",)}  # the weekly sync
    assert all(m.note == "Team sync" for m in result.meetings)  # the flight had only robots
    assert result.left_out == {}


def test_one_bad_event_costs_a_warning_naming_file_line_and_uid():
    result = read("google_birthdays.ics")
    assert [m.note for m in result.meetings] == ["Dinner with Kim"]
    [warning] = result.warnings
    assert warning.startswith(f"{FIXTURES / 'google_birthdays.ics'}: line 6 (UID 2013_BIRTHDAY_self@google.com): ")
    assert "RDATE cannot be read ('20131210Z')" in warning
    with pytest.raises(CalendarError, match=r"google_birthdays\.ics: line 6: .*RDATE"):
        read("google_birthdays.ics", strict=True)


def test_a_reused_uid_keeps_both_events_apart_and_is_warned_about():
    result = read("reused_uid.ics", me=())
    assert [(m.key, m.note) for m in result.meetings] == [
        ("d755cef5-2311-46ed-a0e1-6733c9e15c63#20260228T070000Z", "Morning ride with the team."),
    ]  # the first event (the bicycle pickup) has nobody in it
    assert result.meetings[0].attendees == ("me@example.com", "another_friend@example.com",
                                            "late_joiner@example.com")
    [warning] = result.warnings
    assert "line 13 (UID d755cef5" in warning and "used again (first on line 6)" in warning


def test_a_bare_vevent_file_is_read_with_folded_and_delegated_attendees():
    [meeting] = read("bare_vevent.ics").meetings
    assert meeting.start == utc(2026, 2, 9, 8, 30)  # Europe/Berlin
    assert meeting.attendees == ("hcabot@example.com", "jqpublic@example.com")  # not the delegator
    assert meeting.names == {"hcabot@example.com": "Henry Cabot"}


def test_an_unknown_tzid_is_read_as_utc_and_named():
    result = read("unknown_tzid.ics", me=())
    assert [m.start for m in result.meetings] == [utc(2026, 2, 9, 9, 30)]
    assert result.warnings == [f"{FIXTURES / 'unknown_tzid.ics'}: line 5: "
                               "unknown time zone TZID=FOO; its times are read as UTC"]


def test_a_long_series_is_read_from_two_years_back_unless_since():
    result = read("invitations.ics")
    daily = [m for m in result.meetings if m.series == "daily-sync"]
    assert daily[0].start == utc(2024, 3, 11, 8, 30)  # the first weekday of the default window
    assert result.cut_series == 1 and result.expanded_from == utc(2024, 3, 10, 8, 0)
    longer = [m for m in read("invitations.ics", since=utc(2016, 1, 1)).meetings if m.series == "daily-sync"]
    assert longer[0].start == utc(2016, 1, 4, 8, 30) and len(longer) > 2600
