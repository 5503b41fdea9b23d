"""Text pictures: a contact strip, a give/take bar, weekly bars and a sparkline.

Pure functions that return Styled pieces for render.segments(); the characters carry the
meaning on their own (in pipes, under NO_COLOR, for colour-blind readers), colour repeats it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from rmlog.render import FAINT, GOOD, MINE, THEIRS, Styled

SHADES = "·░▒▓█"
"""A week with 0, 1, 2, 3, 4+ interactions."""
SHADE_STYLES = (FAINT, GOOD, GOOD, "bold green", "bold green")
SPARKS = "▁▂▃▄▅▆▇█"


def week_counts(times: Iterable[datetime], today: date, weeks: int, local) -> list[int]:
    """How many of times fall in each of the last `weeks` weeks, oldest first; the last week
    is the 7 days ending today. local(t) gives a moment's local date."""
    counts = [0] * weeks
    for moment in times:
        back = (today - local(moment)).days // 7
        if 0 <= back < weeks:
            counts[weeks - 1 - back] += 1
    return counts


def week_starts(today: date, weeks: int) -> list[date]:
    """The first day of each of the last `weeks` weeks, oldest first (see week_counts)."""
    return [today - timedelta(days=7 * (weeks - 1 - i) + 6) for i in range(weeks)]


def strip(counts: list[int]) -> list[Styled]:
    """One cell per week, shaded by its count."""
    return [Styled(SHADES[min(count, 4)], SHADE_STYLES[min(count, 4)]) for count in counts]


def strip_legend() -> list[Styled]:
    """'· none ░ 1 ▒ 2 ▓ 3 █ 4+ a week', in the strip's colours."""
    parts: list[Styled] = []
    for count, label in enumerate(("none", "1", "2", "3", "4+ a week")):
        parts += [Styled(SHADES[count], SHADE_STYLES[count]), Styled(f" {label}" + "  " * (count < 4))]
    return parts


def month_axis(starts: list[date]) -> str:
    """Month names above the weeks in which a month begins, where they do not overlap."""
    cells = [" "] * len(starts)
    free_from = 0
    for i, start in enumerate(starts):
        first = start if start.day == 1 else (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        if (first - start).days < 7 and i >= free_from and i + 3 <= len(cells):
            cells[i:i + 3] = f"{first:%b}"
            free_from = i + 4
    return "".join(cells).rstrip()


def give_take(gave: float, received: float, width: int) -> list[Styled]:
    """'gave 2 ████████░░░░ 1 received' in width cells (the bar at least 4): the bar splits
    by share, █ for what you gave, ░ for what you received."""
    total = gave + received
    left = f"gave {gave:g} "
    right = f" {received:g} received"
    room = max(4, width - len(left) - len(right))
    given = round(room * gave / total) if total else 0
    return [Styled(left), Styled("█" * given, MINE), Styled("░" * (room - given), THEIRS), Styled(right)]


def sparkline(counts: list[int]) -> str:
    """One character per value, ▁ (0) to █ (the largest)."""
    top = max(counts, default=0)
    if top == 0:
        return SPARKS[0] * len(counts)
    return "".join(SPARKS[max(count > 0, round(count / top * (len(SPARKS) - 1)))] for count in counts)


def bar(count: int, top: int, width: int) -> str:
    """A horizontal bar of count against top, at most width cells; a non-zero count shows."""
    if top <= 0 or count <= 0:
        return ""
    return "█" * max(1, round(width * count / top))
