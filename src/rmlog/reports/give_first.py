"""Give first: people whose needs match what you can offer, then people you owe."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .data import BalanceRow, PersonStatus
from .due import first_line
from .jsonable import JsonMixin

EXCLUDED_CIRCLES = {"periphery"}
STOP_WORDS = frozenset("""
a about after all also an and any are as at be been but by can could do does for from get gets
getting has have help helps how i if in into is it its just like looking me more most my need needs
no not of on or our out over please so some than that the their them they this those to too up us
very want wants was we what when who will with would you your
""".split())
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"#([^\W_][\w-]*)")


@dataclass(frozen=True)
class GiveFirst(JsonMixin):
    """Someone to give to first. kind: 'offer' (their need matches something you offer, named
    in `offer`) or 'owe' (they gave you more than you gave them); why says which."""

    handle: str
    name: str
    kind: str
    offer: str | None
    why: str


def offer_items(offers: str | None) -> list[str]:
    """'intros to ML people; fundraising advice' -> the two items."""
    return [item.strip() for item in (offers or "").split(";") if item.strip()]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def words(text: str) -> set[str]:
    """The words that carry meaning: lower-case, stop words and #tags left out, plural -s off."""
    text = TAG.sub(" ", text.casefold())
    return {_stem(w) for w in WORD.findall(text) if w not in STOP_WORDS and len(w) > 1}


def tags(text: str) -> set[str]:
    """#tags in a text, lower-case."""
    return {tag.casefold() for tag in TAG.findall(text)}


def match(needs: str, offer: str) -> tuple[list[str], list[str]]:
    """(shared words, matching tags) of a need and an offer. A #tag in the need matches an
    offer that carries the same #tag or the word itself."""
    shared = sorted(words(needs) & words(offer))
    hit = sorted(t for t in tags(needs) if t in tags(offer) or _stem(t) in words(offer))
    return shared, hit


def best_offer(needs: str | None, offers: list[str]) -> tuple[str, list[str], list[str]] | None:
    """The offer sharing the most words and tags with the needs (first on ties)."""
    if not needs:
        return None
    scored = [(offer, *match(needs, offer)) for offer in offers]
    scored = [s for s in scored if s[1] or s[2]]
    return max(scored, key=lambda s: len(s[1]) + len(s[2]), default=None)


def _offer_why(person: PersonStatus, offer: str, shared: list[str], hit: list[str]) -> str:
    common = ", ".join([*shared, *(f"#{t}" for t in hit)])
    return f"needs \"{first_line(person.needs)}\"; you offer \"{offer}\" ({common})"


def give_first(
    people: Iterable[PersonStatus],
    balances: Iterable[BalanceRow],
    offers: str | None,
    limit: int | None = None,
) -> list[GiveFirst]:
    """Matches first (most in common, then name), then people you owe (received > gave,
    most owed first). Periphery and archived people are left out; everyone appears once."""
    items = offer_items(offers)
    candidates = [p for p in people if p.archived_at is None and p.circle not in EXCLUDED_CIRCLES]
    matched = []
    for person in candidates:
        found = best_offer(person.needs, items)
        if found:
            offer, shared, hit = found
            matched.append((-(len(shared) + len(hit)), person.name.casefold(), person.handle,
                            GiveFirst(person.handle, person.name, "offer", offer, _offer_why(person, offer, shared, hit))))
    chosen = {m[2] for m in matched}
    active = {p.handle for p in candidates}
    owed = [
        (-(b.received - b.gave), b.name.casefold(), b.handle,
         GiveFirst(b.handle, b.name, "owe", None,
                   f"you owe them: received {b.received:g}, gave {b.gave:g} in the last year"))
        for b in balances
        if b.received > b.gave and b.handle in active and b.handle not in chosen
    ]
    queue = [m[3] for m in sorted(matched, key=lambda m: m[:3])] + [o[3] for o in sorted(owed, key=lambda o: o[:3])]
    return queue if limit is None else queue[:limit]
