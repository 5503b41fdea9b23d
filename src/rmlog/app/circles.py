"""Circles against their capacity, who doesn't fit their circle's rhythm, and the moves that
would fit them (rmlog circles; the weekly review offers the same moves)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rmlog.reports.circles import CircleSize, Misfit, Move
from rmlog.reports.data import Practice
from rmlog.reports.jsonable import JsonMixin


@dataclass(frozen=True)
class CirclesView(JsonMixin):
    """Each circle's size against its capacity, the misfits and the suggested moves."""

    now: datetime
    circles: list[CircleSize]
    misfits: list[Misfit]
    moves: list[Move]


def circles(session, moment: datetime, settings: Practice) -> CirclesView:
    """The circles from one session: people with the contact that counts, their last
    RHYTHM_DAYS days of contact, and who started the latest interactions of those drifting
    away; settings: the practice (cadences, capacities)."""
    from rmlog.dates import parse_since
    from rmlog.reports.circles import LAST_INTERACTIONS, RHYTHM_DAYS, Initiations, build_circles, let_go_candidates
    from rmlog.store.rows import balance_rows, last_initiations, person_statuses

    config = settings.cadences
    people = person_statuses(session, reset=config.reset)
    recent = {row.handle: row for row in balance_rows(session, parse_since(f"{RHYTHM_DAYS}d", moment))}
    ids = let_go_candidates(people, moment, config)
    handles = {p.id: p.handle for p in people}
    initiations = {handles[pid]: Initiations(*counts)
                   for pid, counts in last_initiations(session, ids, LAST_INTERACTIONS).items()}
    report = build_circles(people, recent, initiations, moment, config, settings.capacity)
    return CirclesView(report.now, report.circles, report.misfits, report.moves)
