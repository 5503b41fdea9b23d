"""Which cadence applies to a person (SPEC §1)."""

from __future__ import annotations

from typing import Iterable

from .data import CadenceConfig


def _positive(days: int | None) -> int | None:
    return days if days is not None and days > 0 else None


def effective_cadence(
    person_override: int | None,
    tags: Iterable[str],
    circle: str,
    config: CadenceConfig,
) -> int | None:
    """First found: the person's own cadence, the shortest cadence among their
    tags that carry one, their circle's. None means never due (periphery,
    unknown circle). Non-positive values are ignored as invalid."""
    own = _positive(person_override)
    if own is not None:
        return own
    if not tags:
        return _positive(config.circles.get(circle))
    found = [_positive(config.folded_tags.get(tag.casefold())) for tag in tags]
    found = [days for days in found if days is not None]
    if found:
        return min(found)
    return _positive(config.circles.get(circle))
