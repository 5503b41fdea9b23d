"""The model layer: one SQLModel class per entity is the table, the validator and the JSON shape.

Each entity has a base class holding the fields that files and commands may set, with their
rules (types, ranges, vocabularies). The table class adds keys and bookkeeping columns; the
`...In` and `...Out` classes of store/shapes.py add what a file or a JSON document refers to
by uid or handle. `model_validate` on any of them checks a record before anything is written
(see `checked`). Building a table object directly (`Person(...)`) does not validate: code
that already holds checked values may. The tables about the journal itself (migrations, the
operation log, sync) are in store/bookkeeping.py.

Datetimes are stored as naive UTC and read back aware. A naive datetime from outside is local
time, as RMLOG_NOW is. Reports read plain rows selected from these tables, never objects.
"""


import math
import re
from datetime import datetime
from typing import Any, Optional

from pydantic import ConfigDict, ValidationError, field_validator, model_validator
from sqlalchemy import JSON, Column, Float, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from rmlog.dates import normalise_birthday
from rmlog.errors import InputError
from rmlog.handles import email_key
from rmlog.store.coltypes import UTCDateTime
from rmlog.store.fields import about, option
from rmlog.vocab import Circle, Direction, ExchangeKind, Kind, Owner, Status, values

HANDLE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
NAME_MAX = 500
LABEL_MAX = 1_000
TEXT_MAX = 100_000
CADENCE_MAX = 3650
WEIGHT_MAX = 1000
INITIATORS = ("me", "them")
CIRCLES, KINDS, EXCHANGE_KINDS = values(Circle), values(Kind), values(ExchangeKind)
DIRECTIONS, OWNERS, STATUSES = values(Direction), values(Owner), values(Status)


def time_field(nullable: bool = True, **kwargs) -> Any:
    default = None if nullable else ...
    return Field(default=default, sa_column_kwargs={"nullable": nullable}, sa_type=UTCDateTime, **kwargs)


def _text(max_length: int = LABEL_MAX, **kwargs) -> Any:
    """Text checked for length on the way in; the column itself is unbounded VARCHAR."""
    return Field(default=kwargs.pop("default", None), max_length=max_length, sa_type=String, **kwargs)


def row_id() -> Any:
    """The row's id in this journal (local: an export refers to rows by uid)."""
    return Field(default=None, primary_key=True, schema_extra=about(local=True))


def key_to(column: str, target: str, primary_key: bool = False) -> Any:
    """A required reference that goes with the row it points to (ON DELETE CASCADE); local,
    as an export gives the row it points to by uid."""
    return Field(
        sa_column=Column(
            column, Integer, ForeignKey(target, ondelete="CASCADE"), primary_key=primary_key, nullable=False,
        ),
        schema_extra=about(local=True),
    )


def _person_key(primary_key: bool = False) -> Any:
    return key_to("person_id", "person.id", primary_key)


def _made_in() -> Any:
    return Field(
        default=None,
        sa_column=Column("interaction_id", Integer, ForeignKey("interaction.id", ondelete="SET NULL")),
        schema_extra=about(local=True),
    )


def _one_of(value: Any, allowed: tuple[str, ...]) -> Any:
    if isinstance(value, str) and value.strip().lower() in allowed:
        return value.strip().lower()
    raise ValueError(f"must be one of {', '.join(allowed)} (got {value!r})")


def clean_list(value: Any) -> Any:
    """Stripped, non-blank, first occurrence kept; None is the empty list."""
    if value is None:
        return []
    if isinstance(value, list):
        return list(dict.fromkeys(v.strip() for v in value if isinstance(v, str) and v.strip()))
    return value


def unique_emails(value: list[str]) -> list[str]:
    """Addresses compared case-insensitively (email_key): the first spelling of each is kept."""
    kept: dict[str, str] = {}
    for address in value:
        kept.setdefault(email_key(address), address)
    return list(kept.values())


def short_items(value: list[str]) -> list[str]:
    if any(len(item) > LABEL_MAX for item in value):
        raise ValueError(f"an entry is longer than {LABEL_MAX} characters")
    return value


def local_if_naive(value: Any) -> Any:
    """A naive datetime is local time, as RMLOG_NOW is."""
    if isinstance(value, datetime) and value.tzinfo is None:
        from rmlog.clock import local_zone

        return value.replace(tzinfo=local_zone())
    return value


