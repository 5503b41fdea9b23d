"""The settings in force and the file that changes them (rmlog config)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rmlog.app.listing import Document


@dataclass(frozen=True)
class ConfigView(Document):
    """The settings (config.Practice), your own addresses, the config file, and each circle's
    and tag's contact window (None: never due)."""

    path: Path
    practice: Any
    me: list[str]
    circle_windows: dict[str, Any]
    tag_windows: dict[str, Any]

    def to_json(self) -> dict:
        cadences = self.practice.cadences
        return {
            "path": str(self.path), "circles": dict(cadences.circles), "tags": dict(cadences.tags),
            "maximum": {"circles": {name: w.max if w else None for name, w in self.circle_windows.items()},
                        "tags": {name: w.max for name, w in self.tag_windows.items() if w}},
            "reset": {name: list(kinds) for name, kinds in cadences.reset.items()},
            "capacity": dict(self.practice.capacity), "offers": self.practice.offers, "me": self.me,
        }


def config(practice, me: list[str], path: Path) -> ConfigView:
    """The settings as read (practice), with the contact window each circle and tag gets."""
    from rmlog.reports.cadence import window_of

    cadences = practice.cadences
    return ConfigView(
        path, practice, me,
        {name: window_of(days, cadences.circle_max.get(name)) for name, days in cadences.circles.items()},
        {name: window_of(days, cadences.tag_max.get(name)) for name, days in cadences.tags.items()},
    )
