"""The JSON documents of the journal's entities, as every command prints them: a person, an
interaction, an exchange, a commitment, an open promise and a circle move."""

from __future__ import annotations


def person_document(row, moment=None) -> dict:
    """A person as JSON; last_contact is null for someone never contacted, and days_since
    then counts from when they were added."""
    from rmlog.clock import now
    from rmlog.reports.days import staleness_days
    from rmlog.store.shapes import PersonOut, shown

    p = row.person
    return shown(
        PersonOut, p, aliases=row.aliases, tags=row.tags, last_contact=row.last_contact,
        days_since=staleness_days(row.last_contact or p.created_at, moment or now()),
    )


def interaction_document(interaction, handles: list[str], names: list[str] | None = None) -> dict:
    """An interaction as JSON; `with` lists people's handles and, when names are given,
    `with_names` their names."""
    from rmlog.store.shapes import InteractionOut, shown

    document = shown(InteractionOut, interaction, with_=handles)
    return document if names is None else {**document, "with_names": names}


def exchange_document(exchange, handle: str) -> dict:
    """An exchange as JSON."""
    from rmlog.store.shapes import ExchangeOut, shown

    return shown(ExchangeOut, exchange, person=handle)


def commitment_document(commitment, handle: str) -> dict:
    """A commitment as JSON, as the commands that make or change one print it."""
    from rmlog.clock import now
    from rmlog.reports.promises import is_overdue
    from rmlog.store.shapes import CommitmentOut, shown

    late = is_overdue(commitment.status, commitment.due_at, now())
    return shown(CommitmentOut, commitment, person=handle, overdue=late)


def open_promise_document(c) -> dict:
    """An open promise as show and brief list it: who owes what, by when."""
    from rmlog.store.shapes import CommitmentOut, shown

    return shown(CommitmentOut, c, person=c.person_handle, include={"id", "owner", "what", "due_at"})


def move_document(move) -> dict:
    """A circle move as JSON."""
    from rmlog.clock import iso_local

    return {"at": iso_local(move.at) if move.at else None, "from": move.from_circle, "to": move.to_circle,
            "why": move.why}
