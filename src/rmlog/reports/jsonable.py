"""Turn report dataclasses into JSON-ready dicts (snake_case keys, ISO 8601 times)."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

from rmlog.clock import iso_local

HIDDEN = {"json": False}
"""Field metadata marking a field as internal (left out of JSON)."""


def to_jsonable(value: Any) -> Any:
    """Recursively convert dataclasses, datetimes (local ISO 8601 with offset), dates,
    tuples and mappings into plain JSON types."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name))
            for f in fields(value)
            if f.metadata.get("json", True)
        }
    if isinstance(value, datetime):
        return iso_local(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


class JsonMixin:
    """Gives a dataclass a `to_json()` returning a JSON-ready dict."""

    __slots__ = ()  # adds no per-object dict to a dataclass with slots

    def to_json(self) -> dict[str, Any]:
        return to_jsonable(self)
