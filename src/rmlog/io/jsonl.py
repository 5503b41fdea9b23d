"""One JSON document written row by row, so exporting a large journal keeps memory flat.

The layout is a single object: the header's keys first, then one array per section with
one row per line:

    {"schema": 1,
    "people": [
    {"uid": "...", "name": "Alice"},
    {"uid": "...", "name": "Bob"}
    ],
    "interactions": [
    ]
    }
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from rmlog.errors import InputError


class JsonDocumentError(InputError):
    """The file is not a JSON object (exit 2)."""


def write_json_document(
    fileobj: IO[str], header: dict[str, Any], sections: Iterable[tuple[str, Iterable[dict]]]
) -> None:
    """Write {**header, section: [rows...], ...}, consuming each section's rows one at a time.

    Dates and datetimes are written in ISO 8601. A section may not reuse a header key.
    """
    fileobj.write("{")
    keys = list(header)
    fileobj.write(",\n".join(f"{_dumps(key)}: {_dumps(value)}" for key, value in header.items()))
    for name, rows in sections:
        if name in keys:
            raise ValueError(f"section {name!r} repeats a key of the document")
        keys.append(name)
        fileobj.write(",\n" if len(keys) > 1 else "")
        _write_section(fileobj, name, rows)
    fileobj.write("\n}\n")


def read_json_document(path: str | Path) -> dict[str, Any]:
    """The whole document; raises JsonDocumentError with the line of a syntax error."""
    try:
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
    except OSError as error:
        raise JsonDocumentError(f"cannot read {path}: {error.strerror or error}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise JsonDocumentError(f"{path} is not valid JSON: {error}") from error
    except RecursionError:
        raise JsonDocumentError(f"{path}: the JSON is nested too deeply to be an rmlog export") from None
    if not isinstance(document, dict):
        raise JsonDocumentError(f"{path}: expected a JSON object at the top level")
    return document


def _write_section(fileobj: IO[str], name: str, rows: Iterable[dict]) -> None:
    fileobj.write(f"{_dumps(name)}: [")
    separator = "\n"
    for row in rows:
        fileobj.write(separator + _dumps(row))
        separator = ",\n"
    fileobj.write("\n]")


def _iso(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# One encoder for every row: json.dumps with options builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False, default=_iso).encode
