"""The practice through the command line: windows and reset kinds in config, move and its
undo, config --offers, and the weekly review answered one key at a time."""

import pytest


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "rmlog.toml"
    monkeypatch.setenv("RMLOG_CONFIG", str(path))
    return path


@pytest.fixture
def at(monkeypatch):
    return lambda moment: monkeypatch.setenv("RMLOG_NOW", moment)


def test_a_cadence_window_on_a_person(rmlog):
    doc = rmlog.json("add", "Ann", "--cadence", "2w..20d")
    assert (doc["cadence_days"], doc["cadence_max_days"]) == (14, 20)
    doc = rmlog.json("edit", "ann", "--cadence", "10d")
    assert (doc["cadence_days"], doc["cadence_max_days"]) == (10, None)
    assert "\nevery 10 days · " in rmlog("show", "ann").stdout  # the default maximum goes unsaid
    rmlog("edit", "ann", "--cadence", "10d..15d")
    assert "\nevery 10 days, at most 15 · " in rmlog("show", "ann").stdout


@pytest.mark.parametrize("value, words", [
    ("20d..14d", "--cadence: the maximum window must be at least the ideal one"),
    ("14d..4000d", "--cadence: must be a whole number of days from 1 to 3650"),
    ("0..5", "--cadence: must be a whole number of days from 1 to 3650"),
    ("soon..later", "bad duration 'soon'"),
])
def test_a_bad_cadence_window_changes_nothing(rmlog, value, words):
    assert words in rmlog.error("add", "Ann", "--cadence", value)
    assert rmlog.json("people") == []


@pytest.mark.parametrize("content, words", [
    ("[cadence.circles]\ninner = \"20d..14d\"\n", "'cadence.circles.inner' must have a maximum at least as long as the ideal"),
    ("[cadence.circles]\ninner = \"0d..14d\"\n", "'cadence.circles.inner' must be whole days"),
    ("[reset]\ninner = [\"hug\"]\n", "'reset.inner' must list kinds of contact"),
    ("[reset]\ninner = []\n", "'reset.inner' must list kinds"),
    ("[reset]\ninnr = [\"call\"]\n", "unknown key 'reset.innr'"),
    ("[capacity]\ninner = 0\n", "'capacity.inner' must be a whole number of people"),
    ("[capacity]\nperiphery = 9\n", "unknown key 'capacity.periphery'"),
    ("[plan]\noffers = 5\n", "'plan.offers' must be text, e.g."),
    ("[cadence.tags]\nclub = \"weekly\"\n", "'cadence.tags.club' must be whole days from 0 (never due) to 3650 or a window"),
    ("[plan]\noffer = \"x\"\n", "unknown key 'plan.offer'"),
])
def test_config_problems_in_the_new_tables_name_key_and_file(rmlog, config, content, words):
    config.write_text(content)
    for command in (("due",), ("circles",), ("plan",), ("review", "--weekly")):
        message = rmlog.error(*command)
        assert words in message and str(config) in message


def test_config_shows_windows_reset_kinds_capacity_and_offers(rmlog, config):
    config.write_text("[cadence.circles]\ncore = \"20d..25d\"\n[cadence.tags]\nclub = \"1w..10d\"\n"
                      "[reset]\ninner = [\"call\", \"meal\"]\n[capacity]\ninner = 4\n")
    doc = rmlog.json("config")
    assert (doc["circles"]["core"], doc["maximum"]["circles"]["core"], doc["maximum"]["circles"]["inner"]) == (20, 25, 28)
    assert (doc["tags"]["club"], doc["maximum"]["tags"]["club"]) == (7, 10)
    assert doc["reset"] == {"inner": ["call", "meal"]}
    assert doc["capacity"] == {"inner": 4, "core": 15, "network": 150} and doc["offers"] is None



