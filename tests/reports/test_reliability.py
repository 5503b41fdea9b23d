from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from rmlog.reports.data import CommitmentRow
from rmlog.reports.reliability import Reliability, outcome, reliability

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 12, tzinfo=BERLIN)
CREATED = datetime(2026, 1, 1, tzinfo=timezone.utc)


def c(id, due_at, status, done_at=None, owner="me"):
    return CommitmentRow(id, "al", "Al", owner, "x", status, CREATED, due_at, done_at)


ON_TIME = c(1, datetime(2026, 3, 5, 15, tzinfo=BERLIN), "done", datetime(2026, 3, 5, 15, tzinfo=BERLIN))
SAME_DAY = c(2, datetime(2026, 3, 5, tzinfo=BERLIN), "done", datetime(2026, 3, 5, 22, tzinfo=BERLIN))
LATE = c(3, datetime(2026, 3, 5, 15, tzinfo=BERLIN), "done", datetime(2026, 3, 5, 15, 1, tzinfo=BERLIN))
DROPPED = c(4, datetime(2026, 3, 20, tzinfo=BERLIN), "dropped")
OPEN_NOT_DUE = c(5, datetime(2026, 3, 10, tzinfo=BERLIN), "open")  # due today: not late yet
OPEN_PAST_DUE = c(6, datetime(2026, 3, 9, tzinfo=BERLIN), "open")
NO_DUE = c(7, None, "done", datetime(2026, 3, 1, tzinfo=BERLIN))
DONE_NO_TIME = c(8, datetime(2026, 3, 1, tzinfo=BERLIN), "done")


def test_outcomes():
    assert outcome(ON_TIME, NOW) is True
    assert outcome(SAME_DAY, NOW) is True
    assert outcome(LATE, NOW) is False
    assert outcome(DROPPED, NOW) is False
    assert outcome(OPEN_NOT_DUE, NOW) is None
    assert outcome(OPEN_PAST_DUE, NOW) is False
    assert outcome(NO_DUE, NOW) is None
    assert outcome(DONE_NO_TIME, NOW) is None


def test_reliability_counts_resolved_or_past_due():
    rows = [ON_TIME, SAME_DAY, LATE, DROPPED, OPEN_NOT_DUE, OPEN_PAST_DUE, NO_DUE, DONE_NO_TIME]
    assert reliability(rows, "me", NOW) == Reliability("me", 2, 5, 0.4)


def test_owners_are_separate():
    theirs = c(9, datetime(2026, 3, 1, tzinfo=BERLIN), "done", datetime(2026, 3, 1, tzinfo=BERLIN), owner="them")
    assert reliability([ON_TIME, theirs, LATE], "them", NOW) == Reliability("them", 1, 1, 1.0)
    assert reliability([ON_TIME, theirs, LATE], "me", NOW).ratio == 0.5


def test_empty_ratio_is_none():
    assert reliability([OPEN_NOT_DUE, NO_DUE], "me", NOW) == Reliability("me", 0, 0, None)
