"""A scripted quarter of the practice; every number below was worked out by hand.

Config: inner 14d..21d and only meetings, calls and meals reset its clock; core 30 (so 60 at
most); network 60d..90d; family 7d..10d; capacity inner 2, core 3; offers set with
`config --offers`. Everyone is added on 2026-01-01; reports run on Tue 2026-03-31 09:00
(Berlin, summer time since 03-29), so "the last 60 days" start on 01-30 and 90 on 12-31.

  Ines  inner  call 03-10, message 03-25 (doesn't count): 21 days, due and drifting (max 21)
  Ivy   inner  own 10d..40d, meal 03-11: 20 days, due but not drifting (one number: drifting)
  Kai   inner  meeting 01-05: 85 days >= 3 x 14, step back to core
  Cora  core   needs "advice on fundraising"; her promise due 04-02
  Pia   core   4 moods 0 0 0 -1 (slope -0.3), 2 of her promises broken, gave 2.4 of 3,
               started 4 of 5: drain 4, each input at or just past its threshold
  Dee   core   gave 2.4 of 3 but moods 1 0 1, 1 broken, started 3 of 4: drain 1, not listed
  Nate  network  9 Mondays 02-02..03-30, gave 2+2, received 5: promote; needs "ML hires"
  Lou   network  own 15d..30d, 7 contacts to 01-20, the last 6 started by me: 70 days, let go
  Fam   network+family  call 03-22: 9 days on a 7d..10d tag window, due, not drifting
  Pete  periphery  needs "ML intros": periphery never gets a give-first item
"""

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import Rmlog

# The quarter is played once per store: a SQLite file copied per test, and a PostgreSQL
# database each test gets a fresh copy of (as test_week.py does).

CONFIG = """\
[cadence.circles]
inner = "14d..21d"
core = 30
network = "60d..90d"

[cadence.tags]
family = "7d..10d"

[reset]
inner = ["meeting", "call", "meal"]

[capacity]
inner = 2
core = 3
"""

MONDAYS = ["02-02", "02-09", "02-16", "02-23", "03-02", "03-09", "03-16", "03-23", "03-30"]
SCRIPT = [
    ("01-01T10:00", ["add", "Ines", "--circle", "inner"]),
    ("01-01T10:00", ["add", "Ivy", "--circle", "inner", "--cadence", "10d..40d"]),
    ("01-01T10:00", ["add", "Kai", "--circle", "inner"]),
    ("01-01T10:00", ["add", "Cora", "--circle", "core", "--needs", "advice on fundraising"]),
    ("01-01T10:00", ["add", "Pia", "--circle", "core"]),
    ("01-01T10:00", ["add", "Dee", "--circle", "core", "--needs", "a plumber"]),
    ("01-01T10:00", ["add", "Nate", "--needs", "ML hires"]),
    ("01-01T10:00", ["add", "Lou", "--cadence", "15d..30d"]),
    ("01-01T10:00", ["add", "Fam", "--tag", "family"]),
    ("01-01T10:00", ["add", "Pete", "--circle", "periphery", "--needs", "ML intros"]),
    ("01-01T11:00", ["log", "lou", "-m", "new year", "--by", "them"]),
    *[(f"01-{day}T10:00", ["log", "lou", "-m", "ping", "--by", "me"]) for day in ("03", "06", "09", "12", "15", "20")],
    ("01-05T10:00", ["log", "kai", "-m", "coffee"]),
    *[(f"{day}T10:00", ["log", "nate", "-m", "standup"]) for day in MONDAYS],
    ("02-02T11:00", ["gave", "nate", "intro to Dan", "--weight", "2"]),
    ("03-02T11:00", ["gave", "nate", "referral", "--weight", "2"]),
    ("03-09T11:00", ["got", "nate", "pitch feedback", "--weight", "5"]),
    ("03-02T12:00", ["log", "pia", "--by", "me", "--mood", "0"]),
    ("03-02T12:05", ["promise", "pia", "send the contract", "--theirs", "--due", "2026-03-05"]),
    ("03-02T12:06", ["promise", "pia", "call back", "--theirs", "--due", "2026-03-12"]),
    ("03-02T12:07", ["gave", "pia", "intro to a lawyer", "--weight", "2.4"]),
    ("03-03T12:00", ["log", "dee", "--by", "me", "--mood", "1"]),
    ("03-03T12:05", ["gave", "dee", "advice", "--weight", "2.4"]),
    ("03-03T12:06", ["got", "dee", "a book", "--weight", "0.6"]),
    ("03-03T12:07", ["promise", "dee", "share notes", "--theirs", "--due", "2026-03-20"]),
    ("03-09T12:00", ["log", "pia", "--by", "me", "--mood", "0"]),
    ("03-10T12:00", ["log", "dee", "--by", "me", "--mood", "0"]),
    ("03-10T13:00", ["log", "ines", "-m", "call", "--kind", "call"]),
    ("03-10T13:05", ["got", "ines", "advice on hiring", "--weight", "2"]),
    ("03-11T19:00", ["log", "ivy", "-m", "dinner", "--kind", "meal"]),
    ("03-13T12:00", ["drop", "2"]),
    ("03-16T12:00", ["log", "pia", "--by", "me", "--mood", "0"]),
    ("03-16T12:05", ["got", "pia", "coffee", "--weight", "0.6"]),
    ("03-17T12:00", ["log", "dee", "--by", "me", "--mood", "1"]),
    ("03-18T12:00", ["log", "dee", "--by", "them"]),
    ("03-20T12:00", ["log", "cora", "-m", "lunch"]),
    ("03-20T12:05", ["got", "cora", "intro to an investor"]),
    ("03-20T12:06", ["promise", "cora", "intro to VC", "--theirs", "--due", "2026-04-02"]),
    ("03-21T12:00", ["drop", "3"]),
    ("03-22T12:00", ["log", "fam", "--kind", "call"]),
    ("03-23T12:00", ["log", "pia", "--by", "me", "--mood=-1"]),
    ("03-24T12:00", ["log", "pia", "--kind", "call", "--by", "them"]),
    ("03-25T12:00", ["log", "ines", "-m", "texted", "--kind", "message"]),
    ("03-25T12:05", ["promise", "ines", "review resume", "--due", "2026-04-03"]),
    ("03-25T12:06", ["config", "--offers", "intros to ML people; fundraising advice"]),
]
NOW = "2026-03-31T09:00"


