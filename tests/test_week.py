"""A scripted week of use; every number below was worked out by hand.

Everyone is added on 2026-01-01. The reports run on Tue 2026-03-10 09:00 (Berlin).
  Ines   inner          lunch 02-20 (by me); gave me advice (2) + an intro (1)
  Cora   core           dinner 03-02 with Nate; my deck promise kept, her VC intro overdue
  Nate   network        dinner 03-02; I gave him an intro (1) and a referral (2)
  Pia    periphery      four difficult calls I started, 03-03..03-06
  Fay    network+family never contacted: 68 days on a 14-day tag cadence
  Sam    inner          snoozed until 03-20
"""

import shutil
import time

import pytest

from tests.conftest import NOW, Rmlog

SCRIPT = [
    ("2026-01-01T10:00", ["add", "Ines", "--circle", "inner"]),
    ("2026-01-01T10:00", ["add", "Cora", "--circle", "core", "--needs", "a CFO"]),
    ("2026-01-01T10:00", ["add", "Nate"]),
    ("2026-01-01T10:00", ["add", "Pia", "--circle", "periphery"]),
    ("2026-01-01T10:00", ["add", "Fay", "--tag", "family"]),
    ("2026-01-01T10:00", ["add", "Sam", "--circle", "inner"]),
    ("2026-02-20T10:00", ["log", "ines", "-m", "lunch\nshe is hiring", "--by", "me"]),
    ("2026-03-02T19:00", ["log", "nate", "cora", "-m", "conference dinner", "--kind", "meal",
                          "--by", "me", "--mood", "1", "--gave", "intro to Dan"]),
    ("2026-03-02T19:05", ["promise", "cora", "send deck", "--due", "wed"]),
    ("2026-03-02T19:06", ["promise", "ines", "review resume", "--due", "2026-03-05"]),
    ("2026-03-02T19:07", ["promise", "cora", "intro to VC", "--theirs", "--due", "fri"]),
    ("2026-03-02T19:08", ["snooze", "sam", "--until", "2026-03-20"]),
    ("2026-03-03T12:00", ["done", "1"]),
    ("2026-03-03T12:00", ["log", "pia", "--kind", "call", "--by", "me", "--mood=-1"]),
    ("2026-03-04T12:00", ["log", "pia", "--kind", "call", "--by", "me", "--mood=-2"]),
    ("2026-03-04T12:00", ["got", "ines", "advice on hiring", "--kind", "advice", "--weight", "2"]),
    ("2026-03-04T12:00", ["got", "ines", "intro to a CFO", "--kind", "intro"]),
    ("2026-03-05T12:00", ["log", "pia", "--kind", "call", "--by", "me", "--mood=-1"]),
    ("2026-03-05T12:00", ["gave", "nate", "referral", "--kind", "referral", "--weight", "2"]),
    ("2026-03-06T12:00", ["log", "pia", "--kind", "call", "--by", "me", "--mood=-1"]),
    ("2026-03-07T12:00", ["done", "2"]),
]


@pytest.fixture(scope="module")
def week_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("week") / "week.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RMLOG_DB", str(path))
        mp.setenv("TZ", "Europe/Berlin")
        mp.setenv("XDG_CONFIG_HOME", str(path.parent / "config"))
        time.tzset()
        play(Rmlog(), mp)
    time.tzset()
    return path


def play(rmlog, monkeypatch) -> None:
    for now, args in SCRIPT:
        monkeypatch.setenv("RMLOG_NOW", now)
        rmlog(*args)
    monkeypatch.setenv("RMLOG_NOW", NOW)


@pytest.fixture
def fresh_week(backend, week_file, tmp_path, monkeypatch):
    """Call it to point rmlog at a new copy of the week: of the SQLite file, or of a
    PostgreSQL database the script filled once per session."""
    copies = iter(range(1000))

    def fill(url: str) -> None:
        monkeypatch.setenv("RMLOG_DATABASE_URL", url)
        play(Rmlog(), monkeypatch)

    def switch() -> None:
        n = next(copies)
        if backend.server is None:
            shutil.copy(week_file, tmp_path / f"week{n}.db")
            monkeypatch.setenv("RMLOG_DB", str(tmp_path / f"week{n}.db"))
        else:
            monkeypatch.setenv("RMLOG_DATABASE_URL", backend.server.copy_of("week", fill, f"week_{n}"))

    return switch


@pytest.fixture
def week(fresh_week, rmlog):
    fresh_week()
    return rmlog


def test_due(week):
    doc = week.json("due")
    assert doc["now"] == "2026-03-10T09:00:00+01:00"
    assert [(p["handle"], p["days_since"], p["cadence_days"], p["urgency"], p["days_overdue"], p["drifting"])
            for p in doc["people"]] == [
        ("fay", 68, 14, 4.86, 54, True),
        ("ines", 18, 14, 1.29, 4, False),
    ]
    assert doc["people"][1]["last_note"] == "lunch"
    assert doc["people"][1]["last_contact"] == "2026-02-20T10:00:00+01:00"
    assert doc["people"][0]["last_contact"] is None  # never contacted; days_since counts from being added
    assert doc["commitments"] == [{
        "id": 3, "person": "cora", "person_name": "Cora", "owner": "them", "what": "intro to VC",
        "due_at": "2026-03-06T23:59:59+01:00", "overdue": True,
    }]
    assert doc["birthdays"] == []


