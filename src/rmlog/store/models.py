"""The schema as typed SQLAlchemy models. Datetimes are stored as UTC and read back aware.

Plain SQLAlchemy 2.0 declarative classes rather than SQLModel: table models never validate,
and not importing pydantic saves about 70 ms on every command (see bench/README.md).
"""


from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column
from sqlalchemy.types import TypeDecorator


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


class Base(MappedAsDataclass, DeclarativeBase, kw_only=True):
    """Models are dataclasses: keyword constructors, defaults set at construction."""

    type_annotation_map = {datetime: UTCDateTime}


def _person_fk(primary_key: bool = False) -> Mapped[int]:
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=primary_key)


def _made_in() -> Mapped[int | None]:
    return mapped_column(ForeignKey("interaction.id", ondelete="SET NULL"), default=None)


class Person(Base):
    """Someone you keep a relationship with."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    uid: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    handle: Mapped[str] = mapped_column(unique=True)
    created_at: Mapped[datetime]
    company: Mapped[str | None] = mapped_column(default=None)
    role: Mapped[str | None] = mapped_column(default=None)
    circle: Mapped[str] = mapped_column(default="network", index=True)
    cadence_days: Mapped[int | None] = mapped_column(default=None)
    birthday: Mapped[str | None] = mapped_column(default=None)
    how_met: Mapped[str | None] = mapped_column(default=None)
    needs: Mapped[str | None] = mapped_column(default=None)
    offers: Mapped[str | None] = mapped_column(default=None)
    notes: Mapped[str | None] = mapped_column(default=None)
    emails: Mapped[list[str]] = mapped_column(JSON, default_factory=list)
    phones: Mapped[list[str]] = mapped_column(JSON, default_factory=list)
    snoozed_until: Mapped[datetime | None] = mapped_column(default=None)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)


class PersonAlias(Base):
    """Another name that resolves to a person."""

    __tablename__ = "person_alias"
    person_id: Mapped[int] = _person_fk(primary_key=True)
    alias: Mapped[str] = mapped_column(primary_key=True)


class PersonTag(Base):
    """A tag on a person (tags may carry a cadence)."""

    __tablename__ = "person_tag"
    __table_args__ = (Index("ix_person_tag_tag", "tag"),)
    person_id: Mapped[int] = _person_fk(primary_key=True)
    tag: Mapped[str] = mapped_column(primary_key=True)


class Interaction(Base):
    """One contact event with one or more people."""

    __tablename__ = "interaction"
    __table_args__ = (Index("ix_interaction_time_initiator", "occurred_at", "initiated_by"),)
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    uid: Mapped[str] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(default="other")
    notes: Mapped[str | None] = mapped_column(default=None)
    initiated_by: Mapped[str | None] = mapped_column(default=None)
    sentiment: Mapped[int | None] = mapped_column(default=None)


class InteractionPerson(Base):
    """Who took part; carries occurred_at so last contact per person is an index lookup."""

    __tablename__ = "interaction_person"
    __table_args__ = (Index("ix_interaction_person_person_time", "person_id", "occurred_at"),)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = _person_fk(primary_key=True)
    occurred_at: Mapped[datetime]


class Exchange(Base):
    """Value given to or received from a person."""

    __tablename__ = "exchange"
    __table_args__ = (Index("ix_exchange_person_time", "person_id", "occurred_at"),)
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    uid: Mapped[str] = mapped_column(unique=True)
    person_id: Mapped[int] = _person_fk()
    direction: Mapped[str]
    what: Mapped[str]
    occurred_at: Mapped[datetime]
    created_at: Mapped[datetime]
    interaction_id: Mapped[int | None] = _made_in()
    kind: Mapped[str] = mapped_column(default="other")
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class Commitment(Base):
    """A promise: mine to them (owner 'me') or theirs to me (owner 'them')."""

    __tablename__ = "commitment"
    __table_args__ = (
        Index("ix_commitment_status_due", "status", "due_at"),
        Index("ix_commitment_person", "person_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    uid: Mapped[str] = mapped_column(unique=True)
    person_id: Mapped[int] = _person_fk()
    owner: Mapped[str]
    what: Mapped[str]
    created_at: Mapped[datetime]
    interaction_id: Mapped[int | None] = _made_in()
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(default="open")
    done_at: Mapped[datetime | None] = mapped_column(default=None)


class Migration(Base):
    """Applied schema migrations; their count is the schema version."""

    __tablename__ = "rmlog_migration"
    name: Mapped[str] = mapped_column(primary_key=True)
    applied_at: Mapped[datetime]
