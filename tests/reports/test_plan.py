from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from rmlog.reports.data import BalanceRow, CadenceConfig, CommitmentRow, ExchangeRow, PersonStatus
from rmlog.reports.plan import build_plan, when_phrase

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 9, tzinfo=BERLIN)
CONFIG = CadenceConfig()
OLD = datetime(2025, 1, 1, tzinfo=timezone.utc)


def person(handle, circle="core", days_ago=1, **kw):
    return PersonStatus(len(handle), handle, handle.title(), circle, OLD,
                        last_contact=NOW - timedelta(days=days_ago), **kw)


def promise(id, handle, what, due, owner="me", status="open"):
    return CommitmentRow(id, handle, handle.title(), owner, what, status, OLD, due)


def plan(people, balances=(), commitments=(), gifts=(), limit=10):
    return build_plan(people, balances, commitments, gifts, NOW, CONFIG, limit)


def test_order_circles_then_urgency_then_owe():
    people = [
        person("net", "network", days_ago=900),
        person("core_low", "core", days_ago=3),
        person("core_high", "core", days_ago=60),
        person("inner", "inner", days_ago=1),
        person("core_owe", "core", days_ago=3),
        person("peri", "periphery", days_ago=900),
        person("arch", "inner", days_ago=900, archived_at=OLD),
    ]
    balances = [BalanceRow("core_owe", "Core_Owe", "core", gave=1, received=3)]
    entries = plan(people, balances)
    assert [e.handle for e in entries] == ["inner", "core_high", "core_owe", "core_low", "net"]
    assert entries[2].owe == 2 and entries[3].owe == 0
    assert [e.handle for e in plan(people, balances, limit=2)] == ["inner", "core_high"]


def test_snoozed_people_stay_in_the_plan():
    assert [e.handle for e in plan([person("s", snoozed_until=NOW + timedelta(days=9))])] == ["s"]


def test_next_step_reconnect():
    [e] = plan([person("al", "inner", days_ago=20)])
    assert e.next_step == "Reconnect — it's been 20 days"
    assert e.urgency == 1.43 and e.days_since == 20 and e.cadence_days == 14


def test_next_step_promise_soon_beats_reconnect():
    due = datetime(2026, 3, 12, tzinfo=BERLIN)
    [e] = plan([person("al", "inner", days_ago=20)], commitments=[promise(1, "al", "send deck", due)])
    assert e.next_step == "Follow up on your promise: send deck (due in 2 days)"
    assert [(p.id, p.overdue) for p in e.my_promises] == [(1, False)]


def test_next_step_reconnect_beats_far_promise():
    far = datetime(2026, 4, 30, tzinfo=BERLIN)
    [e] = plan([person("al", "inner", days_ago=20)], commitments=[promise(1, "al", "x", far)])
    assert e.next_step.startswith("Reconnect")
    [e] = plan([person("al", "inner", days_ago=2)], commitments=[promise(1, "al", "x", far)])
    assert e.next_step == "Follow up on your promise: x (due in 51 days)"


def test_only_my_open_promises_to_them_listed_overdue_first():
    commitments = [
        promise(1, "al", "later", datetime(2026, 3, 13, tzinfo=BERLIN)),
        promise(2, "al", "late", datetime(2026, 3, 7, tzinfo=BERLIN)),
        promise(3, "al", "theirs", None, owner="them"),
        promise(4, "al", "done", None, status="done"),
        promise(5, "bo", "other person", None),
        promise(6, "al", "someday", None),
    ]
    [e] = plan([person("al")], commitments=commitments)
    assert [p.id for p in e.my_promises] == [2, 1, 6]
    assert e.next_step == "Follow up on your promise: late (was due 3 days ago)"


def test_next_step_return_the_favour():
    gifts = [
        ExchangeRow("al", "received", "advice", "pricing advice", datetime(2026, 2, 1, tzinfo=BERLIN)),
        ExchangeRow("al", "received", "intro", "an intro", datetime(2026, 3, 1, tzinfo=BERLIN)),
        ExchangeRow("al", "gave", "gift", "book", datetime(2026, 3, 2, tzinfo=BERLIN)),
    ]
    balances = [BalanceRow("al", "Al", "core", gave=1, received=2)]
    [e] = plan([person("al")], balances, gifts=gifts)
    # what they gave is quoted as entered, not fitted into a sentence ("they gave you pitch feedback")
    assert e.next_step == "Return the favour for: an intro"
    assert [g.what for g in e.recent_received] == ["an intro", "pricing advice"]
    # no debt -> no favour to return, even with gifts
    [e] = plan([person("al")], [BalanceRow("al", "Al", "core", gave=2, received=2)], gifts=gifts)
    assert not e.next_step.startswith("Return")


def test_next_step_offer_help_then_keep_in_touch():
    [e] = plan([person("al", needs="ML hires\nand a cofounder", offers="design reviews")])
    assert e.next_step == "Offer help with: ML hires"
    assert (e.needs, e.offers) == ("ML hires\nand a cofounder", "design reviews")
    [e] = plan([person("al", days_ago=29)])
    assert e.next_step == "Keep in touch — next check-in in 1 day"


def test_when_phrase():
    assert when_phrase(datetime(2026, 3, 10, tzinfo=BERLIN), NOW) == "due today"
    assert when_phrase(datetime(2026, 3, 11, tzinfo=BERLIN), NOW) == "due tomorrow"
    assert when_phrase(datetime(2026, 3, 9, tzinfo=BERLIN), NOW) == "was due yesterday"
    assert when_phrase(datetime(2026, 3, 10, 8, tzinfo=BERLIN), NOW) == "was due today"


def test_json_keys():
    [e] = plan([person("al", "inner", days_ago=20)])
    data = e.to_json()
    assert "urgency_exact" not in data
    assert data["my_promises"] == [] and data["recent_received"] == []
    assert data["next_step"] == "Reconnect — it's been 20 days"
