import json
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from rmlog.reports.data import CadenceConfig, CommitmentRow, PersonStatus
from rmlog.reports.due import build_due, due_commitments, due_people, first_line

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=BERLIN)
CONFIG = CadenceConfig()
CREATED = datetime(2025, 1, 1, tzinfo=timezone.utc)


def person(handle="alice", days_ago=None, circle="inner", **kw):
    last = NOW - timedelta(days=days_ago) if days_ago is not None else None
    kw.setdefault("name", handle.title())
    kw.setdefault("created_at", CREATED)
    return PersonStatus(id=hash(handle) % 1000, handle=handle, circle=circle, last_contact=last, **kw)


def handles(entries):
    return [e.handle for e in entries]


def test_due_exactly_at_cadence_not_one_day_before():
    people = [person("at", 14), person("before", 13)]
    [entry] = due_people(people, NOW, CONFIG)
    assert entry.handle == "at"
    assert entry.days_since == 14 and entry.cadence_days == 14
    assert entry.urgency == 1.0 and entry.days_overdue == 0 and not entry.drifting


def test_drifting_at_exactly_twice_cadence():
    entries = {e.handle: e for e in due_people([person("a", 28), person("b", 27)], NOW, CONFIG)}
    assert entries["a"].drifting and entries["a"].days_overdue == 14
    assert not entries["b"].drifting


def test_no_interactions_uses_created_at():
    p = person("new", created_at=NOW - timedelta(days=30), circle="core")
    [entry] = due_people([p], NOW, CONFIG)
    assert entry.last_contact is None and entry.days_since == 30  # null in JSON; counted from created_at
    fresh = person("fresh", created_at=NOW - timedelta(days=29), circle="core")
    assert due_people([fresh], NOW, CONFIG) == []


def test_snooze_boundary():
    hidden = person("hidden", 20, snoozed_until=NOW + timedelta(seconds=1))
    back = person("back", 20, snoozed_until=NOW)
    past = person("past", 20, snoozed_until=NOW - timedelta(days=1))
    assert handles(due_people([hidden, back, past], NOW, CONFIG)) == ["back", "past"]


def test_archived_and_periphery_never_due():
    people = [
        person("arch", 100, archived_at=NOW - timedelta(days=5)),
        person("peri", 1000, circle="periphery"),
    ]
    assert due_people(people, NOW, CONFIG) == []


def test_tag_cadence_makes_network_person_due():
    p = person("mum", 14, circle="network", tags=("family",))
    [entry] = due_people([p], NOW, CONFIG)
    assert entry.cadence_days == 14


def test_sorted_by_exact_urgency_then_name():
    # 29/20 = 1.45 and 16/11 = 1.4545...: both round to 1.45, exact decides.
    a = person("a", 29, name="Amy", cadence_days=20)
    b = person("b", 16, name="bob", cadence_days=11)
    c = person("c", 16, name="Cy", cadence_days=11)
    entries = due_people([a, c, b], NOW, CONFIG)
    assert [e.urgency for e in entries] == [1.45, 1.45, 1.45]
    assert handles(entries) == ["b", "c", "a"]


def test_midnight_case_in_due():
    now = datetime(2026, 3, 10, 0, 30, tzinfo=BERLIN)
    p = PersonStatus(1, "al", "Al", "inner", CREATED, cadence_days=1,
                     last_contact=datetime(2026, 3, 9, 22, 50, tzinfo=timezone.utc))
    assert handles(due_people([p], now, CONFIG)) == ["al"]
    assert due_people([p], now.astimezone(timezone.utc), CONFIG) == []


def test_last_note_first_line():
    assert first_line("\n  lunch at Mario's \nmore") == "lunch at Mario's"
    assert first_line("") is None and first_line(None) is None
    [entry] = due_people([person("a", 20, last_note="hello\nworld")], NOW, CONFIG)
    assert entry.last_note == "hello"


def commitment(id, due_at, status="open", owner="me", **kw):
    return CommitmentRow(id=id, person_handle="alice", person_name="Alice", owner=owner,
                         what=f"thing {id}", status=status, created_at=CREATED, due_at=due_at, **kw)


def test_due_commitments_window_and_order():
    today_end = datetime(2026, 3, 10, 23, 59, tzinfo=BERLIN)
    rows = [
        commitment(1, datetime(2026, 3, 11, 0, 0, tzinfo=BERLIN)),  # tomorrow: outside
        commitment(2, today_end),  # later today
        commitment(3, datetime(2026, 3, 1, tzinfo=BERLIN)),  # overdue
        commitment(4, datetime(2026, 3, 9, 12, tzinfo=BERLIN), owner="them"),  # overdue
        commitment(5, datetime(2026, 3, 1, tzinfo=BERLIN), status="done"),
        commitment(6, None),
        commitment(7, datetime(2026, 3, 10, 8, 0, tzinfo=BERLIN)),  # earlier today, timed
    ]
    entries = due_commitments(rows, NOW, within_days=0)
    assert [e.id for e in entries] == [3, 4, 7, 2]
    assert [e.overdue for e in entries] == [True, True, True, False]
    assert [e.id for e in due_commitments(rows, NOW, within_days=1)] == [3, 4, 7, 2, 1]


def test_date_only_due_today_is_not_overdue():
    [entry] = due_commitments([commitment(1, datetime(2026, 3, 10, tzinfo=BERLIN))], NOW)
    assert entry.overdue is False


def test_build_due_json_shape():
    report = build_due(
        [person("alice", 20)],
        [commitment(3, datetime(2026, 3, 9, tzinfo=BERLIN))],
        NOW, CONFIG,
    )
    data = json.loads(json.dumps(report.to_json()))
    assert data["now"] == "2026-03-10T09:00:00+01:00"
    assert set(data["people"][0]) == {
        "handle", "name", "circle", "last_contact", "days_since", "cadence_days",
        "urgency", "days_overdue", "drifting", "last_note",
    }
    assert data["people"][0]["urgency"] == 1.43
    assert data["people"][0]["last_contact"].endswith("+01:00")
    c = data["commitments"][0]
    assert {k: c[k] for k in ("id", "person", "owner", "overdue")} == {
        "id": 3, "person": "alice", "owner": "me", "overdue": True}
    assert c["due_at"] == "2026-03-09T00:00:00+01:00"
    assert report.anything_due


def test_build_due_all_caught_up():
    report = build_due([person("alice", 1)], [], NOW, CONFIG)
    assert not report.anything_due


ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "America/St_Johns", "Pacific/Kiritimati", "UTC")]


@given(now=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.sampled_from(ZONES)),
       back=st.integers(min_value=0, max_value=60 * 24 * 400), whole_day=st.booleans())
def test_every_promise_due_before_today_is_overdue_and_so_may_be_counted_in_sql(now, back, whole_day):
    """due_report lists only the first few promises due before overdue_before(now) and
    counts the rest as overdue: that holds for deadlines that are a day or an instant."""
    from rmlog.reports.days import is_late, local_date, start_of_local_day
    from rmlog.reports.due import overdue_before

    bound = overdue_before(now)
    due_at = bound - timedelta(minutes=1 + back)
    if whole_day:  # a date-only deadline: local midnight of that day
        due_at = start_of_local_day(local_date(due_at, now), now)
    assert is_late(now, due_at, now)
    today = start_of_local_day(local_date(now, now), now)
    assert bound == today and not is_late(now, today, now)  # today's date-only promise is not
