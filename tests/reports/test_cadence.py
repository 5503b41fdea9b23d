from rmlog.reports.cadence import effective_cadence
from rmlog.reports.data import CadenceConfig

CONFIG = CadenceConfig()


def test_circle_defaults():
    assert effective_cadence(None, (), "inner", CONFIG) == 14
    assert effective_cadence(None, (), "core", CONFIG) == 30
    assert effective_cadence(None, (), "network", CONFIG) == 90


def test_periphery_and_unknown_circle_never_due():
    assert effective_cadence(None, (), "periphery", CONFIG) is None
    assert effective_cadence(None, (), "nonsense", CONFIG) is None


def test_own_cadence_beats_tags_and_circle():
    assert effective_cadence(60, ("family",), "inner", CONFIG) == 60


def test_tag_beats_circle_even_when_longer():
    config = CadenceConfig(tags={"colleague": 45})
    assert effective_cadence(None, ("colleague",), "inner", config) == 45


def test_shortest_tag_wins_and_untimed_tags_ignored():
    config = CadenceConfig(tags={"family": 14, "friend": 7, "club": 30})
    assert effective_cadence(None, ("club", "music", "friend", "family"), "network", config) == 7
    assert effective_cadence(None, ("music",), "network", config) == 90


def test_tag_match_is_case_insensitive():
    assert effective_cadence(None, ("Family",), "periphery", CONFIG) == 14


def test_tag_gives_periphery_person_a_cadence():
    assert effective_cadence(None, ("family",), "periphery", CONFIG) == 14


def test_configured_circle_defaults():
    config = CadenceConfig(circles={"inner": 7, "network": None})
    assert effective_cadence(None, (), "inner", config) == 7
    assert effective_cadence(None, (), "network", config) is None


def test_non_positive_values_ignored():
    config = CadenceConfig(tags={"odd": 0})
    assert effective_cadence(0, ("odd",), "core", config) == 30
