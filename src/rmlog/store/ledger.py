"""Changes to commitments and exchanges: resolve, reopen, edit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from rmlog.errors import InputError
from rmlog.store.models import (
    Commitment, CommitmentBase, Exchange, ExchangeBase, Person, option_values,
)


def get_commitment(session: Session, commitment_id: int) -> tuple[Commitment, Person]:
    """A commitment by id with its person; InputError when there is none."""
    commitment = session.get(Commitment, commitment_id) if 0 < commitment_id < 2**63 else None
    if commitment is None:
        raise InputError(f"no commitment #{commitment_id}; list them with: rmlog commitments")
    return commitment, session.get(Person, commitment.person_id)


def resolve_commitment(
    session: Session, commitment_id: int, status: str, now: datetime
) -> tuple[Commitment, Person]:
    """Mark an open commitment done or dropped, recording when."""
    commitment, person = get_commitment(session, commitment_id)
    if commitment.status != "open":
        raise InputError(f"commitment #{commitment_id} is already {commitment.status}")
    commitment.status = status
    commitment.done_at = now
    return commitment, person


def reopen_commitment(session: Session, commitment_id: int) -> tuple[Commitment, Person]:
    """Open a done or dropped commitment again."""
    commitment, person = get_commitment(session, commitment_id)
    if commitment.status == "open":
        raise InputError(f"commitment #{commitment_id} is already open")
    commitment.status = "open"
    commitment.done_at = None
    return commitment, person


def edit_commitment(session: Session, commitment_id: int, fields: dict) -> tuple[Commitment, Person]:
    """Change what a commitment says or when it is due (due_at None: no due date)."""
    commitment, person = get_commitment(session, commitment_id)
    _checked_update(commitment, CommitmentBase, fields)
    return commitment, person


def get_exchange(session: Session, exchange_id: int) -> tuple[Exchange, Person]:
    """An exchange by id with its person; InputError when there is none."""
    exchange = session.get(Exchange, exchange_id) if 0 < exchange_id < 2**63 else None
    if exchange is None:
        raise InputError(f"no exchange #{exchange_id}; 'rmlog show PERSON' lists them")
    return exchange, session.get(Person, exchange.person_id)


def edit_exchange(session: Session, exchange_id: int, fields: dict) -> tuple[Exchange, Person]:
    """Change an exchange's what, kind, weight, direction or time."""
    exchange, person = get_exchange(session, exchange_id)
    _checked_update(exchange, ExchangeBase, fields)
    return exchange, person


def _checked_update(row, model, fields: dict) -> None:
    current = {name: getattr(row, name) for name in model.model_fields}
    checked = option_values(model, {**current, **fields})
    for name in fields:
        setattr(row, name, checked[name])
