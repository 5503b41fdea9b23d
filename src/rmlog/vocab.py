"""The fixed vocabularies: circles, kinds of contact and of value, who, and promise states.

Plain enums (stdlib only), so command-line choices, validation and reports share one list
without loading the model layer.
"""

from __future__ import annotations

from enum import Enum


class Circle(str, Enum):
    """How much you invest in a person."""

    inner = "inner"
    core = "core"
    network = "network"
    periphery = "periphery"


class Kind(str, Enum):
    """What kind of contact an interaction was."""

    meeting = "meeting"
    call = "call"
    message = "message"
    email = "email"
    meal = "meal"
    event = "event"
    other = "other"


class Initiator(str, Enum):
    """Who reached out (unknown is stored as no value)."""

    me = "me"
    them = "them"
    unknown = "unknown"


class ExchangeKind(str, Enum):
    """What kind of value changed hands."""

    intro = "intro"
    advice = "advice"
    favor = "favor"
    referral = "referral"
    gift = "gift"
    time = "time"
    other = "other"


class Direction(str, Enum):
    """Whether I gave the value or received it."""

    gave = "gave"
    received = "received"


class Owner(str, Enum):
    """Whose promise: mine to them, or theirs to me."""

    me = "me"
    them = "them"


class Status(str, Enum):
    """Where a promise stands."""

    open = "open"
    done = "done"
    dropped = "dropped"


def values(enum: type[Enum]) -> tuple[str, ...]:
    """The stored strings of an enum, in order."""
    return tuple(member.value for member in enum)
