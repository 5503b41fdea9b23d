"""Bad input is one line on stderr and exit 2, never a traceback or a change (issue 10, items 1, 13)."""

import pytest

from rmlog import clock


@pytest.fixture
def solo(rmlog):
    rmlog("add", "Solo")
    return rmlog


BLANK_PERSON = [
    ("delete", "{}", "--yes"), ("archive", "{}"), ("unarchive", "{}"), ("show", "{}"), ("edit", "{}", "--role", "x"),
    ("gave", "{}", "x"), ("got", "{}", "x"), ("promise", "{}", "x"), ("snooze", "{}", "--until", "2w"),
    ("log", "{}", "-m", "x"), ("log", "{}", "--new", "-m", "x"), ("log", "solo", "{}", "-m", "x"),
    ("commitments", "{}"), ("balance", "{}"),
]


@pytest.mark.parametrize("blank", ["", " \t\n"])
def test_a_blank_person_names_nobody(solo, blank):
    before = solo.snapshot()
    for command in BLANK_PERSON:
        message = solo.error(*(blank if arg == "{}" else arg for arg in command))
        assert "PERSON is empty" in message, command
    assert solo.snapshot() == before
    assert [p["handle"] for p in solo.json("people")] == ["solo"]


@pytest.mark.parametrize("command", [("delete", "--yes"), ("archive",)])
def test_delete_and_archive_refuse_a_prefix_and_list_candidates(rmlog, command):
    rmlog("add", "Alice Smith")
    rmlog("add", "Alicia Keys", "--alias", "AK")
    message = rmlog.error(command[0], "ali", *command[1:])
    assert "only the start of alice-smith (Alice Smith), alicia-keys (Alicia Keys)" in message
    assert "exact handle, name or alias" in message
    assert "only the start of alice-smith (Alice Smith)" in rmlog.error(command[0], "alice", *command[1:])
    assert len(rmlog.json("people")) == 2
    for exact in ("alice-smith", "Alicia Keys"):
        rmlog(command[0], exact, *command[1:])
    assert rmlog.json("people") == []


def test_delete_by_alias_and_prefix_elsewhere_still_works(rmlog):
    rmlog("add", "Alice Smith", "--alias", "Ali")
    assert rmlog.json("show", "alice")["handle"] == "alice-smith"
    rmlog("delete", "ali", "--yes")
    assert rmlog.json("people") == []


@pytest.mark.parametrize("zone", ["UTC0", "XST5", "CET-1CEST,M3.5.0,M10.5.0/3"])
def test_posix_tz_strings_are_honoured(solo, monkeypatch, zone):
    clock._zone.cache_clear()
    monkeypatch.setenv("TZ", zone)
    result = solo("log", "solo", "-m", "x", "--json")
    assert "warning" not in result.stderr
    offset = {"UTC0": "+00:00", "XST5": "-05:00", "CET-1CEST,M3.5.0,M10.5.0/3": "+01:00"}[zone]
    assert result.stdout.count(offset) == 1


@pytest.mark.parametrize("zone", ["Nowhere/Land", "../../etc/passwd", "<+03>-3x", "\x1b]0;x\x07"])
def test_an_unknown_time_zone_falls_back_to_utc_with_one_warning(solo, monkeypatch, zone):
    clock._zone.cache_clear()
    monkeypatch.setenv("TZ", zone)
    result = solo("log", "solo", "-m", "x", "--json")
    assert '"occurred_at": "2026-03-10T09:00:00+00:00"' in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rmlog: warning: TZ=") and "using UTC" in lines[0]
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize("args, words", [
    (("due", "--within", "1000000y"), "too long"),
    (("due", "--within", "9" * 5000), "too long"),
    (("balance", "--since", "99999999999"), "too long"),
    (("review", "--since", "99999999999d"), "too long"),
    (("snooze", "solo", "--until", "99999999y"), "too long"),
    (("log", "solo", "--when", "99999999 years ago"), "too long"),
    (("promise", "solo", "x", "--due", "9999-12-31"), "out of range"),
    (("promise", "solo", "x", "--due", "2200-01-01"), "out of range"),
    (("log", "solo", "--when", "0001-01-01"), "out of range"),
    (("done", "99999999999999999999"), "commitment_id"),
    (("drop", "0"), "commitment_id"),
    (("search", "x", "--limit", "99999999999999999999"), "--limit"),
    (("gave", "solo", "x", "--weight", "nan"), "--weight"),
    (("gave", "solo", "x", "--weight", "inf"), "--weight"),
    (("got", "solo", "x", "--weight", "-1"), "--weight"),
    (("add", "X", "--cadence", "99999999"), "--cadence"),
    (("add", "X", "--cadence", "9" * 5000), "too long"),
    (("add", "X", "--cadence", "3651"), "--cadence"),
    (("edit", "solo", "--cadence", "0"), "--cadence"),
    (("log", "solo", "--mood", "7"), "--mood"),
    (("log", "solo", "--mood", "-3"), "--mood"),
])
def test_out_of_range_values_are_input_errors(solo, args, words):
    before = solo.snapshot()
    assert words in solo.error(*args)
    assert solo.snapshot() == before


@pytest.mark.parametrize("pinned", ["9999-12-31T23:00", "0001-01-01T00:00", "1800-01-01"])
def test_rmlog_now_out_of_range_is_an_input_error(solo, monkeypatch, pinned):
    monkeypatch.setenv("RMLOG_NOW", pinned)
    assert "RMLOG_NOW" in solo.error("due")
    assert "RMLOG_NOW" in solo.error("show", "solo")


def test_a_weight_is_stored_as_given(solo):
    solo("gave", "solo", "x", "--weight", "2.5")
    assert solo.sql("select weight from exchange") == [(2.5,)]


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "rmlog.toml"
    monkeypatch.setenv("RMLOG_CONFIG", str(path))
    return path


@pytest.mark.parametrize("content, words", [
    ("cadence = 5\n", "'cadence' must be a table"),
    ("[cadence]\ncircles = 5\n", "'cadence.circles' must be a table"),
    ("[cadence]\ntags = [1, 2]\n", "'cadence.tags' must be a table"),
    ("[cadence.circles]\ninnner = 7\n", "unknown key 'cadence.circles.innner'; expected core, inner"),
    ("[cadence.circles]\ninner = 99999999999999\n", "'cadence.circles.inner' must be whole days"),
    ("[cadence.tags]\nvip = 3651\n", "'cadence.tags.vip' must be whole days from 0 (never due) to 3650"),
    ("[cadence.tags]\nvip = -1\n", "'cadence.tags.vip' must be whole days"),
    ("[cadence.tags]\nvip = 1.5\n", "'cadence.tags.vip' must be whole days"),
    ("[cadense.circles]\ninner = 7\n", "unknown key 'cadense'"),
    ("[cadence.cirlces]\ninner = 7\n", "unknown key 'cadence.cirlces'"),
])
def test_config_problems_name_the_key_and_the_file(rmlog, config, content, words):
    config.write_text(content)
    for command in (("due",), ("config",), ("review",), ("plan",)):
        message = rmlog.error(*command)
        assert words in message and str(config) in message


def test_a_config_with_known_keys_and_tag_names_loads(rmlog, config):
    config.write_text("[cadence.circles]\ninner = 3650\nperiphery = 0\n[cadence.tags]\nany-tag = 1\n")
    shown = rmlog.json("config")
    assert (shown["circles"]["inner"], shown["tags"]["any-tag"]) == (3650, 1)
