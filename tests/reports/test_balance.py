import pytest

from rmlog.reports.balance import (
    ALWAYS_REACH_OUT,
    ONE_SIDED_GIVE,
    ONE_SIDED_TAKE,
    balance_entry,
    balance_report,
)
from rmlog.reports.data import BalanceRow


def row(handle="a", gave=0.0, received=0.0, by_me=0, by_them=0, interactions=None, name=None):
    return BalanceRow(handle, name or handle.upper(), "core", gave, received, by_me, by_them,
                      by_me + by_them if interactions is None else interactions)


def test_numbers():
    e = balance_entry(row(gave=2, received=1, by_me=1, by_them=2, interactions=5))
    assert (e.gave, e.received, e.net) == (2, 1, 1)
    assert e.give_ratio == 0.67 and e.initiation_share == 0.33
    assert e.interactions == 5 and e.flags == ()


def test_ratios_undefined_when_nothing():
    e = balance_entry(row())
    assert e.give_ratio is None and e.initiation_share is None and e.flags == ()


@pytest.mark.parametrize("gave,received,flag", [
    (4, 1, ONE_SIDED_GIVE),        # exactly 0.8
    (3.9, 1.1, None),              # 0.78: just inside
    (1, 4, ONE_SIDED_TAKE),        # exactly 0.2
    (1.1, 3.9, None),              # 0.22: just inside
    (2.4, 0.5, None),              # 0.83 but only 2.9 units
    (3, 0, ONE_SIDED_GIVE),
    (0, 3, ONE_SIDED_TAKE),
])
def test_give_ratio_thresholds(gave, received, flag):
    flags = balance_entry(row(gave=gave, received=received)).flags
    assert flags == ((flag,) if flag else ())


def test_float_weights_summing_to_exact_threshold_flag():
    gave = 0.1 * 24  # 2.4000000000000004
    received = 0.6
    assert balance_entry(row(gave=gave, received=received)).flags == (ONE_SIDED_GIVE,)


def test_two_versus_three_units():
    assert balance_entry(row(gave=2, received=0)).flags == ()
    assert balance_entry(row(gave=2.99, received=0)).flags == ()
    assert balance_entry(row(gave=3, received=0)).flags == (ONE_SIDED_GIVE,)
    assert balance_entry(row(gave=0, received=2)).flags == ()


def test_always_reach_out_needs_four_known_initiations():
    assert balance_entry(row(by_me=3, by_them=0)).flags == ()
    assert balance_entry(row(by_me=4, by_them=0)).flags == (ALWAYS_REACH_OUT,)


def test_always_reach_out_at_exactly_80_percent():
    assert balance_entry(row(by_me=4, by_them=1)).flags == (ALWAYS_REACH_OUT,)
    assert balance_entry(row(by_me=3, by_them=1)).flags == ()  # 75%


def test_unknown_initiator_does_not_count():
    e = balance_entry(row(by_me=3, by_them=0, interactions=10))
    assert e.initiation_share == 1.0 and e.flags == ()


def test_flags_combine():
    e = balance_entry(row(gave=5, received=0, by_me=5, by_them=0))
    assert e.flags == (ONE_SIDED_GIVE, ALWAYS_REACH_OUT)


def test_report_order_and_filter():
    rows = [
        row("even", gave=1, received=1),
        row("bignet", gave=10, received=5),
        row("taker", gave=0, received=3),
        row("reacher", by_me=4),
        row("smallnet", gave=1, received=0),
    ]
    report = balance_report(rows)
    assert [e.handle for e in report] == ["taker", "reacher", "bignet", "smallnet", "even"]
    assert [e.handle for e in balance_report(rows, one_sided_only=True)] == ["taker", "reacher"]


def test_json_flags_list():
    data = balance_entry(row(gave=0, received=3)).to_json()
    assert data["flags"] == [ONE_SIDED_TAKE] and data["give_ratio"] == 0.0 and data["net"] == -3
