"""People by name in any script: readable handles, typing and TAB-completing a name or alias,
suggestions for a typo."""

from __future__ import annotations

from rmlog import completion
from tests.test_completion import run_main


def add_russian_and_korean(rmlog) -> None:
    rmlog("add", "Иван Петров", "--alias", "Ваня")
    rmlog("add", "최유림")
    rmlog("add", "전도훈")


def test_names_in_other_scripts_get_readable_handles(rmlog):
    add_russian_and_korean(rmlog)
    assert [p["handle"] for p in rmlog.json("people")] == ["ivan-petrov", "jeondohun", "choeyulim"]


def test_a_person_is_typed_by_name_or_alias_in_their_own_script(rmlog):
    add_russian_and_korean(rmlog)
    assert rmlog.json("show", "Иван")["handle"] == "ivan-petrov"
    assert rmlog.json("show", "иван петров")["handle"] == "ivan-petrov"
    assert rmlog.json("show", "Ваня")["handle"] == "ivan-petrov"
    assert rmlog.json("show", "최유림")["handle"] == "choeyulim"
    rmlog("log", "Иван Петров", "전도훈", "-m", "dinner")
    assert rmlog.json("show", "Петров")["recent_interactions"][0]["notes"] == "dinner"  # a word of the name
    assert rmlog.json("show", "전도훈")["recent_interactions"][0]["notes"] == "dinner"


def test_tab_offers_names_and_aliases_when_no_handle_starts_so(rmlog):
    add_russian_and_korean(rmlog)
    rmlog("add", "Иванна Old")
    rmlog("archive", "ivanna-old")
    assert completion.handles(None, "Ив") == ["Иван Петров"]
    assert completion.handles(None, "ив") == ["Иван Петров"]
    assert completion.handles(None, "ва") == ["Ваня"]
    assert completion.handles(None, "최") == ["최유림"]
    assert completion.handles(None, "iv") == ["ivan-petrov"]  # a handle fits: no names
    assert completion.handles(None, "Пе") == []


def test_tab_completes_a_name_for_bash_without_the_database_layer(rmlog):
    add_russian_and_korean(rmlog)
    result = run_main({"_RMLOG_COMPLETE": "bash", "_RMLOG_COMPLETE_ARGS": "rmlog show Ив"})
    assert result.stdout == "Иван\\ Петров\n"
    assert result.stderr.endswith("HEAVY []\n"), result.stderr
    result = run_main({"_RMLOG_COMPLETE": "zsh", "_RMLOG_COMPLETE_ARGS": "rmlog log alice 전"})
    assert result.stdout == "전도훈\n"


def test_a_typo_suggests_the_closest_people_then_add_and_new(rmlog):
    rmlog("add", "Alice Smith")
    rmlog("add", "Bob Jones")
    before = rmlog.snapshot()
    message = rmlog.error("log", "alcie", "-m", "x")
    assert message == (
        "rmlog: error: no person 'alcie'; did you mean alice-smith (Alice Smith)? "
        "or create them with: rmlog add alcie, or pass --new to log them as new"
    )
    assert rmlog.snapshot() == before
    shown = rmlog.error("show", "alcie")
    assert shown.endswith("did you mean alice-smith (Alice Smith)? or create them with: rmlog add alcie")
