"""review and balance read only what their window can show, in the database: moods of people
who can show a run or a trend there, and give and take summed per person in one query."""

import pytest

NOW = "2026-03-10T09:00:00+00:00"  # review --since 30d: the window starts on 02-08


def play(rmlog, monkeypatch, script) -> None:
    for when, args in script:
        monkeypatch.setenv("RMLOG_NOW", f"2026-{when}:00+00:00")
        rmlog(*args)
    monkeypatch.setenv("RMLOG_NOW", NOW)


@pytest.fixture
def moods(rmlog, monkeypatch):
    play(rmlog, monkeypatch, [
        ("01-01T10:00", ["add", "Ana"]),
        ("01-01T10:00", ["add", "Bo"]),
        *[(f"{day}T12:00", ["log", "ana", "--mood", "-1"]) for day in ("02-20", "02-25", "03-01")],
        # two bad moods long before the window and two in it: no run of three in the window
        *[(f"{day}T12:00", ["log", "bo", "--mood", "-2"]) for day in ("01-10", "01-15", "02-25", "03-01")],
    ])
    return rmlog


def test_three_bad_moods_in_the_window_are_a_warning_sign(moods):
    doc = moods.json("review", "--since", "30d")
    assert [(w["handle"], w["negatives"], w["ongoing"]) for w in doc["warning_signs"]] == [("ana", 3, True)]


def test_bad_moods_before_the_window_do_not_count(moods):
    doc = moods.json("review", "--since", "30d")
    assert "bo" not in [w["handle"] for w in doc["warning_signs"]]
    doc = moods.json("review", "--since", "90d")
    assert [(w["handle"], w["negatives"]) for w in doc["warning_signs"]] == [("bo", 4), ("ana", 3)]


def test_balance_lists_people_with_only_give_and_take_or_only_contact(rmlog, monkeypatch):
    play(rmlog, monkeypatch, [
        ("01-01T10:00", ["add", "Ana"]),
        ("01-01T10:00", ["add", "Bo"]),
        ("01-01T10:00", ["add", "Cy"]),
        ("02-01T10:00", ["gave", "ana", "an intro", "--weight", "2.5"]),
        ("02-02T10:00", ["got", "ana", "advice"]),
        *[(f"02-0{day}T12:00", ["log", "bo", "--by", "me"]) for day in (3, 4, 5, 6)],
        ("02-07T12:00", ["log", "bo", "--by", "them"]),
        ("02-08T12:00", ["gave", "cy", "a book"]),
        ("02-09T12:00", ["archive", "cy"]),
    ])
    people = {p["handle"]: p for p in rmlog.json("balance")["people"]}
    assert sorted(people) == ["ana", "bo"]  # Cy is archived
    ana, bo = people["ana"], people["bo"]
    assert (ana["gave"], ana["received"], ana["interactions"], ana["initiation_share"]) == (2.5, 1.0, 0, None)
    assert (bo["gave"], bo["received"], bo["initiated_by_me"], bo["initiated_by_them"], bo["interactions"]) == \
        (0.0, 0.0, 4, 1, 5)
    assert bo["flags"] == ["you always reach out"]
