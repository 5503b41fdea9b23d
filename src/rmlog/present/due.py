"""How due draws its view, and the mark saying how overdue someone is (due, review)."""

from __future__ import annotations

from rmlog import render


def overdue_mark(entry) -> render.Styled:
    """'due +4d' (yellow) or 'drifting +32d' (red): the word says what the colour does."""
    from rmlog.reports.cadence import verdict
    from rmlog.reports.due import window_of_entry

    mark = render.contact(verdict(entry.days_since, window_of_entry(entry)))
    return render.Styled(f"{mark.text} +{entry.days_overdue}d", mark.style)
