"""Slugs: handles (ASCII, unique, derived from names) and tags (letters of any script); the
key that email addresses are compared by."""

from __future__ import annotations

import re
import unicodedata

NON_SLUG = re.compile(r"[^a-z0-9]+")
ASCII_WORDS = str.maketrans({chr(c): chr(c).lower() if chr(c).isalnum() else " " for c in range(128)})
"""ASCII letters to lower case, digits as they are, anything else to a space: the words of
an ASCII name in one pass, several times faster than NON_SLUG (people lists slug every name)."""
NON_TAG = re.compile(r"[\W_]+")
FALLBACK = "person"
"""The slug of a name without a letter or digit."""


def slugify(name: str) -> str:
    """'Zoë O'Brien' -> 'zoe-o-brien', 'Иван Петров' -> 'ivan-petrov', '최유림' -> 'choeyulim';
    never empty."""
    return "-".join(ascii_words(name)) or FALLBACK


def is_slug_of(handle: str, name: str) -> bool:
    """Whether handle is slugify(name), as views ask for every person they show: a handle
    longer than an ASCII name (or than 'person') cannot be its slug, which answers a
    namesake's 'alice-smith-2' without slugifying the name."""
    if len(handle) > len(name) and len(handle) > len(FALLBACK) and name.isascii():
        return False
    return slugify(name) == handle


def ascii_words(name: str) -> list[str]:
    """The words of a name in lower-case ASCII, transliterated from any script:
    'Müller, Jürgen' -> ['muller', 'jurgen']."""
    if name.isascii():
        return name.translate(ASCII_WORDS).split()
    return NON_SLUG.sub(" ", _transliterated(name).lower()).split()


def _transliterated(name: str) -> str:
    """Letters and digits of any script in ASCII (anyascii, imported only for such names);
    symbols and emoji become separators rather than words (':red_heart:')."""
    from anyascii import anyascii

    return "".join(anyascii(c) if unicodedata.category(c)[0] in "LMN" else " " for c in name)


def unique_handle(name: str, taken: set[str]) -> str:
    """The slug of name, suffixed -2, -3, ... until it is not in taken."""
    base = slugify(name)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def normalise_tag(text: str) -> str:
    """'My Friends' -> 'my-friends'; letters of any script are kept; may return ''."""
    return NON_TAG.sub("-", text.strip().lower()).strip("-")


def normalise_tags(texts: list[str]) -> list[str]:
    """Normalised, non-empty, first occurrence kept."""
    tags = (normalise_tag(text) for text in texts)
    return list(dict.fromkeys(tag for tag in tags if tag))


def email_key(address: str) -> str:
    """What makes two addresses the same one: 'Ann@X.io ' and 'ann@x.io' are (case-insensitive).
    Every path that stores or matches addresses compares them by this key."""
    return address.strip().casefold()
