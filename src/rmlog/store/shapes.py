"""The shapes of the journal's entities at its edges: `...In`, a record as a file or a command
gives it (checked before anything is written, see models.checked), and `...Out`, what
--json prints. Each extends its entity's base class in models.py, which holds the fields
and their rules; only what refers by uid or handle is added here. Kept apart from the
tables so that a command that neither imports nor prints JSON does not build them.
"""

from datetime import datetime
from typing import Any, Optional

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from rmlog.handles import normalise_tags
from rmlog.store.models import (
    HANDLE, LABEL_MAX, TEXT_MAX, CircleMoveBase, CommitmentBase, ExchangeBase, InteractionBase, PersonBase, Record, clean_list,
    short_items,
)

# What files bring in ----------------------------------------------------------------------


class PersonIn(PersonBase):
    """A person as a file or a command gives it; a handle that is not a slug is dropped."""

    uid: Optional[str] = Field(default=None, max_length=LABEL_MAX)
    handle: Optional[str] = None
    tags: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    created_at: Optional[datetime] = None
    updated_at: Optional[datetime] = None

    @field_validator("handle", mode="before")
    @classmethod
    def _slug_or_none(cls, value: Any) -> Any:
        if isinstance(value, str) and HANDLE.fullmatch(value.strip()):
            return value.strip()
        return None

    @field_validator("tags", mode="after")
    @classmethod
    def _tags(cls, value: list[str]) -> list[str]:
        return normalise_tags(value)

    _labels = field_validator("tags", "aliases", mode="before")(lambda value: clean_list(value))
    _short_labels = field_validator("tags", "aliases")(lambda value: short_items(value))


class InteractionIn(InteractionBase):
    """An interaction as an export gives it: people by uid, and the calendar event it was
    imported from (so a calendar imported again after a restore adds nothing)."""

    uid: str = Field(min_length=1, max_length=LABEL_MAX)
    created_at: Optional[datetime] = None
    updated_at: Optional[datetime] = None
    source: Optional[str] = Field(default=None, max_length=TEXT_MAX)
    people: list[str] = Field(default_factory=list)


class LedgerIn(Record):
    """What an exported ledger row refers to by uid."""

    uid: str = Field(min_length=1, max_length=LABEL_MAX)
    person: str = Field(min_length=1, max_length=LABEL_MAX)
    interaction: Optional[str] = None
    created_at: Optional[datetime] = None
    updated_at: Optional[datetime] = None


class ExchangeIn(ExchangeBase, LedgerIn):
    """An exchange as an export gives it."""


class CommitmentIn(CommitmentBase, LedgerIn):
    """A commitment as an export gives it."""


class CircleMoveIn(CircleMoveBase):
    """A circle move as an export gives it: the person by uid (a move has no uid of its own)."""

    person: str = Field(min_length=1, max_length=LABEL_MAX)


# What --json prints (datetimes are rendered in local time) --------------------------------


class PersonOut(PersonBase):
    """A person as `people`, `show`, `add` and `edit` print it."""

    id: int
    uid: str
    handle: str
    aliases: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    created_at: datetime
    last_contact: Optional[datetime] = None
    days_since: int = 0


class InteractionOut(InteractionBase):
    """An interaction with the handles of the people in it (`with`: the others, in show)."""

    id: int
    uid: str
    with_: list[str] = Field(default_factory=list, alias="with")


class ExchangeOut(ExchangeBase):
    """An exchange with its person's handle."""

    id: int
    uid: str
    person: str


class CommitmentOut(CommitmentBase):
    """A promise with its person's handle and whether it is late."""

    id: int
    uid: str
    person: str
    created_at: datetime
    overdue: bool = False


def shown(model: type[SQLModel], source: Any = None, /, include: Any = None, **values: Any) -> dict:
    """The JSON shape `model` gives a row (attributes named like the fields) plus values;
    built without re-validating what the store already checked."""
    if source is not None:
        names = [name for name in model.model_fields if name not in values]
        values = {**{name: getattr(source, name) for name in names if hasattr(source, name)}, **values}
    return model.model_construct(**values).model_dump(by_alias=True, include=include)
