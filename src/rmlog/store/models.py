"""The schema as SQLModel tables. Datetimes are stored as UTC and read back timezone-aware."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; naive UTC in the column (portable)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def result_processor(self, dialect, coltype):
        """Parse with the dialect's (compiled) processor, then mark as UTC: one call per value."""
        parse = self.impl_instance.result_processor(dialect, coltype)

        def process(value):
            if value is None:
                return None
            return (parse(value) if parse else value).replace(tzinfo=timezone.utc)

        return process


def _fk(target: str, ondelete: str, nullable: bool = False, primary_key: bool = False) -> Column:
    return Column(
        Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, primary_key=primary_key
    )


class Person(SQLModel, table=True):
    """Someone you keep a relationship with."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    name: str
    handle: str = Field(unique=True)
    company: str | None = None
    role: str | None = None
    circle: str = Field(default="network", index=True)
    cadence_days: int | None = None
    birthday: str | None = None
    how_met: str | None = None
    needs: str | None = None
    offers: str | None = None
    notes: str | None = None
    emails: list[str] = Field(default_factory=list, sa_type=JSON)
    phones: list[str] = Field(default_factory=list, sa_type=JSON)
    snoozed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PersonAlias(SQLModel, table=True):
    """Another name that resolves to a person."""

    __tablename__ = "person_alias"
    person_id: int = Field(sa_column=_fk("person.id", "CASCADE", primary_key=True))
    alias: str = Field(primary_key=True)


class PersonTag(SQLModel, table=True):
    """A tag on a person (tags may carry a cadence)."""

    __tablename__ = "person_tag"
    __table_args__ = (Index("ix_person_tag_tag", "tag"),)
    person_id: int = Field(sa_column=_fk("person.id", "CASCADE", primary_key=True))
    tag: str = Field(primary_key=True)


class Interaction(SQLModel, table=True):
    """One contact event with one or more people."""

    __table_args__ = (Index("ix_interaction_time_initiator", "occurred_at", "initiated_by"),)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime, index=True)
    kind: str = "other"
    notes: str | None = None
    initiated_by: str | None = None
    sentiment: int | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class InteractionPerson(SQLModel, table=True):
    """Who took part; carries occurred_at so last contact per person is an index lookup."""

    __tablename__ = "interaction_person"
    __table_args__ = (Index("ix_interaction_person_person_time", "person_id", "occurred_at"),)
    interaction_id: int = Field(sa_column=_fk("interaction.id", "CASCADE", primary_key=True))
    person_id: int = Field(sa_column=_fk("person.id", "CASCADE", primary_key=True))
    occurred_at: datetime = Field(sa_type=UTCDateTime)


class Exchange(SQLModel, table=True):
    """Value given to or received from a person."""

    __table_args__ = (Index("ix_exchange_person_time", "person_id", "occurred_at"),)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    person_id: int = Field(sa_column=_fk("person.id", "CASCADE"))
    interaction_id: int | None = Field(
        default=None, sa_column=_fk("interaction.id", "SET NULL", nullable=True)
    )
    direction: str
    kind: str = "other"
    weight: float = 1.0
    what: str
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Commitment(SQLModel, table=True):
    """A promise: mine to them (owner 'me') or theirs to me (owner 'them')."""

    __table_args__ = (
        Index("ix_commitment_status_due", "status", "due_at"),
        Index("ix_commitment_person", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    person_id: int = Field(sa_column=_fk("person.id", "CASCADE"))
    interaction_id: int | None = Field(
        default=None, sa_column=_fk("interaction.id", "SET NULL", nullable=True)
    )
    owner: str
    what: str
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = "open"
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Migration(SQLModel, table=True):
    """Applied schema migrations; their count is the schema version."""

    __tablename__ = "rmlog_migration"
    name: str = Field(primary_key=True)
    applied_at: datetime = Field(sa_type=UTCDateTime)