def test_the_config_use_case_gives_the_windows_the_command_prints(rmlog, config):
    from rmlog.app.config import config as config_view
    from rmlog.config import config_path, load_me, load_practice

    config.write_text("[cadence.circles]\ncore = \"20d..25d\"\n[cadence.tags]\nclub = \"1w..10d\"\n")
    rmlog("config", "--me", "a@x.io")
    view = config_view(load_practice(), load_me(), config_path())
    assert (view.circle_windows["core"].ideal, view.circle_windows["core"].max, view.tag_windows["club"].max) == (
        20, 25, 10)
    assert view.to_json() == rmlog.json("config") and view.to_json()["me"] == ["a@x.io"]

def test_config_offers_are_kept_in_the_file_with_every_other_line(rmlog, config):
    config.write_text("# mine\n[cadence.circles]\ninner = 7\n\n[plan]\noffers = \"old\"\n\n[capacity]\ninner = 4\n")
    rmlog("config", "--offers", 'intros to "ML" people; fundraising \\ advice')
    assert rmlog.json("config")["offers"] == 'intros to "ML" people; fundraising \\ advice'
    text = config.read_text()
    assert text.startswith("# mine\n[cadence.circles]\ninner = 7\n") and "[capacity]\ninner = 4\n" in text
    assert "old" not in text
    rmlog("config", "--offers", "")
    assert rmlog.json("config")["offers"] is None and "[plan]" not in config.read_text()
    assert "one line" in rmlog.error("config", "--offers", "a\nb")


def test_reset_kinds_decide_what_counts_and_show_says_which(rmlog, config, at):
    config.write_text("[reset]\ninner = [\"meeting\", \"call\", \"meal\"]\n")
    at("2026-01-01T10:00")
    rmlog("add", "Ines", "--circle", "inner")
    at("2026-02-01T10:00")
    rmlog("log", "ines", "-m", "call", "--kind", "call")
    at("2026-02-20T10:00")
    rmlog("log", "ines", "-m", "texted", "--kind", "message")
    at("2026-03-10T09:00")
    [due] = rmlog.json("due")["people"]
    assert (due["days_since"], due["last_contact"], due["drifting"]) == (37, "2026-02-01T10:00:00+01:00", True)
    out = rmlog("show", "ines").stdout
    assert "every 14 days · reset by call 37 days ago · 23 days overdue · drifting" in out
    assert "Clock reset by:" in out and "call #1, 37 days ago (2026-02-01) (inner counts meeting, call, meal)" in out
    assert rmlog.json("show", "ines")["status"]["days_since"] == 37
    [row] = rmlog("people").stdout.splitlines()[1:]  # the last contact, and the status reset counts
    assert row.split() == ["Ines", "inner", "Feb", "20", "2w", "ago", "drifting"]


def test_move_records_the_reason_show_lists_it_and_undo_reverts_it(rmlog, at):
    at("2026-03-01T10:00")
    rmlog("add", "Bob")
    at("2026-03-10T09:00")
    assert rmlog("move", "bob", "core", "--why", "we meet weekly").stdout == "Moved bob from network to core.\n"
    doc = rmlog.json("show", "bob")
    assert doc["circle"] == "core"
    assert doc["moves"] == [{"at": "2026-03-10T09:00:00+01:00", "from": "network", "to": "core", "why": "we meet weekly"}]
    assert "Mar 10  network  core  we meet weekly" in rmlog("show", "bob").stdout
    [op] = rmlog.json("history", "--limit", "1")
    assert op["command"] == "move bob core --why 'we meet weekly'"
    assert op["changes"] == {"circle_move": {"added": 1, "changed": 0, "removed": 0},
                             "person": {"added": 0, "changed": 1, "removed": 0}}
    assert "removed 1 circle move; restored 1 person" in rmlog("undo").stdout
    doc = rmlog.json("show", "bob")
    assert (doc["circle"], doc["moves"]) == ("network", [])


