"""The JSON format: one envelope for every report (its schema version first, then its
fields), written so that no string in it can act on a terminal."""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from rmlog.clock import iso_local

SCHEMA = 1
"""The version of every report's JSON document (the "schema" key); bumped on a breaking change."""

JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def inert_json(text: str) -> str:
    """JSON text (whose strings json already escapes C0 controls in) made safe for a
    terminal: DEL, C1, bidi and line separators as \\u escapes, the same JSON value."""
    return JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


PAGE = 1000
"""Items of a list written per json call: a long list is never all text at once."""


def emit_report(fields: dict[str, Any]) -> None:
    """A report's JSON document: its schema version first, then its fields. Exactly what
    emit_json writes for it, with a long list (balance's 50,000 people) written a page at a
    time, as emit_json_list does."""
    document = {"schema": SCHEMA, **fields}
    if not any(isinstance(value, list) and len(value) > PAGE for value in document.values()):
        emit_json(document)
        return
    sys.stdout.write("{\n")
    for number, (key, value) in enumerate(document.items(), 1):
        sys.stdout.write(f"  {_json_text(key)}: ")
        if isinstance(value, list) and value:
            _write_pages(value, "  ")
        else:
            sys.stdout.write(_json_text(value).replace("\n", "\n  "))
        sys.stdout.write(",\n" if number < len(document) else "\n")
    sys.stdout.write("}\n")


def _write_pages(items: list, indent: str) -> None:
    """A non-empty list as _json_text writes it inside a document indented by indent."""
    sys.stdout.write("[\n")
    for start in range(0, len(items), PAGE):
        inner = _json_text(items[start:start + PAGE])[2:-2]  # the page's items, without "[\n" and "\n]"
        sys.stdout.write(("" if start == 0 else ",\n") + (indent + inner).replace("\n", "\n" + indent))
    sys.stdout.write(f"\n{indent}]")


def emit_json(document: Any) -> None:
    """One JSON document on stdout, nothing else; never Infinity or NaN (they become null).
    Bidi and C1 characters are written as \\u escapes: the same text, inert on a terminal."""
    sys.stdout.write(_json_text(document) + "\n")


def emit_json_list(items: Iterable[Any]) -> None:
    """A JSON list on stdout, exactly what emit_json writes for it, written a thousand items
    at a time, so a long listing never holds all of its documents or their text at once.
    One json call per page, not per item: the indenting encoder leaves a reference cycle
    behind each call, which the console script (no cyclic GC) would never free."""
    items = iter(items)
    first = True
    while page := list(itertools.islice(items, PAGE)):
        inner = _json_text(page)[2:-2]  # the page's items, without its "[\n" and "\n]"
        sys.stdout.write(("[\n" if first else ",\n") + inner)
        first = False
    sys.stdout.write("[]\n" if first else "\n]\n")


def _json_text(document: Any) -> str:
    """emit_json's text of one document."""
    try:
        text = json.dumps(document, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(document), ensure_ascii=False, indent=2, default=_json_default)
    return inert_json(text)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_local(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")
