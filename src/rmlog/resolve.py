"""Resolve what the user typed to one person (SPEC §3), over plain candidate rows.

Order: exact handle, exact name (case-insensitive), alias, unique prefix of handle or name.
An empty or blank PERSON names nobody; commands that destroy (delete, archive) take no prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rmlog.errors import InputError


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
    folded = text.casefold()
    stages = (
        lambda c: c.handle == folded,
        lambda c: c.name.casefold() == folded,
        lambda c: any(alias.casefold() == folded for alias in c.aliases),
        lambda c: c.handle.startswith(folded) or c.name.casefold().startswith(folded),
    )
    for number, matches_stage in enumerate(stages):
        found = [c for c in candidates if matches_stage(c)]
        if found and number == len(stages) - 1 and not prefix:
            raise InputError(
                f"{text!r} is only the start of {_listed(found)}; "
                "type the exact handle, name or alias"
            )
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise InputError(f"{text!r} matches several people: {_listed(found)}; use a handle")
    raise _unknown(text, candidates)


def _listed(found: list[Candidate]) -> str:
    return ", ".join(f"{c.handle} ({c.name})" for c in sorted(found, key=lambda c: c.handle))


def _unknown(text: str, candidates: list[Candidate]) -> UnknownPerson:
    import difflib
    import shlex

    by_key = {c.handle: c.handle for c in candidates}
    by_key.update({c.name.casefold(): c.handle for c in candidates})
    close = difflib.get_close_matches(text.casefold(), list(by_key), n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(dict.fromkeys(by_key[k] for k in close))}? " if close else ""
    return UnknownPerson(
        text, f"no person {text!r}; {hint}create them with: rmlog add {shlex.quote(text)}"
    )