def test_due_human(week):
    out = week("due").stdout
    assert "Reconnect with (2)" in out
    assert "Fay     network  2mo ago  14d    drifting +54d" in out
    assert "Ines    inner    2w ago   14d    due +4d        lunch" in out
    assert "3  Cora    theirs  intro to VC  Mar 6  overdue" in out
    assert "sam" not in out and "pia" not in out


def test_balance(week):
    people = {p["handle"]: p for p in week.json("balance")["people"]}
    assert [h for h in people] == ["ines", "nate", "pia", "cora"]
    assert (people["ines"]["gave"], people["ines"]["received"], people["ines"]["net"]) == (0, 3, -3)
    assert people["ines"]["flags"] == ["one-sided: you take"]
    assert (people["nate"]["gave"], people["nate"]["give_ratio"], people["nate"]["flags"]) == (3, 1.0, ["one-sided: you give"])
    assert (people["pia"]["initiated_by_me"], people["pia"]["initiation_share"]) == (4, 1.0)
    assert people["pia"]["flags"] == ["you always reach out"]
    assert (people["cora"]["gave"], people["cora"]["flags"]) == (1, [])
    assert [p["handle"] for p in week.json("balance", "--one-sided")["people"]] == ["ines", "nate", "pia"]
    assert [p["handle"] for p in week.json("balance", "cora")["people"]] == ["cora"]


def test_review(week):
    doc = week.json("review", "--since", "30d")
    assert (doc["interactions"], doc["people_touched"], doc["new_people"]) == (6, 4, [])
    assert {k: doc["promises_mine"][k] for k in ("kept", "broken", "open", "overdue")} == \
        {"kept": 1, "broken": 1, "open": 0, "overdue": 0}
    assert {k: doc["promises_theirs"][k] for k in ("kept", "broken", "open", "overdue")} == \
        {"kept": 0, "broken": 0, "open": 1, "overdue": 1}
    assert (doc["reliability_mine"]["kept"], doc["reliability_mine"]["total"]) == (1, 2)
    assert (doc["reliability_theirs"]["kept"], doc["reliability_theirs"]["total"]) == (0, 1)
    assert [p["handle"] for p in doc["drifted"]] == ["ines"]
    assert [p["handle"] for p in doc["not_seen_2x"]] == ["fay"]
    assert [p["handle"] for p in doc["one_sided"]] == ["ines", "nate", "pia"]
    assert [(w["handle"], w["negatives"], w["ongoing"]) for w in doc["warning_signs"]] == [("pia", 4, True)]


def test_review_human(week):
    out = week("review").stdout
    assert "Interactions:       6 with 4 people" in out
    assert "Your promises:      1 kept, 1 broken, 0 open" in out
    assert "You keep your word: 1 of 2 on time (50%)" in out
    assert "Pia                    ⚠ 4  the latest too" in out


def test_plan(week):
    doc = week.json("plan")
    assert [(p["handle"], p["next_step"]) for p in doc["people"]] == [
        ("sam", "Reconnect — it's been 68 days"),
        ("ines", "Reconnect — it's been 18 days"),
        ("cora", "Offer help with: a CFO"),
        ("fay", "Reconnect — it's been 68 days"),
        ("nate", "Keep in touch — next check-in in 82 days"),
    ]
    ines = doc["people"][1]
    assert [g["what"] for g in ines["recent_received"]] == ["intro to a CFO", "advice on hiring"]
    assert ines["owe"] == 3
    assert len(week.json("plan", "--limit", "2")["people"]) == 2


def test_show_has_status_balance_promises_and_reliability(week):
    doc = week.json("show", "cora")
    assert doc["due"] is False and doc["status"]["days_since"] == 8
    assert doc["balance"]["gave"] == 1
    assert doc["open_commitments"] == [
        {"id": 3, "owner": "them", "what": "intro to VC", "due_at": "2026-03-06T23:59:59+01:00"}
    ]
    assert (doc["reliability"]["mine"]["kept"], doc["reliability"]["mine"]["total"]) == (1, 1)
    assert (doc["reliability"]["theirs"]["kept"], doc["reliability"]["theirs"]["total"]) == (0, 1)
    out = week("show", "ines").stdout
    assert "every 14 days · last 18 days ago · 4 days overdue · due\n" in out
    assert "Last year: gave 0 ░░░" in out and "░ 3 received\n⚠ one-sided: you take\n" in out
    assert "You keep your word: 0 of 1 on time" in out


def test_commitments_listing(week):
    rows = week.json("commitments")
    # overdue first, then by due date
    assert [(c["id"], c["status"], c["overdue"]) for c in rows] == [(3, "open", True), (1, "done", False), (2, "done", False)]
    assert [c["id"] for c in week.json("commitments", "--open")] == [3]
    assert "3  Cora    theirs  intro to VC    Mar 6  overdue" in week("commitments").stdout
