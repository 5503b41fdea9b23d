"""Resolve what the user typed to one person (docs/getting-started.md, names), over plain candidate rows.

Order: exact handle, exact name (case-insensitive), alias, unique prefix of handle or name,
then a unique start of any word of a name, handle or alias ('Петров' for 'Иван Петров').
Names compare in any script, case-folded and NFKC-normalised. An empty or blank PERSON
names nobody; commands that destroy (delete, archive) take no prefix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rmlog.errors import InputError


FIRST_PREFIX_STAGE = 3
SUGGESTIONS = 3
WORD_BREAK = re.compile(r"[\s\-_.,']+")


@dataclass(frozen=True)
class Candidate:
    """What resolution needs to know about one person."""

    id: int
    handle: str
    name: str
    aliases: tuple[str, ...] = field(default=())


class UnknownPerson(InputError):
    """Nobody matches; carries the typed text so `log --new` can create them."""

    def __init__(self, query: str, message: str):
        super().__init__(message)
        self.query = query


def check_query(query: str) -> str:
    """The typed PERSON without surrounding blanks; InputError when nothing is left."""
    text = query.strip()
    if not text:
        raise InputError("PERSON is empty; give a handle, name or alias, e.g. alice (see: rmlog people)")
    return text


def resolve(query: str, candidates: list[Candidate], prefix: bool = True) -> Candidate:
    """The one candidate query names; InputError when none or several match.

    With prefix=False only an exact handle, name or alias counts; a prefix that would match
    is refused with its candidates listed.
    """
    text = check_query(query)
    folded = fold(text)
    stages = (
        lambda c: c.handle == folded,
        lambda c: fold(c.name) == folded,
        lambda c: any(fold(alias) == folded for alias in c.aliases),
        lambda c: c.handle.startswith(folded) or fold(c.name).startswith(folded),
        lambda c: any(word.startswith(folded) for word in _words(c)),
    )
    for number, matches_stage in enumerate(stages):
        found = [c for c in candidates if matches_stage(c)]
        if found and number >= FIRST_PREFIX_STAGE and not prefix:
            raise InputError(
                f"{text!r} is only the start of {_listed(found)}; "
                "type the exact handle, name or alias"
            )
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(f"{text!r} matches several people: {_listed(found)}; use a handle")
    raise _unknown(text, candidates)


def fold(text: str) -> str:
    """Text as resolution compares it: NFKC-normalised and case-folded, in any script."""
    return unicodedata.normalize("NFKC", text).casefold()


def _words(candidate: Candidate) -> list[str]:
    """The folded words of a candidate's name, handle and aliases."""
    texts = [fold(candidate.name), candidate.handle, *(fold(alias) for alias in candidate.aliases)]
    return [word for text in texts for word in WORD_BREAK.split(text) if word]


def _listed(found: list[Candidate]) -> str:
    return ", ".join(f"{c.handle} ({c.name})" for c in sorted(found, key=lambda c: c.handle))


def _unknown(text: str, candidates: list[Candidate]) -> UnknownPerson:
    import shlex

    close = _closest(fold(text), candidates)
    hint = f"did you mean {', '.join(f'{c.handle} ({c.name})' for c in close)}? or " if close else ""
    return UnknownPerson(
        text, f"no person {text!r}; {hint}create them with: rmlog add {shlex.quote(text)}"
    )


def _closest(folded: str, candidates: list[Candidate], cutoff: float = 0.6) -> list[Candidate]:
    """Up to SUGGESTIONS people whose handle, name, alias or a word of them is most like the
    typed text (difflib's ratio at least cutoff), the closest first."""
    import difflib

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(folded)
    scored = []
    for candidate in candidates:
        best = 0.0
        for key in {candidate.handle, fold(candidate.name), *map(fold, candidate.aliases), *_words(candidate)}:
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        if best >= cutoff:
            scored.append((-best, candidate.handle, candidate))
    return [candidate for _, _, candidate in sorted(scored, key=lambda item: item[:2])[:SUGGESTIONS]]
