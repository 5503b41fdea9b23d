"""The practice's pure functions at their thresholds: windows, circles, draining, give first,
the weekly items."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from rmlog.reports import circles, draining, give_first, weekly
from rmlog.reports.cadence import Window, effective_window
from rmlog.reports.data import BalanceRow, CadenceConfig, CommitmentRow, ExchangeRow, PersonStatus
from rmlog.reports.due import contact_status

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=BERLIN)
CREATED = datetime(2025, 1, 1, tzinfo=timezone.utc)
CONFIG = CadenceConfig(circle_max={"core": 45}, tags={"family": 14, "club": 7}, tag_max={"club": 10})


def person(handle="alice", days_ago=None, circle="inner", **kw):
    last = NOW - timedelta(days=days_ago) if days_ago is not None else None
    kw.setdefault("name", handle.title())
    kw.setdefault("created_at", CREATED)
    return PersonStatus(id=sum(map(ord, handle)), handle=handle, circle=circle, last_contact=last, **kw)


# Windows --------------------------------------------------------------------------------------


def test_a_single_number_keeps_twice_the_ideal_as_the_maximum():
    assert effective_window(None, (), "inner", CONFIG) == Window(14, 28)
    assert effective_window(10, (), "inner", CONFIG) == Window(10, 20)


def test_explicit_maximum_windows_from_person_circle_and_tag():
    assert effective_window(14, (), "inner", CONFIG, person_max=20) == Window(14, 20)
    assert effective_window(None, (), "core", CONFIG) == Window(30, 45)
    assert effective_window(None, ("family", "club"), "core", CONFIG) == Window(7, 10)
    assert effective_window(None, ("family",), "core", CONFIG) == Window(14, 28)
    assert effective_window(None, (), "periphery", CONFIG) is None


@pytest.mark.parametrize("days, due, drifting", [(13, False, False), (14, True, False), (19, True, False),
                                                 (20, True, True)])
def test_due_from_the_ideal_drifting_from_the_maximum(days, due, drifting):
    status = contact_status(person(days_ago=days, cadence_days=14, cadence_max_days=20), NOW, CONFIG)
    assert (status.days_since >= status.cadence_days, status.drifting, status.max_days) == (due, drifting, 20)


# Circles --------------------------------------------------------------------------------------


def test_seen_weekly_is_nine_contacts_in_sixty_days():
    assert circles.seen_weekly(9) and not circles.seen_weekly(8)


def test_unseen_too_long_from_three_ideal_windows():
    assert circles.unseen_too_long(42, 14) and not circles.unseen_too_long(41, 14)


def test_drifted_away_needs_two_maximum_windows_and_none_started_by_them():
    quiet = circles.Initiations(count=6, by_them=0)
    assert circles.drifted_away(360, 180, quiet)
    assert not circles.drifted_away(359, 180, quiet)
    assert not circles.drifted_away(360, 180, circles.Initiations(6, 1))
    assert not circles.drifted_away(360, 180, circles.Initiations(0, 0))
    assert not circles.drifted_away(360, 180, None)


def test_circle_sizes_against_capacity():
    people = [person(f"i{n}") for n in range(6)] + [person("c", circle="core")]
    sizes = circles.circle_sizes(people, {"inner": 5, "core": 15, "network": 150})
    assert [(s.circle, s.size, s.capacity, s.over) for s in sizes] == [
        ("inner", 6, 5, 1), ("core", 1, 15, 0), ("network", 0, 150, 0), ("periphery", 0, None, 0)]


def test_moves_with_their_reasons():
    people = [
        person("ines", 42), person("nate", 1, "network"), person("lou", 360, "network"),
        person("snoozy", 100, snoozed_until=NOW + timedelta(days=1)),
    ]
    recent = {"nate": BalanceRow("nate", "Nate", "network", gave=4, received=5, interactions=9)}
    report = circles.build_circles(people, recent, {"lou": circles.Initiations(6, 0)}, NOW, CadenceConfig(),
                                   {"inner": 5, "core": 1, "network": 150})
    assert [(m.handle, m.to_circle, m.why) for m in report.moves] == [
        ("ines", "core", "step back to core: unseen for 42 days, over 3 × their 14-day rhythm"),
        ("lou", "periphery", "let go to periphery: 0 contacts in 360 days (2 × their 180-day maximum), "
                             "they initiated none of the last 6"),
        ("nate", "core", "promote: 9 contacts in 60 days, you gave 4 and received 5"),
    ]
    assert [(m.handle, m.why) for m in report.misfits] == [
        ("ines", "unseen for 42 days, over 3 × their 14-day rhythm"),
        ("nate", "seen weekly: 9 contacts in 60 days"),
    ]


def test_a_move_into_a_full_circle_says_so():
    people = [person("c", 1, "core"), person("nate", 1, "network")]
    recent = {"nate": BalanceRow("nate", "Nate", "network", interactions=10)}
    [move] = circles.build_circles(people, recent, {}, NOW, CadenceConfig(), {"core": 1}).moves
    assert move.why == "promote: 10 contacts in 60 days, you gave 0 and received 0; core is full (1 of 1)"


def test_let_go_candidates_are_only_those_past_two_maximum_windows():
    people = [person("old", 360, "network"), person("young", 359, "network"), person("inner", 400)]
    assert circles.let_go_candidates(people, NOW, CadenceConfig()) == [people[0].id]


# Draining -------------------------------------------------------------------------------------


def test_mood_slope_needs_three_moods_and_reads_the_last_six():
    assert draining.mood_slope([2, -2]) is None
    assert draining.mood_slope([1, 0, -1]) == -1
    assert draining.mood_slope([0, 0, -1]) == pytest.approx(-0.5)
    assert draining.mood_slope([-2, -2, 0, 0, 0, 0, 0, 0]) == 0  # the two oldest are out of the last six


def test_mood_declining_at_minus_a_quarter():
    assert draining.mood_declining(-0.25) and not draining.mood_declining(-0.2499)
    assert not draining.mood_declining(None)


def test_promises_slipping_from_two():
    assert draining.promises_slipping(2) and not draining.promises_slipping(1)


def test_one_sided_and_reaching_out_follow_the_balance_thresholds():
    row = BalanceRow("p", "P", "core", gave=2.4, received=0.6, by_me=4, by_them=1)
    assert draining.you_give_most(row) and draining.you_always_reach_out(row)
    below = BalanceRow("p", "P", "core", gave=2.3, received=0.7, by_me=3, by_them=1)
    assert not draining.you_give_most(below) and not draining.you_always_reach_out(below)


def _mood(n, sentiment, handle="pia"):
    return draining.InteractionRow(n, NOW - timedelta(days=30 - n), handle, handle.title(), sentiment)


def _broken(n, handle="pia"):
    return CommitmentRow(n, handle, handle.title(), "them", "x", "dropped", NOW - timedelta(days=20),
                         done_at=NOW - timedelta(days=10))


def test_draining_lists_two_signals_or_more_with_kind_reasons():
    since = NOW - timedelta(days=30)
    balances = [BalanceRow("pia", "Pia", "core", gave=4, received=1, by_me=5, by_them=1),
                BalanceRow("bo", "Bo", "core", gave=4, received=1)]
    moods = [_mood(n, s) for n, s in enumerate([1, 0, -1], 1)]
    [found] = draining.draining(moods, [_broken(1), _broken(2)], balances, since, NOW)
    assert (found.handle, found.drain) == ("pia", 4)
    assert found.reasons == [
        "time together has felt heavier lately (mood -1.00 a meeting over the last 3)",
        "2 of their promises slipped",
        "you gave 4 of the 5 that changed hands",
        "you reached out 5 of 6 times",
    ]


def test_one_signal_alone_is_not_draining():
    balances = [BalanceRow("bo", "Bo", "core", gave=4, received=1)]
    assert draining.draining([], [], balances, NOW - timedelta(days=30), NOW) == []


# Give first -----------------------------------------------------------------------------------


def test_words_leave_out_stop_words_tags_and_plurals():
    assert give_first.words("Intros to the ML people #hiring") == {"intro", "ml", "people"}
    assert give_first.tags("a CTO #Hiring #ml") == {"hiring", "ml"}


def test_needs_match_offers_by_shared_words_and_by_tags():
    offers = give_first.offer_items("intros to ML people; fundraising advice; #design reviews")
    assert offers == ["intros to ML people", "fundraising advice", "#design reviews"]
    assert give_first.best_offer("advice on fundraising", offers) == ("fundraising advice", ["advice", "fundraising"], [])
    assert give_first.best_offer("someone for #design", offers) == ("#design reviews", [], ["design"])
    assert give_first.best_offer("a good #ml hire", offers) == ("intros to ML people", [], ["ml"])
    assert give_first.best_offer("a plumber", offers) is None
    assert give_first.best_offer(None, offers) is None


def test_the_give_first_queue_matches_then_owes():
    people = [person("ann", 1, "core", needs="ML hires"), person("bo", 1, "network"),
              person("cy", 1, "periphery", needs="ML folks"), person("di", 1, "inner")]
    balances = [BalanceRow("bo", "Bo", "network", gave=1, received=3), BalanceRow("di", "Di", "inner", gave=2, received=2),
                BalanceRow("ann", "Ann", "core", received=5)]
    queue = give_first.give_first(people, balances, "intros to ML people")
    assert [(g.handle, g.kind, g.why) for g in queue] == [
        ("ann", "offer", 'needs "ML hires"; you offer "intros to ML people" (ml)'),
        ("bo", "owe", "you owe them: received 3, gave 1 in the last year"),
    ]


# The weekly review ----------------------------------------------------------------------------


def test_weekly_items_in_order_with_their_answers():
    people = [person("ines", 28, needs="ML hires"), person("cora", 3, "core"), person("nate", 1, "network")]
    commitments = [
        CommitmentRow(1, "cora", "Cora", "them", "intro to VC", "open", NOW, due_at=NOW + timedelta(days=2)),
        CommitmentRow(2, "cora", "Cora", "me", "send deck", "open", NOW, due_at=NOW + timedelta(days=30)),
    ]
    moves = [circles.Move("nate", "Nate", "network", "core", "promote: ...")]
    items = weekly.build_weekly(people, commitments, moves, [], "intros to ML people", NOW, CadenceConfig())
    assert [(i.kind, i.handle, i.answers) for i in items] == [
        ("drifting", "ines", ("log", "snooze", "promise", "skip")),  # circles suggests no move for her
        ("promise", "cora", ("log", "snooze", "promise", "skip")),
        ("move", "nate", ("move", "log", "skip")),
        ("offer", "ines", ("promise", "log", "skip")),
        ("offer", "cora", ("promise", "log", "skip")),
    ]
    assert items[0].text == "28 days without contact; every 14, at most 28" and items[0].to_circle is None
    assert items[2].to_circle == "core"
    assert items[1].text == "Cora promised you: intro to VC (due in 2 days)" and items[1].commitment_id == 1
    assert (items[3].offer, items[3].text) == ("intros to ML people", "offer intros to ML people: they need ML hires")
    assert (items[4].commitment_id, items[4].text) == (2, "keep your promise: send deck")


def test_a_suggested_offer_returns_a_favour_or_helps_with_needs():
    gift = ExchangeRow("bo", "received", "advice", "pitch feedback", NOW)
    assert weekly.suggested_offer(person("bo"), [], [], [gift]).text == "return the favour: they gave you pitch feedback"
    assert weekly.suggested_offer(person("bo", needs="a CFO"), [], [], []).offer == "help with a CFO"
    assert weekly.suggested_offer(person("bo"), [], [], []) is None
