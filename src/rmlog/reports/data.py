"""Plain input rows for the report functions.

The store runs the SQL (aggregates, last contact per person) and hands these
small immutable rows over (NamedTuples: a report may get ten thousand of them, and
they build several times faster than frozen dataclasses). Every datetime must be
timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from typing import Mapping, NamedTuple

DEFAULT_CIRCLE_CADENCES: dict[str, int | None] = {
    "inner": 14,
    "core": 30,
    "network": 90,
    "periphery": None,
}
DEFAULT_TAG_CADENCES: dict[str, int] = {"family": 14}
DEFAULT_CAPACITY: dict[str, int] = {"inner": 5, "core": 15, "network": 150}
"""Soft sizes of the circles, after the layers of social-network research (Dunbar)."""
DEFAULT_BIRTHDAY_DAYS = 7
"""How many days ahead `due` and `plan` show birthdays ([due] birthdays)."""


@dataclass(frozen=True)
class CadenceConfig:
    """User-configurable cadences in days.

    circles: circle name -> ideal window (None = never due). Unknown circles are never due.
    tags: tag name -> ideal window (tag names compared case-insensitively).
    circle_max, tag_max: the maximum window where one is set (else twice the ideal).
    reset: circle name -> the interaction kinds that count as contact there (absent: all).
    birthday_days: how many days ahead `due` and `plan` show birthdays (0: only today's).
    """

    circles: Mapping[str, int | None] = field(
        default_factory=lambda: dict(DEFAULT_CIRCLE_CADENCES)
    )
    tags: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_TAG_CADENCES))
    circle_max: Mapping[str, int] = field(default_factory=dict)
    tag_max: Mapping[str, int] = field(default_factory=dict)
    reset: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    birthday_days: int = DEFAULT_BIRTHDAY_DAYS

    @cached_property
    def folded_tags(self) -> dict[str, int]:
        """Tag cadences keyed by case-folded tag name (computed once)."""
        return {name.casefold(): days for name, days in self.tags.items()}

    @cached_property
    def folded_tag_max(self) -> dict[str, int]:
        """Tag maximum windows keyed by case-folded tag name."""
        return {name.casefold(): days for name, days in self.tag_max.items()}


@dataclass(frozen=True)
class Practice:
    """What the practice reads from the config: cadences, circle capacities, your offers."""

    cadences: CadenceConfig = field(default_factory=CadenceConfig)
    capacity: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_CAPACITY))
    offers: str | None = None


class PersonStatus(NamedTuple):
    """One person with their last contact, as needed by due/review/plan.

    cadence_days: the person's own override (None = use tags/circle); cadence_max_days its
      maximum window (None = twice cadence_days).
    last_contact: latest interaction that counts as contact in their circle (None = none).
    last_note: notes of that latest interaction (only the first line is shown).
    birthday: 'YYYY-MM-DD' or '--MM-DD' (also 'YYYYMMDD' / '--MMDD'); None if unknown.
    The person's own columns come first, in the order the store selects them, then what is
    worked out (see rmlog.store.rows.person_statuses).
    """

    id: int
    handle: str
    name: str
    circle: str
    created_at: datetime
    cadence_days: int | None = None
    snoozed_until: datetime | None = None
    archived_at: datetime | None = None
    birthday: str | None = None
    needs: str | None = None
    offers: str | None = None
    cadence_max_days: int | None = None
    last_contact: datetime | None = None
    tags: tuple[str, ...] = ()
    last_note: str | None = None


class CommitmentRow(NamedTuple):
    """One promise. owner: 'me' (I promised them) or 'them' (they promised me).

    status: 'open' | 'done' | 'dropped'.
    done_at: when it was resolved (done, or dropped if the store records it).
    """

    id: int
    person_handle: str
    person_name: str
    owner: str
    what: str
    status: str
    created_at: datetime
    due_at: datetime | None = None
    done_at: datetime | None = None


class BalanceRow(NamedTuple):
    """Per-person sums over the balance window, aggregated in SQL.

    gave/received: summed exchange weights. by_me/by_them: interactions with that
    initiator. interactions: all interactions in the window (incl. unknown initiator).
    """

    handle: str
    name: str
    circle: str
    gave: float = 0.0
    received: float = 0.0
    by_me: int = 0
    by_them: int = 0
    interactions: int = 0


class InteractionRow(NamedTuple):
    """One (interaction, person) link row. A group meeting yields one row per person
    sharing the same interaction_id.

    sentiment: -2..+2 or None. initiated_by: 'me' | 'them' | None.
    """

    interaction_id: int
    occurred_at: datetime
    person_handle: str
    person_name: str = ""
    sentiment: int | None = None
    initiated_by: str | None = None


class ExchangeRow(NamedTuple):
    """One ledger entry. direction: 'gave' | 'received'; kind: intro, advice, ..."""

    person_handle: str
    direction: str
    kind: str
    what: str
    occurred_at: datetime
    weight: float = 1.0