def test_moving_to_the_same_circle_is_refused(rmlog):
    rmlog("add", "Bob")
    assert rmlog.error("move", "bob", "network") == "rmlog: error: bob is already in network"
    assert rmlog.json("history", "--limit", "1")[0]["command"] == "add Bob"


def test_a_deleted_person_takes_their_moves_and_undo_brings_them_back(rmlog):
    rmlog("add", "Bob")
    rmlog("move", "bob", "inner", "--why", "family now")
    rmlog("delete", "bob", "--yes")
    rmlog("undo")
    assert rmlog.json("show", "bob")["moves"][0]["why"] == "family now"


# The weekly review ----------------------------------------------------------------------------


@pytest.fixture
def week(rmlog, backend, at):
    """Ines drifting (inner, 30 days), Cora's promise due Friday, Nate (network) seen weekly."""
    backend.built("practice_week", lambda: build_week(rmlog, at))
    at("2026-03-10T09:00")
    return rmlog


def build_week(rmlog, at) -> None:
    at("2026-01-01T10:00")
    rmlog("add", "Ines", "--circle", "inner", "--needs", "ML hires")
    rmlog("add", "Cora", "--circle", "core")
    rmlog("add", "Nate")
    at("2026-02-08T10:00")
    rmlog("log", "ines", "-m", "lunch")
    for day in range(1, 10):
        at(f"2026-03-0{day}T10:00")
        rmlog("log", "nate", "cora", "-m", "standup")
    rmlog("promise", "cora", "intro to VC", "--theirs", "--due", "2026-03-13")


def test_off_a_terminal_the_weekly_review_prints_its_items_and_waits_for_nothing(week):
    out = week("review", "--weekly").stdout
    assert out.splitlines()[0] == "Weekly review (4)"
    assert "1  drifting  Ines  30 days without contact; every 14, at most 28" in out
    doc = week.json("review", "--weekly")
    assert [(i["kind"], i["handle"]) for i in doc["items"]] == [
        ("drifting", "ines"), ("promise", "cora"), ("move", "nate"), ("offer", "ines")]
    assert week.json("history", "--limit", "1")[0]["command"].startswith("promise cora")


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr("rmlog.cli.terminal.interactive", lambda: True)


def test_each_key_runs_its_command_as_one_operation_that_undo_reverts(week, terminal):
    result = week("review", "--weekly", input="xl" "coffee, she is hiring\n" "yesterday 18:00\n" "pm")
    out = result.stdout
    assert "press one of l, s, p, k (q stops)" in out  # circles suggests no move for Ines
    assert "Logged meeting #11 with Ines on 2026-03-09 18:00" in out
    assert "#1 done: intro to VC (cora)." in out
    assert "Moved nate from network to core." in out
    # Logged at item 1, Ines is not offered a promise at item 4: the queue was read again.
    assert "[3/3] move: Nate" in out and "offer: Ines" not in out
    assert "3 answered." in out
    history = [op["command"] for op in week.json("history", "--limit", "3")]
    assert history == [
        "move nate core --why 'promote: 9 contacts in 60 days, you gave 0 and received 0'",
        "done 1",
        "log ines -m 'coffee, she is hiring' --when 'yesterday 18:00'",
    ]
    assert week.json("show", "ines")["recent_interactions"][0]["notes"] == "coffee, she is hiring"
    week("undo")
    assert week.json("show", "nate")["circle"] == "network"
    week("undo")
    assert week.json("commitments", "--open")[0]["id"] == 1
    week("undo")
    assert week.json("show", "ines")["status"]["days_since"] == 30