class Row(SQLModel):
    """A table or model whose validation is built on first use, not at import (start-up)."""

    model_config = ConfigDict(defer_build=True)


class Record(Row):
    """Shared rules: text is stripped, blank text is no value, naive datetimes are local."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _aware(cls, value: Any) -> Any:
        return local_if_naive(value)


# People ------------------------------------------------------------------------------------


class PersonBase(Record):
    """What a person is, as files and commands may set it. A field's description is the help
    of its option on add and edit (cli/person_options.py, generated)."""

    name: str = _text(NAME_MAX, default=..., min_length=1, schema_extra=about(vcard="FN", search=True, cli=False))
    company: Optional[str] = _text(description="Where they work.", schema_extra=about(vcard="ORG", search=True))
    role: Optional[str] = _text(description="Their role or title.", schema_extra=about(vcard="TITLE", search=True))
    circle: str = Field(default=Circle.network.value, index=True, schema_extra=about(cli=False))
    cadence_days: Optional[int] = Field(
        default=None, ge=1, le=CADENCE_MAX, schema_extra=about(option="--cadence", cli=False)
    )
    cadence_max_days: Optional[int] = Field(
        default=None, ge=1, le=CADENCE_MAX, schema_extra=about(option="--cadence", cli=False)
    )
    birthday: Optional[str] = _text(20, schema_extra=about(vcard="BDAY", cli=False))
    how_met: Optional[str] = _text(
        TEXT_MAX, description="How or where you met.", schema_extra=about(search=True, option="--met")
    )
    needs: Optional[str] = _text(TEXT_MAX, description="What they need help with.", schema_extra=about(search=True))
    offers: Optional[str] = _text(TEXT_MAX, description="What they can give.", schema_extra=about(search=True))
    notes: Optional[str] = _text(TEXT_MAX, description="Free-form notes.", schema_extra=about(search=True))
    emails: list[str] = Field(
        default_factory=list, sa_type=JSON,
        schema_extra=about(merge="union", vcard="EMAIL", option="--email", cli=False),
    )
    phones: list[str] = Field(
        default_factory=list, sa_type=JSON,
        schema_extra=about(merge="union", vcard="TEL", option="--phone", cli=False),
    )
    snoozed_until: Optional[datetime] = time_field(schema_extra=about(cli=False))
    archived_at: Optional[datetime] = time_field(schema_extra=about(cli=False))

    @field_validator("circle", mode="before")
    @classmethod
    def _circle(cls, value: Any) -> Any:
        return Circle.network.value if value is None else _one_of(value, CIRCLES)

    @field_validator("birthday")
    @classmethod
    def _birthday(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        birthday = normalise_birthday(value)
        if birthday is None:
            raise ValueError(f"must be YYYY-MM-DD or --MM-DD (got {value!r})")
        return birthday

    _list = field_validator("emails", "phones", mode="before")(lambda value: clean_list(value))
    _short = field_validator("emails", "phones")(lambda value: short_items(value))
    _emails = field_validator("emails")(lambda value: unique_emails(value))

    @model_validator(mode="after")
    def _window(self):
        """A maximum window needs an ideal one and is at least as long."""
        if self.cadence_max_days is not None and (self.cadence_days is None or self.cadence_max_days < self.cadence_days):
            raise ValueError("cadence_max_days needs cadence_days and must be at least as long")
        return self


class Person(PersonBase, table=True):
    """Someone you keep a relationship with."""

    id: Optional[int] = row_id()
    uid: str = Field(unique=True, schema_extra=about(merge="keep"))
    handle: str = Field(unique=True, schema_extra=about(merge="keep", search=True))
    created_at: datetime = time_field(nullable=False, schema_extra=about(merge="journal"))
    updated_at: Optional[datetime] = time_field(schema_extra=about(merge="journal", csv=False))


class PersonAlias(Row, table=True):
    """Another name that resolves to a person."""

    __tablename__ = "person_alias"

    person_id: int = _person_key(primary_key=True)
    alias: str = Field(primary_key=True)


class PersonTag(Row, table=True):
    """A tag on a person (tags may carry a cadence)."""

    __tablename__ = "person_tag"
    __table_args__ = (Index("ix_person_tag_tag", "tag"),)

    person_id: int = _person_key(primary_key=True)
    tag: str = Field(primary_key=True)


class ContactCard(Row, table=True):
    """The address-book card a person was last synced with (`rmlog contacts sync`).

    fingerprint: of the card's bytes then, so an unchanged card is skipped. fields: the card
    fields (name, emails, phones, company, role, birthday) both sides agreed on then: a field
    that differs from it in rmlog was edited in rmlog since, and wins over the file.
    """

    __tablename__ = "contact_card"

    person_id: int = _person_key(primary_key=True)
    path: str = Field(unique=True)
    fingerprint: str
    fields: dict = Field(default_factory=dict, sa_type=JSON)
    synced_at: datetime = time_field(nullable=False)


# Interactions ------------------------------------------------------------------------------


class InteractionBase(Record):
    """One contact event, as files and commands may set it."""

    occurred_at: datetime = time_field(nullable=False)
    kind: str = Kind.other.value
    notes: Optional[str] = _text(TEXT_MAX)
    initiated_by: Optional[str] = Field(default=None, schema_extra=about(option="--by"))
    sentiment: Optional[int] = Field(default=None, ge=-2, le=2, schema_extra=about(option="--mood"))

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return Kind.other.value if value is None else _one_of(value, KINDS)

    @field_validator("initiated_by", mode="before")
    @classmethod
    def _initiator(cls, value: Any) -> Any:
        return None if value in (None, "unknown") else _one_of(value, INITIATORS)


class Interaction(InteractionBase, table=True):
    """One contact event with one or more people."""

    __table_args__ = (
        Index("ix_interaction_occurred_at", "occurred_at"),
        Index("ix_interaction_time_initiator", "occurred_at", "initiated_by"),
        Index("ix_interaction_source", "source", unique=True),
    )

    id: Optional[int] = row_id()
    uid: str = Field(unique=True, schema_extra=about(merge="keep"))
    created_at: datetime = time_field(nullable=False, schema_extra=about(merge="journal"))
    updated_at: Optional[datetime] = time_field(schema_extra=about(merge="journal"))
    source: Optional[str] = Field(default=None, description="the calendar event it was imported from")


class InteractionPerson(Row, table=True):
    """Who took part; carries occurred_at so last contact per person is an index lookup."""

    __tablename__ = "interaction_person"
    __table_args__ = (Index("ix_interaction_person_person_time", "person_id", "occurred_at"),)

    interaction_id: int = key_to("interaction_id", "interaction.id", primary_key=True)
    person_id: int = _person_key(primary_key=True)
    occurred_at: datetime = time_field(nullable=False)


# The ledger: exchanges and commitments -----------------------------------------------------


class ExchangeBase(Record):
    """Value given or received, as files and commands may set it."""

    direction: str
    kind: str = ExchangeKind.other.value
    weight: float = Field(default=1.0, sa_type=Float)
    what: str = _text(TEXT_MAX, default=..., min_length=1)
    occurred_at: datetime = time_field(nullable=False)

    @field_validator("direction", mode="before")
    @classmethod
    def _direction(cls, value: Any) -> Any:
        return _one_of(value, DIRECTIONS)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return ExchangeKind.other.value if value is None else _one_of(value, EXCHANGE_KINDS)

    @field_validator("weight")
    @classmethod
    def _weight(cls, value: float) -> float:
        if not math.isfinite(value) or not 0 < value <= WEIGHT_MAX:
            raise ValueError(f"must be a number above 0 and at most {WEIGHT_MAX} (got {value!r})")
        return value


class Exchange(ExchangeBase, table=True):
    """Value given to or received from a person."""

    __table_args__ = (Index("ix_exchange_person_time", "person_id", "occurred_at"),)

    id: Optional[int] = row_id()
    uid: str = Field(unique=True, schema_extra=about(merge="keep"))
    person_id: int = _person_key()
    interaction_id: Optional[int] = _made_in()
    created_at: datetime = time_field(nullable=False, schema_extra=about(merge="journal"))
    updated_at: Optional[datetime] = time_field(schema_extra=about(merge="journal"))


class CommitmentBase(Record):
    """A promise, as files and commands may set it."""

    owner: str
    what: str = _text(TEXT_MAX, default=..., min_length=1)
    due_at: Optional[datetime] = time_field()
    status: str = Status.open.value
    done_at: Optional[datetime] = time_field()

    @field_validator("owner", mode="before")
    @classmethod
    def _owner(cls, value: Any) -> Any:
        return _one_of(value, OWNERS)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return Status.open.value if value is None else _one_of(value, STATUSES)


class Commitment(CommitmentBase, table=True):
    """A promise: mine to them (owner 'me') or theirs to me (owner 'them')."""

    __table_args__ = (
        Index("ix_commitment_status_due", "status", "due_at"),
        Index("ix_commitment_person", "person_id"),
        Index("ix_commitment_created_at", "created_at"),  # search's recent window (migration m009)
    )

    id: Optional[int] = row_id()
    uid: str = Field(unique=True, schema_extra=about(merge="keep"))
    person_id: int = _person_key()
    interaction_id: Optional[int] = _made_in()
    created_at: datetime = time_field(nullable=False, schema_extra=about(merge="journal"))
    updated_at: Optional[datetime] = time_field(schema_extra=about(merge="journal"))


class CircleMoveBase(Record):
    """A decision to move someone to another circle, with its reason, as files may carry it."""

    from_circle: str
    to_circle: str
    why: Optional[str] = _text()
    at: datetime = time_field(nullable=False)

    _circles = field_validator("from_circle", "to_circle", mode="before")(lambda value: _one_of(value, CIRCLES))


class CircleMove(CircleMoveBase, table=True):
    """A circle move (rmlog move); undo reverts it, show lists it."""

    __tablename__ = "circle_move"
    __table_args__ = (Index("ix_circle_move_person", "person_id", "at"),)

    id: Optional[int] = row_id()
    person_id: int = _person_key()


metadata = SQLModel.metadata
"""The journal's tables; store.bookkeeping adds its own to it (import that for all of them)."""

