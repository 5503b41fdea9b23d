"""ORM classes for the commands that create and change rows, mapped onto schema.py's tables.

Plain dataclasses (keyword constructors, defaults at construction) mapped imperatively, so
the tables are defined once and read-only commands never import this module. SQLAlchemy
rather than SQLModel: table models never validate, and skipping pydantic saves ~40 ms per
command (see bench/README.md).
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import registry

from rmlog.store import schema

mapper = registry()


@dataclass(kw_only=True)
class Person:
    """Someone you keep a relationship with."""

    uid: str
    name: str
    handle: str
    created_at: datetime
    id: int | None = None
    company: str | None = None
    role: str | None = None
    circle: str = "network"
    cadence_days: int | None = None
    birthday: str | None = None
    how_met: str | None = None
    needs: str | None = None
    offers: str | None = None
    notes: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    snoozed_until: datetime | None = None
    archived_at: datetime | None = None


@dataclass(kw_only=True)
class PersonAlias:
    """Another name that resolves to a person."""

    person_id: int
    alias: str


@dataclass(kw_only=True)
class PersonTag:
    """A tag on a person (tags may carry a cadence)."""

    person_id: int
    tag: str


@dataclass(kw_only=True)
class Interaction:
    """One contact event with one or more people."""

    uid: str
    occurred_at: datetime
    created_at: datetime
    id: int | None = None
    kind: str = "other"
    notes: str | None = None
    initiated_by: str | None = None
    sentiment: int | None = None


@dataclass(kw_only=True)
class InteractionPerson:
    """Who took part; carries occurred_at so last contact per person is an index lookup."""

    interaction_id: int
    person_id: int
    occurred_at: datetime


@dataclass(kw_only=True)
class Exchange:
    """Value given to or received from a person."""

    uid: str
    person_id: int
    direction: str
    what: str
    occurred_at: datetime
    created_at: datetime
    id: int | None = None
    interaction_id: int | None = None
    kind: str = "other"
    weight: float = 1.0


@dataclass(kw_only=True)
class Commitment:
    """A promise: mine to them (owner 'me') or theirs to me (owner 'them')."""

    uid: str
    person_id: int
    owner: str
    what: str
    created_at: datetime
    id: int | None = None
    interaction_id: int | None = None
    due_at: datetime | None = None
    status: str = "open"
    done_at: datetime | None = None


for model, table in (
    (Person, schema.person),
    (PersonAlias, schema.person_alias),
    (PersonTag, schema.person_tag),
    (Interaction, schema.interaction),
    (InteractionPerson, schema.interaction_person),
    (Exchange, schema.exchange),
    (Commitment, schema.commitment),
):
    mapper.map_imperatively(model, table)
