"""The kinds of view whose JSON document is not a report envelope: a plain list, or a
document of its own."""

from __future__ import annotations

from collections.abc import Iterator


class Listing:
    """A view listing rows (interactions, commitments, history): its --json is a list of
    documents, as these commands have always printed it, written one page at a time."""

    def json_items(self) -> Iterator[dict]:
        """The list's documents, in order, as render.emit_json_list takes them (times
        as datetimes, written in local ISO 8601)."""
        raise NotImplementedError


class Document:
    """A view whose --json is its own document without the report envelope (config, doctor),
    as these commands have always printed it."""

    def to_json(self) -> dict:
        """The document, as render.emit_json takes it."""
        raise NotImplementedError