def play(store: dict[str, str], config: Path) -> None:
    """Run the script on the store the variables name, with a config file that starts as CONFIG
    (the script's `config --offers` adds to it)."""
    config.write_text(CONFIG)
    with pytest.MonkeyPatch.context() as mp:
        for name, value in store.items():
            mp.setenv(name, value)
        mp.setenv("RMLOG_CONFIG", str(config))
        mp.setenv("TZ", "Europe/Berlin")
        time.tzset()
        rmlog = Rmlog()
        for now, args in sorted(SCRIPT, key=lambda step: step[0]):
            mp.setenv("RMLOG_NOW", f"2026-{now}")
            rmlog(*args)
    time.tzset()


@pytest.fixture(scope="module")
def quarter_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quarter")
    path, config = folder / "quarter.db", folder / "rmlog.toml"
    play({"RMLOG_DB": str(path)}, config)
    return path, config


@pytest.fixture
def quarter(quarter_files, backend, tmp_path, rmlog, monkeypatch):
    path, config = quarter_files
    shutil.copy(config, tmp_path / "rmlog.toml")
    monkeypatch.setenv("RMLOG_CONFIG", str(tmp_path / "rmlog.toml"))
    if backend.server is None:
        shutil.copy(path, tmp_path / "quarter.db")
        monkeypatch.setenv("RMLOG_DB", str(tmp_path / "quarter.db"))
    else:
        def fill(url: str) -> None:
            play({"RMLOG_DATABASE_URL": url}, tmp_path / "played.toml")

        monkeypatch.setenv("RMLOG_DATABASE_URL", backend.server.copy_of("quarter", fill, "quarter_copy"))
    monkeypatch.setenv("RMLOG_NOW", NOW)
    return rmlog


def test_due_from_the_ideal_window_drifting_from_the_maximum_counting_only_reset_kinds(quarter):
    people = quarter.json("due")["people"]
    assert [(p["handle"], p["days_since"], p["cadence_days"], p["urgency"], p["drifting"]) for p in people] == [
        ("kai", 85, 14, 6.07, True),
        ("lou", 70, 15, 4.67, True),
        ("ivy", 20, 10, 2.0, False),
        ("ines", 21, 14, 1.5, True),
        ("fam", 9, 7, 1.29, False),
    ]
    assert people[3]["last_contact"] == "2026-03-10T13:00:00+01:00"


def test_people_judges_status_by_the_contacts_that_reset_the_clock(quarter):
    lines = {line.split()[0]: line.split() for line in quarter("people").stdout.splitlines()[1:]}
    # Ines' last contact was a message on 03-25, which doesn't count in inner: drifting, as in due
    assert lines["Ines"][2:] == ["Mar", "25", "6d", "ago", "drifting"]
    assert lines["Ivy"][2:] == ["Mar", "11", "2w", "ago", "due"]  # a meal counts
    assert lines["Nate"][-2:] == lines["Cora"][-2:] == ["in", "touch"]


def test_show_says_which_contact_reset_the_clock(quarter):
    out = quarter("show", "ines").stdout
    assert "\nevery 14 days, at most 21 · reset by call 21 days ago · 7 days overdue · drifting\n" in out
    assert "Clock reset by:" in out and ", 21 days ago (2026-03-10) (inner counts meeting, call, meal)" in out
    assert "Clock reset by" not in quarter("show", "nate").stdout


