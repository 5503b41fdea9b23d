"""Handles: short unique slugs derived from names, used on the command line."""

from __future__ import annotations

import re
import unicodedata

NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """'Zoë O'Brien' -> 'zoe-o-brien'; never empty."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return NON_SLUG.sub("-", ascii_name.lower()).strip("-") or "person"


def unique_handle(name: str, taken: set[str]) -> str:
    """The slug of name, suffixed -2, -3, ... until it is not in taken."""
    base = slugify(name)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
