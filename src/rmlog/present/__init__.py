"""Presenters: a read command's view model (a dataclass that a use case in rmlog.app returns)
shown in the format that --format chose.

JSON is one envelope for every view: the schema version, then the view's own to_json();
a listing (rmlog.app.listing.Listing) prints its documents as a plain JSON list instead,
and a Document (config, doctor) its own document, without the envelope.
Text, Markdown and CSV draw the view's layout, the module in LAYOUTS named after the view's
type (`rmlog.present.due` for a DueView), with the drawing primitives of rmlog.render, which
hand each table, heading and line to the module of the chosen format. Layout modules are
imported only for the view being shown, so a command loads its own layout and no other.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

LAYOUTS: dict[str, str] = {
    "DueView": "rmlog.present.due",
    "ShowView": "rmlog.present.profile",  # not .show, which would shadow show() below
    "BriefView": "rmlog.present.brief",
    "PlanView": "rmlog.present.plan",
    "ReviewView": "rmlog.present.review",
    "BalanceView": "rmlog.present.balance",
    "CirclesView": "rmlog.present.circles",
    "WeeklyView": "rmlog.present.weekly",
    "CommitmentsView": "rmlog.present.commitments",
    "InteractionsView": "rmlog.present.interactions",
    "HistoryView": "rmlog.present.history",
    "SearchView": "rmlog.present.search",
    "PeopleView": "rmlog.present.people",
    "DedupeView": "rmlog.present.dedupe",
    "ConfigView": "rmlog.present.config",
    "DoctorView": "rmlog.present.doctor",
}
"""A view model's type name -> the module whose layout(view) draws it as text."""


def show(view: Any) -> None:
    """Present view in the chosen format: its JSON document, or its layout."""
    from rmlog import render
    from rmlog.app.listing import Document, Listing

    if render.output_format() != "json":
        import_module(LAYOUTS[type(view).__name__]).layout(view)
    elif isinstance(view, Listing):
        render.emit_json_list(view.json_items())
    elif isinstance(view, Document):
        render.emit_json(view.to_json())
    else:
        render.emit_report(view.to_json())