def test_the_capacity_report_and_each_suggested_move_with_its_reason(quarter):
    doc = quarter.json("circles")
    assert [(c["circle"], c["size"], c["capacity"], c["over"]) for c in doc["circles"]] == [
        ("inner", 3, 2, 1), ("core", 3, 3, 0), ("network", 3, 150, 0), ("periphery", 1, None, 0)]
    assert [(m["handle"], m["why"]) for m in doc["misfits"]] == [
        ("kai", "unseen for 85 days, over 3 × their 14-day rhythm"),
        ("nate", "seen weekly: 9 contacts in 60 days"),
    ]
    assert [(m["handle"], m["from_circle"], m["to_circle"], m["why"]) for m in doc["moves"]] == [
        ("kai", "inner", "core", "step back to core: unseen for 85 days, over 3 × their 14-day rhythm; "
                                 "core is full (3 of 3)"),
        ("lou", "network", "periphery", "let go to periphery: 0 contacts in 70 days (2 × their 30-day maximum), "
                                        "they initiated none of the last 6"),
        ("nate", "network", "core", "promote: 9 contacts in 60 days, you gave 4 and received 5; core is full (3 of 3)"),
    ]
    out = quarter("circles").stdout
    assert "inner      3       2         over by 1" in out
    assert "Kai     inner → core" in out


def test_a_move_is_decided_recorded_shown_and_undone(quarter):
    quarter("move", "kai", "core", "--why", "we drifted; no hard feelings")
    sizes = {c["circle"]: (c["size"], c["over"]) for c in quarter.json("circles")["circles"]}
    assert (sizes["inner"], sizes["core"]) == ((2, 0), (4, 1))
    assert "Mar 31  inner  core  we drifted; no hard feelings" in quarter("show", "kai").stdout
    quarter("undo")
    assert quarter.json("show", "kai")["moves"] == []


def test_the_draining_signal_at_its_thresholds(quarter):
    doc = quarter.json("review", "--since", "90d")
    assert doc["draining"] == [{
        "handle": "pia", "name": "Pia", "drain": 4,
        "reasons": [
            "time together has felt heavier lately (mood -0.30 a meeting over the last 4)",
            "2 of their promises slipped",
            "you gave 2.4 of the 3 that changed hands",
            "you reached out 4 of 5 times",
        ],
    }]
    out = quarter("review", "--since", "90d").stdout
    assert "Relationships that cost you energy (1)" in out
    assert "  Pia (4 of 4 signals):\n    time together has felt heavier lately (mood -0.30 a meeting over the last 4)\n" in out


def test_the_give_first_queue(quarter):
    doc = quarter.json("plan")
    assert [(g["handle"], g["kind"], g["why"]) for g in doc["give_first"]] == [
        ("cora", "offer", 'needs "advice on fundraising"; you offer "fundraising advice" (advice, fundraising)'),
        ("nate", "offer", 'needs "ML hires"; you offer "intros to ML people" (ml)'),
        ("ines", "owe", "you owe them: received 2, gave 0 in the last year"),
    ]
    assert quarter("plan").stdout.startswith("Give first (3)\n")


def test_the_weekly_review_items(quarter):
    items = quarter.json("review", "--weekly")["items"]
    assert [(i["kind"], i["handle"], i["text"]) for i in items] == [
        ("drifting", "kai", "85 days without contact; every 14, at most 21"),
        ("drifting", "ines", "21 days without contact; every 14, at most 21"),
        ("promise", "pia", "Pia promised you: send the contract (was due 26 days ago)"),
        ("promise", "cora", "Cora promised you: intro to VC (due in 2 days)"),
        ("promise", "ines", "you promised Ines: review resume (due in 3 days)"),
        ("move", "lou", "let go to periphery: 0 contacts in 70 days (2 × their 30-day maximum), "
                        "they initiated none of the last 6"),
        ("move", "nate", "promote: 9 contacts in 60 days, you gave 4 and received 5; core is full (3 of 3)"),
        ("offer", "ines", "return the favour: they gave you advice on hiring"),
        ("offer", "cora", "offer fundraising advice: they need advice on fundraising"),
        ("offer", "dee", "return the favour: they gave you a book"),
        ("offer", "pia", "return the favour: they gave you coffee"),
    ]
    # One move per person, the one `circles` suggests: Kai's is offered on his drifting item,
    # Ines (no move suggested) is offered none.
    assert (items[0]["to_circle"], "move" in items[0]["answers"]) == ("core", True)
    assert (items[1]["to_circle"], "move" in items[1]["answers"]) == (None, False)
    assert [m["handle"] for m in quarter.json("circles")["moves"]] == ["kai", "lou", "nate"]