# The tables themselves, for reads that select columns into plain rows instead of objects.
person, person_alias, person_tag = Person.__table__, PersonAlias.__table__, PersonTag.__table__
interaction, interaction_person = Interaction.__table__, InteractionPerson.__table__
exchange, commitment = Exchange.__table__, Commitment.__table__
circle_move, contact_card = CircleMove.__table__, ContactCard.__table__

# Validation at the boundary ----------------------------------------------------------------

HINTS = {
    "cadence_days": f"must be a whole number of days from 1 to {CADENCE_MAX}",
    "cadence_max_days": f"must be a whole number of days from 1 to {CADENCE_MAX}",
    "sentiment": "must be a whole number from -2 to 2",
    "weight": f"must be a number above 0 and at most {WEIGHT_MAX}",
}


def checked(model: type[SQLModel], data: Any, where: str) -> Any:
    """`model` validated from data; InputError "where: field: problem (got value)" otherwise."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected an object with fields (got {type(data).__name__})")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(f"{where}: {describe(error)}") from None
    except RecursionError:
        raise InputError(f"{where}: the record is nested too deeply") from None


def option_values(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    """Command-line values checked by the model's rules, as the model stores them.

    InputError names the option: "--weight: must be a number above 0 ... (got inf)".
    """
    try:
        record = model.model_validate(values)
    except ValidationError as error:
        raise InputError(describe(error, model)) from None
    return record.model_dump(include=set(values))


def describe(error: ValidationError, options: type[SQLModel] | None = None) -> str:
    """The first problem of a validation error as 'field: what is wrong (got value)'; with the
    model of command-line options, the field is named by its option ('--mood')."""
    first = error.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"]) or "record"
    if options is not None and first["loc"]:
        name = str(first["loc"][0])
        field = option(options, name)
    got = first.get("input")
    shown = repr(got if not isinstance(got, str) or len(got) <= 40 else got[:40] + "…")
    name = str(first["loc"][0]) if first["loc"] else ""
    if name in HINTS and first["type"] != "value_error":
        return f"{field}: {HINTS[name]} (got {shown})"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        return f"{field}: is missing"
    if "(got " in message:
        return f"{field}: {message}"
    return f"{field}: {message[:1].lower()}{message[1:]} (got {shown})"
