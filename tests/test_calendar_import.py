"""`rmlog import cal.ics`: meetings from calendar exports become interactions, once each.

The calendars are the Google, Outlook and Thunderbird-shaped fixtures of tests/io (see
tests/io/test_calendar.py), copied to a temp folder and changed there as a newer export would be.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "io" / "fixtures" / "calendar"
LUNCH = "DTSTART:20260220T113000Z"


@pytest.fixture
def calendar(tmp_path) -> Path:
    path = tmp_path / "cal.ics"
    shutil.copy(FIXTURES / "google.ics", path)
    return path


def handles_due(rmlog) -> list[str]:
    return [person["handle"] for person in rmlog.json("due")["people"]]


def test_a_new_user_imports_a_month_of_calendar(known, calendar):
    rmlog = known
    assert handles_due(rmlog) == ["dana-scully", "eve"]

    dry = rmlog("import", str(calendar), "--dry-run")
    assert "Would add or update (5)" in dry.stdout
    assert "2026-02-17 14:00  call     Dana Scully  Dana / me weekly (moved to Tuesday)" in dry.stdout
    assert "Dry run, nothing written. 6 past meetings; would import interactions: 5 added" in dry.stdout
    assert rmlog.json("interactions") == [] and len(rmlog.json("history")) == 2  # the two adds

    done = rmlog("import", str(calendar))
    assert "imported interactions: 5 added, 0 updated, 0 unchanged" in done.stdout
    assert ("rmlog: warning: 1 meeting with grace@example.com: "
            "rmlog add 'Grace Hopper' --email grace@example.com") in done.stderr
    assert "--new to add them all" in done.stderr
    assert handles_due(rmlog) == []  # the meetings count as contact
    dana = rmlog.json("show", "dana-scully")
    assert dana["last_contact"] == "2026-03-09T10:00:00+01:00"
    assert [(i["occurred_at"], i["kind"], i["initiated_by"], i["notes"]) for i in dana["recent_interactions"]][-2:] == [
        ("2026-02-17T14:00:00+01:00", "call", "me", "Dana / me weekly (moved to Tuesday)"),
        ("2026-02-02T10:00:00+01:00", "call", "me", "Dana / me weekly"),
    ]
    assert "Dana / me weekly" in rmlog("show", "dana-scully").stdout
    eve = rmlog.json("interactions", "eve")
    assert [(i["kind"], i["initiated_by"], i["notes"]) for i in eve] == [
        ("meeting", "them", "Lunch with Eve\nCatch up on the book & the tour")]

    again = rmlog("import", str(calendar))
    assert "interactions: 0 added, 0 updated, 5 unchanged" in again.stdout
    assert len(rmlog.json("interactions")) == 5
    assert len(rmlog.json("history")) == 3  # a repeat that changes nothing is no operation

    calendar.write_text(calendar.read_text().replace(LUNCH, "DTSTART:20260306T120000Z"))
    moved = rmlog("import", str(calendar))
    assert "interactions: 0 added, 1 updated, 4 unchanged" in moved.stdout
    assert [i["occurred_at"] for i in rmlog.json("interactions", "eve")] == ["2026-03-06T13:00:00+01:00"]
    assert rmlog.json("show", "eve")["last_contact"] == "2026-03-06T13:00:00+01:00"  # links moved too

    rmlog("undo")  # the move
    assert rmlog.json("show", "eve")["last_contact"] == "2026-02-20T12:30:00+01:00"
    undone = rmlog("undo").stdout  # #3 on SQLite; PostgreSQL's sequences skip the dry run's id
    assert undone.startswith("Undid #") and " `import " in undone
    assert rmlog.json("interactions") == []
    assert handles_due(rmlog) == ["dana-scully", "eve"]


def test_an_edited_imported_meeting_keeps_the_users_note_and_a_new_person_is_linked(known, calendar):
    rmlog = known
    rmlog("import", str(calendar))
    [lunch] = rmlog.json("interactions", "eve")
    rmlog("edit-log", str(lunch["id"]), "-m", "my own note", "--mood", "1")
    rmlog("add", "Grace Hopper", "--email", "GRACE@example.com")
    result = rmlog("import", str(calendar))
    assert "interactions: 1 added, 0 updated, 5 unchanged" in result.stdout
    assert result.stderr.count("warning") == 0
    [lunch] = rmlog.json("interactions", "eve")
    assert (lunch["notes"], lunch["sentiment"]) == ("my own note", 1)
    assert rmlog.json("show", "grace-hopper")["last_contact"] == "2026-03-05T00:00:00+01:00"  # all-day


def test_new_adds_everyone_unmatched_in_the_periphery_with_their_calendar_names(rmlog):
    rmlog("config", "--me", "me@example.com")
    result = rmlog.json("import", str(FIXTURES / "outlook.ics"), "--new")
    assert result["added"] == {"interactions": 4, "people": 2}
    assert result["unmatched"] == []
    people = {p["handle"]: p for p in rmlog.json("people")}
    assert {h: (p["name"], p["circle"], p["emails"]) for h, p in people.items()} == {
        "ivan-petrov": ("Ivan Petrov", "periphery", ["ivan.petrov@contoso.com"]),  # CN 'Petrov, Ivan'
        "judy-hopps": ("Judy Hopps", "periphery", ["judy@contoso.com"]),
    }
    assert len(rmlog.json("interactions", "judy-hopps")) == 4
    rmlog("undo")
    assert rmlog.json("people") == []


def test_new_without_a_name_takes_the_address_and_circle_can_be_chosen(rmlog):
    rmlog("config", "--me", "me@example.com")
    rmlog("import", str(FIXTURES / "thunderbird.ics"), "--new", "--circle", "network")
    people = {p["handle"]: (p["name"], p["circle"]) for p in rmlog.json("people")}
    assert people == {"kim": ("kim", "network"), "lee": ("lee", "network")}


def test_unmatched_addresses_are_counted_most_meetings_first(rmlog):
    rmlog("config", "--me", "me@example.com")
    result = rmlog("import", str(FIXTURES / "outlook.ics"))
    assert "interactions: 0 added" in result.stdout
    assert result.stderr.splitlines() == [
        "rmlog: warning: 4 meetings with judy@contoso.com: rmlog add 'Judy Hopps' --email judy@contoso.com",
        "rmlog: warning: 3 meetings with ivan.petrov@contoso.com: "
        "rmlog add 'Ivan Petrov' --email ivan.petrov@contoso.com",
        "rmlog: warning: or pass --new to add them all (in the periphery circle)",
    ]
    assert rmlog.json("import", str(FIXTURES / "outlook.ics"))["unmatched"] == [
        {"email": "judy@contoso.com", "name": "Judy Hopps", "meetings": 4},
        {"email": "ivan.petrov@contoso.com", "name": "Ivan Petrov", "meetings": 3},
    ]


def test_own_addresses_decide_declines_and_initiator_and_their_absence_is_warned_once(rmlog, calendar):
    rmlog("add", "Frank", "--email", "frank@example.com")  # organised the meeting I declined
    rmlog("add", "Dana", "--email", "dana.scully@example.org")
    unset = rmlog("import", str(calendar), "--dry-run")
    assert unset.stderr.count("rmlog config --me") == 1
    assert "Quarterly planning" in unset.stdout  # without my address, my decline is unknown
    rmlog("config", "--me", "me@example.com")
    assert rmlog.json("config")["me"] == ["me@example.com"]
    result = rmlog("import", str(calendar))
    assert "rmlog config --me" not in result.stderr
    assert rmlog.json("interactions", "frank") == []
    assert {i["initiated_by"] for i in rmlog.json("interactions", "dana")} == {"me"}


def test_since_limits_the_window(known, calendar):
    result = known.json("import", str(calendar), "--since", "2026-03-01", "--dry-run")
    assert [m["occurred_at"] for m in result["meetings"]] == [
        "2026-03-02T10:00:00+01:00", "2026-03-09T10:00:00+01:00"]
    assert known.json("import", str(calendar), "--since", "30d")["added"]["interactions"] == 4


def test_a_folder_of_ics_files_is_a_calendar(known, tmp_path):
    folder = tmp_path / "calendars" / "work"
    folder.mkdir(parents=True)
    for name in ("google.ics", "outlook.ics", "thunderbird.ics"):
        shutil.copy(FIXTURES / name, folder / name)
    result = known.json("import", str(tmp_path / "calendars"))
    assert result["added"]["interactions"] == 5 and result["skipped"] == []
    (folder / "zz-broken.ics").write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n")
    message = known.error("import", str(folder))
    assert "zz-broken.ics: line 2: BEGIN:VEVENT is never closed" in message
    assert message.endswith("nothing imported (fix it or pass --skip-bad to import the other files)")
    skipped = known("import", str(folder), "--skip-bad")
    assert "rmlog: warning: skipped " in skipped.stderr and "zz-broken.ics" in skipped.stderr
    assert "interactions: 0 added, 0 updated, 5 unchanged" in skipped.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T100000Z\r\n",
         "cal.ics: line 3: BEGIN:VEVENT is never closed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "cal.ics: line 3: binary data"),
        (b"BEGIN:VCALENDAR\r\nSUMMARY:caf\xe9\r\nEND:VCALENDAR\r\n", "cal.ics: line 2: not UTF-8"),
        (b"BEGIN:VCALENDAR\r\nX-A:" + b"x" * (2 << 20) + b"\r\nEND:VCALENDAR\r\n", "line 2 is longer than 1 MB"),
    ],
    ids=["truncated", "binary", "encoding", "long line"],
)
def test_a_bad_calendar_is_refused_by_name_and_line_and_nothing_is_written(known, tmp_path, content, expected):
    path = tmp_path / "cal.ics"
    path.write_bytes(content)
    assert expected in known.error("import", str(path))
    assert known.json("interactions") == [] and len(known.json("history")) == 2


def test_options_that_belong_to_other_formats_are_refused(rmlog, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name\nAnn\n")
    assert "--since and --new are for calendars and mail" in rmlog.error("import", str(people), "--since", "30d")
    assert "--strict is for calendars" in rmlog.error("import", str(people), "--strict")
    assert "--circle" in rmlog.error("import", str(FIXTURES / "google.ics"), "--circle", "inner")
    assert "is a folder" in rmlog.error("import", str(tmp_path), "--format", "csv")
    (tmp_path / "empty").mkdir()
    assert "no .ics files" in rmlog.error("import", str(tmp_path / "empty"))


def test_config_me_sets_the_list_and_keeps_the_rest_of_the_file(rmlog, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("RMLOG_CONFIG", str(config))
    config.write_text("# mine\n[cadence.circles]\ninner = 7\n\n[me]\nemails = [\"old@x.io\"]\n\n"
                      "[cadence.tags]\nfamily = 3\n")
    assert "Me: a@x.io, b@y.org" in rmlog("config", "--me", "A@x.io", "--me", "b@y.org").stdout
    assert config.read_text() == ("# mine\n[cadence.circles]\ninner = 7\n\n[cadence.tags]\nfamily = 3\n\n"
                                  "[me]\nemails = [\"a@x.io\", \"b@y.org\"]\n")
    assert rmlog.json("config")["circles"]["inner"] == 7
    assert "not an email address" in rmlog.error("config", "--me", "me")
    config.write_text("me = { emails = [] }\n")
    assert "add the line emails" in rmlog.error("config", "--me", "a@x.io")
    assert config.read_text() == "me = { emails = [] }\n"


def test_the_dry_run_lists_long_series_and_counts_what_was_left_out(rmlog):
    rmlog("config", "--me", "me@example.com")
    rmlog("add", "Dan", "--email", "dan@example.com")
    rmlog("add", "Judy", "--email", "judy@example.com")
    dry = rmlog("import", str(FIXTURES / "invitations.ics"), "--since", "2016-01-01", "--dry-run")
    assert "Long series (pass --since to import less of them):" in dry.stdout
    assert "  Daily Sync: 2,656 occurrences since 2016-01-04 with Dan" in dry.stdout
    assert "Left out: 1 declined, 1 unanswered, 1 cancelled." in dry.stdout
    default = rmlog("import", str(FIXTURES / "invitations.ics"))
    assert ("rmlog: warning: recurring events are read from 2024-03-10 (1 series began earlier); "
            "pass --since to read further back") in default.stderr
    assert "525 past meetings; imported interactions: 525 added" in default.stdout
    result = rmlog.json("import", str(FIXTURES / "invitations.ics"), "--since", "2016-01-01")
    assert result["left_out"] == {"cancelled": 1, "declined": 1, "unanswered": 1}
    assert result["added"]["interactions"] == 2656 - 521
    assert result["series"][0]["occurrences"] == 2656 - 521  # added by this import


def test_without_my_address_the_hint_is_given_once_for_a_folder(rmlog, tmp_path):
    for name in ("google.ics", "outlook.ics"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    result = rmlog("import", str(tmp_path), "--dry-run")
    assert result.stderr.count("rmlog config --me you@example.com makes the import exact") == 1


def test_one_bad_event_is_a_warning_and_strict_refuses_the_file(rmlog):
    rmlog("config", "--me", "me@example.com")
    rmlog("add", "Kim", "--email", "kim@example.com")
    path = str(FIXTURES / "google_birthdays.ics")
    result = rmlog("import", path)
    assert "line 6 (UID 2013_BIRTHDAY_self@google.com): the event's RDATE cannot be read" in result.stderr
    assert "imported interactions: 1 added" in result.stdout
    rmlog("undo")
    message = rmlog.error("import", path, "--strict")
    assert "google_birthdays.ics: line 6: the event's RDATE cannot be read" in message
    assert rmlog.json("interactions") == []


def test_new_gives_namesakes_numbered_handles_and_never_adds_rooms_or_lists(rmlog, tmp_path):
    rmlog("config", "--me", "me@example.com")
    attendees = "".join(f"ATTENDEE;CN=Alex:mailto:alex{n}@x.io\r\n" for n in range(300))
    path = tmp_path / "all-hands.ics"
    path.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260201T100000Z\r\n"
                    "ORGANIZER:mailto:me@example.com\r\n" + attendees +
                    "ATTENDEE;CUTYPE=ROOM:mailto:room@x.io\r\nATTENDEE:mailto:noreply@x.io\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n")
    rmlog("add", "Alex", "--email", "alex@elsewhere.io")
    result = rmlog.json("import", str(path), "--new")
    assert result["added"] == {"interactions": 1, "people": 300}
    handles = {p["handle"] for p in rmlog.json("people")}
    assert handles == {"alex", *(f"alex-{n}" for n in range(2, 302))}
    rmlog("undo")
    assert [p["handle"] for p in rmlog.json("people")] == ["alex"]
