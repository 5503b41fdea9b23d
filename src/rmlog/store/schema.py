"""The schema: SQLAlchemy Core tables, the one definition of every table and index.

Read-only commands query these tables directly; the ORM classes in models.py are mapped
onto them for the commands that create and change rows, so reports never pay for ORM
mapping at start-up. Datetimes are stored as UTC and read back timezone-aware.
"""

from datetime import timezone

from sqlalchemy import (
    JSON, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table,
)
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


metadata = MetaData()


def _person_id(primary_key: bool = False) -> Column:
    return Column(
        "person_id", Integer, ForeignKey("person.id", ondelete="CASCADE"),
        primary_key=primary_key, nullable=False,
    )


def _made_in() -> Column:
    return Column("interaction_id", Integer, ForeignKey("interaction.id", ondelete="SET NULL"))


def _text(name: str, **kwargs) -> Column:
    return Column(name, String, nullable=kwargs.pop("nullable", True), **kwargs)


def _time(name: str, nullable: bool = True) -> Column:
    return Column(name, UTCDateTime, nullable=nullable)


person = Table(
    "person", metadata,
    Column("id", Integer, primary_key=True),
    _text("uid", nullable=False, unique=True),
    _text("name", nullable=False),
    _text("handle", nullable=False, unique=True),
    _time("created_at", nullable=False),
    _text("company"),
    _text("role"),
    _text("circle", nullable=False, index=True),
    Column("cadence_days", Integer),
    _text("birthday"),
    _text("how_met"),
    _text("needs"),
    _text("offers"),
    _text("notes"),
    Column("emails", JSON, nullable=False),
    Column("phones", JSON, nullable=False),
    _time("snoozed_until"),
    _time("archived_at"),
)

person_alias = Table(
    "person_alias", metadata,
    _person_id(primary_key=True),
    _text("alias", nullable=False, primary_key=True),
)

person_tag = Table(
    "person_tag", metadata,
    _person_id(primary_key=True),
    _text("tag", nullable=False, primary_key=True),
    Index("ix_person_tag_tag", "tag"),
)

interaction = Table(
    "interaction", metadata,
    Column("id", Integer, primary_key=True),
    _text("uid", nullable=False, unique=True),
    _time("occurred_at", nullable=False),
    _time("created_at", nullable=False),
    _text("kind", nullable=False),
    _text("notes"),
    _text("initiated_by"),
    Column("sentiment", Integer),
    Index("ix_interaction_occurred_at", "occurred_at"),
    Index("ix_interaction_time_initiator", "occurred_at", "initiated_by"),
)

interaction_person = Table(
    "interaction_person", metadata,
    Column(
        "interaction_id", Integer, ForeignKey("interaction.id", ondelete="CASCADE"),
        primary_key=True, nullable=False,
    ),
    _person_id(primary_key=True),
    _time("occurred_at", nullable=False),
    Index("ix_interaction_person_person_time", "person_id", "occurred_at"),
)

exchange = Table(
    "exchange", metadata,
    Column("id", Integer, primary_key=True),
    _text("uid", nullable=False, unique=True),
    _person_id(),
    _text("direction", nullable=False),
    _text("what", nullable=False),
    _time("occurred_at", nullable=False),
    _time("created_at", nullable=False),
    _made_in(),
    _text("kind", nullable=False),
    Column("weight", Float, nullable=False),
    Index("ix_exchange_person_time", "person_id", "occurred_at"),
)

commitment = Table(
    "commitment", metadata,
    Column("id", Integer, primary_key=True),
    _text("uid", nullable=False, unique=True),
    _person_id(),
    _text("owner", nullable=False),
    _text("what", nullable=False),
    _time("created_at", nullable=False),
    _made_in(),
    _time("due_at"),
    _text("status", nullable=False),
    _time("done_at"),
    Index("ix_commitment_status_due", "status", "due_at"),
    Index("ix_commitment_person", "person_id"),
)

migration = Table(
    "rmlog_migration", metadata,
    _text("name", nullable=False, primary_key=True),
    _time("applied_at", nullable=False),
)
