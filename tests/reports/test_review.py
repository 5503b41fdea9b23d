from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from rmlog.reports.balance import ONE_SIDED_TAKE
from rmlog.reports.data import BalanceRow, CadenceConfig, CommitmentRow, InteractionRow, PersonStatus
from rmlog.reports.promises import PromiseStats, promise_stats
from rmlog.reports.review import build_review
from rmlog.reports.warning_signs import warning_signs

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 31, 12, tzinfo=BERLIN)
SINCE = NOW - timedelta(days=30)  # 2026-03-01 12:00 +01:00
CONFIG = CadenceConfig()
OLD = datetime(2025, 1, 1, tzinfo=timezone.utc)


def day(n, hour=12):
    """March n, 2026 in Berlin."""
    return datetime(2026, 3, n, hour, tzinfo=BERLIN)


def rows(handle, moods, start=5, iid=0):
    return [InteractionRow(iid + i, day(start + i), handle, handle.title(), mood)
            for i, mood in enumerate(moods)]


# --- warning signs ---------------------------------------------------------

def test_two_negatives_are_not_a_warning_three_are():
    assert warning_signs(rows("a", [-1, -2])) == []
    [sign] = warning_signs(rows("a", [-1, -2, -1]))
    assert (sign.handle, sign.name, sign.negatives, sign.ongoing) == ("a", "A", 3, True)
    assert (sign.first_at, sign.last_at) == (day(5), day(7))


def test_positive_or_neutral_breaks_the_run():
    assert warning_signs(rows("a", [-1, -1, 1, -1])) == []
    assert warning_signs(rows("a", [-1, -1, 0, -1])) == []


def test_none_mood_neither_breaks_nor_counts():
    assert warning_signs(rows("a", [-1, None, -1])) == []
    [sign] = warning_signs(rows("a", [-1, None, -1, None, -2]))
    assert sign.negatives == 3


def test_time_order_not_input_order():
    shuffled = list(reversed(rows("a", [-1, 2, -1, -1])))
    assert warning_signs(shuffled) == []


def test_run_followed_by_good_mood_is_not_ongoing():
    [sign] = warning_signs(rows("a", [-1, -1, -1, 2]))
    assert sign.negatives == 3 and sign.ongoing is False


def test_people_are_judged_separately():
    mixed = rows("a", [-1, -1]) + rows("b", [-1]) + rows("a", [-1], start=20)
    [sign] = warning_signs(mixed)
    assert sign.handle == "a"


# --- promise stats ---------------------------------------------------------

def c(id, status, due=None, done=None, owner="me"):
    return CommitmentRow(id, "al", "Al", owner, "x", status, OLD, due, done)


def test_promise_stats():
    commitments = [
        c(1, "done", due=day(10, 0), done=day(10, 20)),  # kept (same day)
        c(2, "done", due=day(10, 9), done=day(11)),      # late: broken
        c(3, "done", done=day(12)),                      # no due date: kept
        c(4, "dropped", done=day(15)),                   # broken
        c(5, "open", due=day(20, 0)),                    # overdue: open, not yet broken
        c(6, "open", due=datetime(2026, 4, 3, tzinfo=BERLIN)),  # open, not due
        c(7, "open", due=datetime(2026, 2, 1, tzinfo=BERLIN)),  # overdue from before
        c(8, "done", due=datetime(2026, 2, 1, tzinfo=BERLIN), done=datetime(2026, 2, 1, tzinfo=BERLIN)),  # before window
        c(9, "dropped", due=datetime(2026, 2, 1, tzinfo=BERLIN)),  # dropped before window
        c(10, "done", due=day(10, 0), done=day(9), owner="them"),
    ]
    mine = promise_stats(commitments, "me", SINCE, NOW)
    assert mine == PromiseStats("me", 2, 2, 3, 2)
    # each promise counted once: 1-7 are the window's (8 and 9 were settled before it)
    assert mine.kept + mine.broken + mine.open == 7
    assert promise_stats(commitments, "them", SINCE, NOW) == PromiseStats("them", 1, 0, 0, 0)


# --- the whole review ------------------------------------------------------

def person(handle, circle="inner", last=None, created=OLD, **kw):
    return PersonStatus(len(handle), handle, handle.title(), circle, created, last_contact=last, **kw)


def test_build_review():
    people = [
        # inner, 14d: last contact Mar 10 -> crossed on Mar 24 (in window): drifted
        person("crossed", last=day(10)),
        # inner, last Feb 1 -> crossed Feb 15, before window; 58 days >= 28: not seen 2x
        person("gone", last=datetime(2026, 2, 1, 12, tzinfo=BERLIN)),
        # crossed exactly on the window's first day (Mar 1)
        person("edge", last=datetime(2026, 2, 15, 12, tzinfo=BERLIN)),
        # crossed the day before the window
        person("before", last=datetime(2026, 2, 14, 12, tzinfo=BERLIN)),
        person("fine", last=day(30)),
        person("snoozed", last=datetime(2026, 1, 1, tzinfo=BERLIN), snoozed_until=day(31, 13)),
        person("peri", circle="periphery", last=datetime(2025, 1, 1, tzinfo=BERLIN)),
        person("newbie", circle="network", created=day(20)),
    ]
    interactions = (
        rows("crossed", [-1, -1, -1], start=2, iid=100)
        + [InteractionRow(200, day(30), "fine", "Fine", 1),
           InteractionRow(200, day(30), "newbie", "Newbie", 1),  # same group meeting
           InteractionRow(300, datetime(2026, 2, 20, tzinfo=BERLIN), "gone", "Gone", -1)]  # outside
    )
    balances = [BalanceRow("fine", "Fine", "inner", gave=0, received=3),
                BalanceRow("crossed", "Crossed", "inner", gave=1, received=1)]
    commitments = [c(1, "done", due=day(10, 0), done=day(10, 20))]
    review = build_review(people, interactions, commitments, balances, SINCE, NOW, CONFIG)

    assert review.interactions == 4
    assert review.people_touched == 3
    assert [p.handle for p in review.new_people] == ["newbie"]
    assert [e.handle for e in review.drifted] == ["edge", "crossed"]
    assert [e.handle for e in review.not_seen_2x] == ["gone", "before", "edge"]
    assert [e.handle for e in review.one_sided] == ["fine"]
    assert review.one_sided[0].flags == (ONE_SIDED_TAKE,)
    assert [w.handle for w in review.warning_signs] == ["crossed"]
    assert review.promises_mine == PromiseStats("me", 1, 0, 0, 0)
    assert review.reliability_mine.ratio == 1.0 and review.reliability_theirs.ratio is None

    data = review.to_json()
    assert data["since"] == "2026-03-01T12:00:00+01:00"
    assert data["promises_mine"] == {"owner": "me", "kept": 1, "broken": 0, "open": 0, "overdue": 0}
    assert "urgency_exact" not in data["drifted"][0]
