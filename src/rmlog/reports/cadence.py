"""Which cadence applies to a person: an ideal window and a maximum one."""

from __future__ import annotations

from typing import Iterable, NamedTuple

from .data import CadenceConfig


class Window(NamedTuple):
    """Due from `ideal` days without contact, drifting from `max` days."""

    ideal: int
    max: int


def _positive(days: int | None) -> int | None:
    return days if days is not None and days > 0 else None


def window_of(ideal: int | None, most: int | None) -> Window | None:
    """The window from an ideal and an optional maximum: a single number keeps the rule
    max = 2 x ideal; a maximum below the ideal is raised to it."""
    ideal = _positive(ideal)
    if ideal is None:
        return None
    most = _positive(most)
    return Window(ideal, 2 * ideal if most is None else max(most, ideal))


def effective_window(
    person_override: int | None,
    tags: Iterable[str],
    circle: str,
    config: CadenceConfig,
    person_max: int | None = None,
) -> Window | None:
    """First found: the person's own window, the window of their tag with the shortest ideal,
    their circle's. None means never due (periphery, unknown circle). Non-positive values
    are ignored as invalid."""
    own = window_of(person_override, person_max)
    if own is not None:
        return own
    tagged = [
        (days, tag.casefold()) for tag in tags
        if (days := _positive(config.folded_tags.get(tag.casefold()))) is not None
    ]
    if tagged:
        days, tag = min(tagged)
        return window_of(days, config.folded_tag_max.get(tag))
    return window_of(config.circles.get(circle), config.circle_max.get(circle))


def verdict(days: int | None, window: Window | None) -> str:
    """The one contact rule every view shows: 'in touch' below the ideal window, 'due' from
    it, 'drifting' from the maximum; '' for someone without a window (never due)."""
    if window is None or days is None:
        return ""
    if days >= window.max:
        return "drifting"
    return "due" if days >= window.ideal else "in touch"


def effective_cadence(
    person_override: int | None,
    tags: Iterable[str],
    circle: str,
    config: CadenceConfig,
) -> int | None:
    """The ideal window alone (see effective_window)."""
    window = effective_window(person_override, tags, circle, config)
    return window.ideal if window else None
