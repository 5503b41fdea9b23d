"""Changes to commitments and snoozes; listing commitments for people."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from rmlog.errors import InputError
from rmlog.store.models import Commitment, Person


def get_commitment(session: Session, commitment_id: int) -> tuple[Commitment, Person]:
    """A commitment by id with its person; InputError when there is none."""
    commitment = session.get(Commitment, commitment_id)
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
