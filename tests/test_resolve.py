"""Person resolution order and its errors, over plain candidates."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmlog.errors import InputError
from rmlog.handles import is_slug_of, slugify, unique_handle
from rmlog.resolve import Candidate, UnknownPerson, resolve

PEOPLE = [
    Candidate(1, "alice-smith", "Alice Smith", ("Ali",)),
    Candidate(2, "alice-wong", "Alice Wong"),
    Candidate(3, "bob", "Bob Jones", ("Bobby",)),
    Candidate(4, "al", "Al Green"),
    Candidate(5, "robert", "Robert", ("bob-jones",)),
]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("alice-smith", 1),
        ("ALICE-SMITH", 1),
        ("alice smith", 1),
        ("ali", 1),
        ("Bobby", 3),
        ("bob", 3),
        ("al", 4),
        ("alice-w", 2),
        ("bob j", 3),
        ("rob", 5),
        ("  bob  ", 3),
    ],
)
def test_resolution_order(query, expected):
    assert resolve(query, PEOPLE).id == expected


def test_exact_handle_beats_another_persons_alias():
    # 'bob-jones' is Robert's alias, but no one's handle; Bob's name is 'Bob Jones'.
    people = [Candidate(1, "bob-jones", "Bob Jones"), Candidate(2, "robert", "Robert", ("bob-jones",))]
    assert resolve("bob-jones", people).id == 1


def test_ambiguous_prefix_lists_candidates():
    with pytest.raises(InputError) as error:
        resolve("alice", PEOPLE)
    assert "alice-smith (Alice Smith)" in str(error.value)
    assert "alice-wong (Alice Wong)" in str(error.value)
    assert not isinstance(error.value, UnknownPerson)


def test_ambiguous_name_lists_both_handles():
    twins = [Candidate(1, "sam", "Sam Lee"), Candidate(2, "sam-2", "Sam Lee")]
    with pytest.raises(InputError, match="sam \\(Sam Lee\\), sam-2 \\(Sam Lee\\)"):
        resolve("sam lee", twins)


def test_unknown_suggests_closest_and_how_to_add():
    with pytest.raises(UnknownPerson) as error:
        resolve("alise smith", PEOPLE)
    message = str(error.value)
    assert "did you mean alice-smith" in message
    assert "rmlog add 'alise smith'" in message
    assert error.value.query == "alise smith"


def test_unknown_with_nothing_close():
    with pytest.raises(UnknownPerson, match="^no person 'zed'; create them with: rmlog add zed$"):
        resolve("zed", PEOPLE)


@pytest.mark.parametrize(
    "name, handle",
    [("Alice Smith", "alice-smith"), ("Zoë O'Brien", "zoe-o-brien"), ("  ", "person"), ("李雷", "lilei"),
     ("Иван Петров", "ivan-petrov"), ("최유림", "choeyulim"), ("전도훈", "jeondohun"), ("Straße", "strasse"),
     ("Ελένη Παππά", "eleni-pappa"), ("Mom ❤️", "mom"), ("🙂", "person")],
)
def test_slugify(name, handle):
    assert slugify(name) == handle


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_an_ascii_name_slugs_as_its_lower_case_letters_and_digits_in_words(name):
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    assert slugify(name) == ("-".join(words) or "person")


@given(st.text(), st.sampled_from(["", "-2", "-12345", "x"]), st.text(max_size=30))
def test_is_slug_of_answers_as_slugify_does(name, suffix, other):
    """Its shortcut (a handle longer than an ASCII name is not its slug) never changes the answer."""
    for handle in (slugify(name), slugify(name) + suffix, other, "person"):
        assert is_slug_of(handle, name) == (slugify(name) == handle)
    assert is_slug_of(slugify(name), name)


def test_unique_handle_counts_up():
    assert unique_handle("Alice Smith", {"alice-smith", "alice-smith-2"}) == "alice-smith-3"
    assert unique_handle("Bob", set()) == "bob"


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_query_names_nobody(blank):
    with pytest.raises(InputError, match="PERSON is empty") as error:
        resolve(blank, PEOPLE)
    assert not isinstance(error.value, UnknownPerson)  # so log --new cannot create ''


def test_without_prefix_only_exact_matches_count():
    assert resolve("Bobby", PEOPLE, prefix=False).id == 3
    assert resolve("alice wong", PEOPLE, prefix=False).id == 2
    with pytest.raises(InputError, match="'rob' is only the start of robert \\(Robert\\)"):
        resolve("rob", PEOPLE, prefix=False)
    with pytest.raises(UnknownPerson):
        resolve("zed", PEOPLE, prefix=False)


def test_ascii_names_never_import_the_transliteration_table():
    import subprocess
    import sys

    code = "import sys; from rmlog.handles import slugify; slugify('Alice Smith'); print('anyascii' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout == "False\n"


NAMES = [
    Candidate(1, "alice-smith", "Alice Smith"),
    Candidate(2, "ivan-petrov", "Иван Петров", ("Ваня",)),
    Candidate(3, "choeyulim", "최유림"),
    Candidate(4, "alicia-keys", "Alicia Keys"),
    Candidate(5, "zoe", "Zoë"),
]


@pytest.mark.parametrize(
    "query, expected",
    [("Иван Петров", 2), ("иван петров", 2), ("Иван", 2), ("Ваня", 2), ("Петров", 2), ("petrov", 2),
     ("최유림", 3), ("최", 3), ("smith", 1), ("Zoe\u0308", 5)],
)
def test_people_are_found_by_name_in_their_own_script(query, expected):
    assert resolve(query, NAMES).id == expected


def test_a_word_of_a_name_is_a_prefix_match_refused_where_no_prefix_is_taken():
    with pytest.raises(InputError, match="only the start of ivan-petrov"):
        resolve("Петров", NAMES, prefix=False)


def test_a_typo_suggests_the_closest_people_first_then_how_to_add():
    with pytest.raises(UnknownPerson) as error:
        resolve("alcie", NAMES)
    assert str(error.value) == (
        "no person 'alcie'; did you mean alice-smith (Alice Smith), alicia-keys (Alicia Keys)? "
        "or create them with: rmlog add alcie"
    )


def test_a_typo_in_another_script_finds_its_person():
    with pytest.raises(UnknownPerson, match=r"did you mean ivan-petrov \(Иван Петров\)\?"):
        resolve("Петрво", NAMES)