def test_an_empty_note_opens_the_editor_and_an_untouched_one_logs_nothing(week, terminal, tmp_path, monkeypatch):
    editor = tmp_path / "editor"
    editor.write_text("#!/bin/sh\necho 'walked the dog' | cat - \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    out = week("review", "--weekly", input="l\n\nq").stdout
    assert "Logged meeting #11 with Ines on 2026-03-10 09:00" in out
    assert week.json("show", "ines")["recent_interactions"][0]["notes"] == "walked the dog"
    monkeypatch.setenv("EDITOR", "true")
    out = week("review", "--weekly", input="l\n\nq").stdout
    assert "Nothing logged: the note was left empty." in out and "0 answered." in out


def test_snooze_promise_and_skip_keys(week, terminal):
    out = week("review", "--weekly", input="ss\r").stdout
    assert "Snoozed ines until 2026-03-17." in out
    # A week after its due date (Friday the 13th), not a week from today.
    assert "s due a week after its due date" in out
    assert "#1 updated: intro to VC (cora, due 2026-03-20)." in out
    assert "offer: Ines" not in out  # snoozed at item 1: hidden from the rest of the review
    assert "2 answered." in out
    assert week.json("show", "nate")["circle"] == "network"
    assert week.json("history", "--limit", "1")[0]["command"] == "edit-promise 1 --due 2026-03-20"


def test_the_offer_key_promises_it(week, terminal, config):
    config.write_text("[plan]\noffers = \"intros to ML people\"\n")
    out = week("review", "--weekly", input="kkkp").stdout
    assert "#2 You promised Ines: intros to ML people, due 2026-03-17." in out
    assert week.json("history", "--limit", "1")[0]["command"] == "promise ines 'intros to ML people' --due 'in 7 days'"


def test_a_refused_answer_is_a_warning_and_the_review_goes_on(week, terminal):
    from rmlog.cli import weekly

    result = week("review", "--weekly", input="l" "lunch\n" "in 2 days\n" "k")
    assert "rmlog: warning: " in result.stderr and "skipped" in result.stderr
    assert "[2/4]" in result.stdout and "0 answered." in result.stdout
    assert weekly.KEYS["k"] == "skip"


def test_headings_are_not_bold_under_no_color(week, terminal):
    out = week("review", "--weekly", input="q", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "[1/4] drifting: Ines" in out and "\x1b[" not in out


@pytest.mark.sqlite_only
def test_a_journal_from_before_windows_and_moves_is_migrated_and_undo_restores_the_maximum(rmlog, db_path):
    """m007 adds person.cadence_max_days and remakes SQLite's person triggers, which name the
    columns they record: without that, undo would put back a null maximum."""
    import sqlite3

    from sqlalchemy import MetaData, Table, create_engine

    from rmlog.store import migrations, oplog

    rmlog("add", "Alice", "--cadence", "3d")
    with sqlite3.connect(db_path) as conn:
        for (trigger,) in conn.execute("select name from sqlite_master where type = 'trigger' "
                                       "and tbl_name in ('person', 'circle_move')").fetchall():
            conn.execute(f"drop trigger {trigger}")
        conn.execute("drop table circle_move")
        conn.execute("alter table person drop column cadence_max_days")
        conn.execute("delete from rmlog_migration where name = 'm007_cadence_window_and_moves'")
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as conn:
        oplog.create_triggers(conn, [Table("person", MetaData(), autoload_with=conn)])
    engine.dispose()
    rmlog("edit", "alice", "--cadence", "3d..5d")
    rmlog("edit", "alice", "--cadence", "4d..9d")
    rmlog("undo")
    doc = rmlog.json("show", "alice")
    assert (doc["cadence_days"], doc["cadence_max_days"]) == (3, 5)
    rmlog("move", "alice", "inner", "--why", "after the upgrade")
    assert "removed 1 circle move" in rmlog("undo").stdout
    with sqlite3.connect(db_path) as conn:
        applied = [row[0] for row in conn.execute("select name from rmlog_migration order by name")]
    assert applied == migrations.names()


def test_due_quiet_with_json_is_refused_rather_than_printing_nothing(rmlog):
    assert "give --quiet or --json, not both" in rmlog.error("due", "--quiet", "--json")
