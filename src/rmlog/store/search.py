"""Search: ranked full-text queries over notes, promises and people (index: store/fulltext.py).

What people type is parsed here, never handed to the engine: words in any order (all must
match), "quoted phrases", word* prefixes (the last word gets one as it is typed), -word to
exclude. Everything else (an unclosed quote, ^ : ( ) NEAR AND OR) is read as plain words.
Each term becomes a quoted FTS5 phrase or a quoted tsquery lexeme, so no input is an engine
syntax error.

Ranking: score = relevance / (1 + age_days / RECENCY_DAYS), where relevance is -bm25() on
SQLite (FTS5's k1 = 1.2, b = 0.75; people weighted by PERSON_FIELDS) and ts_rank() on
PostgreSQL (normalisation 1: divided by 1 + log of the length, as bm25 favours short notes),
and age_days is how long ago the note was logged for (a promise: made), 0 for a future date.
Half weight after a month, a fifth after four months: a note from last month and one from
five years ago with the same words weigh 0.5 and 0.016, while a short note on the point still
outranks a long rambling one from a few weeks later. Ties go to the newer. People have no
date: relevance alone.

On SQLite the top hits of a common word are found without scoring every match: bm25 never
exceeds BOUND = phrases × (k1 + 1) × idf, and each phrase's idf is at most
log((N - n + 0.5) / (n + 0.5)) for n rows matching the whole query (N at most the table's
largest id). Candidates are the matches with an id at least the smallest id logged within a
window of recent days (a superset of the window); when the k-th best score already beats
BOUND × weight(window), no match outside can reach it and the answer is exact. Otherwise the
window widens, up to every match. PostgreSQL scores every match.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.engine import Connection

from rmlog.store.fulltext import PERSON_FIELDS, postgres_vector
from rmlog.store.tables import commitment, interaction, interaction_person, person, person_alias

if TYPE_CHECKING:  # reads get a Connection (open_reader), writes a Session: both execute Core
    from sqlalchemy.orm import Session

RECENCY_DAYS = 30
FIRST_WINDOW_DAYS = 28
RANK_ALL_UNDER = 2000
"""Fewer matches than this are all scored in one pass: cheaper than narrowing them."""
ALL_DAYS = 365 * 200
K1 = 1.2
AUTO_PREFIX_MIN = 2
"""The last word typed gets a prefix * from this many letters (one letter would match half the index)."""
SNIPPET_WORDS = 14
SECTIONS = ("notes", "promises", "people")
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'(?P<neg>-)?(?:"(?P<phrase>[^"]*)"|(?P<bare>[^\s"]+))')


@dataclass(frozen=True)
class Term:
    """One phrase (a single word is a one-word phrase); prefix: its last word may go on."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    include: tuple[Term, ...]
    exclude: tuple[Term, ...]

    def fts(self) -> str:
        """The FTS5 MATCH expression: every term a quoted phrase."""
        expression = " ".join(_fts_term(t) for t in self.include)
        if self.exclude:
            expression = f"({expression}) NOT " + " NOT ".join(_fts_term(t) for t in self.exclude)
        return expression

    def tsquery(self) -> str:
        """The to_tsquery text: quoted lexemes joined by & and <->, !( ) to exclude."""
        parts = [_ts_term(t) for t in self.include] + [f"!{_ts_term(t)}" for t in self.exclude]
        return " & ".join(parts)

    def words(self) -> list[tuple[str, bool]]:
        """(folded word, prefix) of every included word, for highlighting."""
        return [(fold(w), t.prefix and i == len(t.words) - 1)
                for t in self.include for i, w in enumerate(t.words)]


def _fts_term(term: Term) -> str:
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def _ts_term(term: Term) -> str:
    lexemes = [f"'{w}'" for w in term.words]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def parse(query: str) -> Query:
    """What the user typed, as terms; anything that is not a word, quote, - or * separates."""
    query = unicodedata.normalize("NFC", query)
    include: list[Term] = []
    exclude: list[Term] = []
    tokens = list(TOKEN.finditer(query))
    for number, token in enumerate(tokens):
        if token["phrase"] is not None:
            words = tuple(WORD.findall(token["phrase"]))
            terms = [Term(words)] if words else []
        else:
            words = tuple(WORD.findall(token["bare"]))
            last_typed = number == len(tokens) - 1 and token.end() == len(query)
            wants_prefix = token["bare"].endswith("*") or (
                last_typed and not token["neg"] and words and len(words[-1]) >= AUTO_PREFIX_MIN)
            terms = [Term((w,), bool(wants_prefix) and i == len(words) - 1) for i, w in enumerate(words)]
        (exclude if token["neg"] else include).extend(terms)
    return Query(tuple(include), tuple(exclude))


def fold(word: str) -> str:
    """A word as the index stores it: case and accents folded."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def weight(age_days: float) -> float:
    """Recency factor of the score: 1 today, 0.5 at RECENCY_DAYS, 0.2 a year ago."""
    return 1 / (1 + max(age_days, 0) / RECENCY_DAYS)


@dataclass
class Filters:
    """What narrows a search: one person, a date, a kind of interaction, some sections."""

    person_id: int | None = None
    since: datetime | None = None
    kind: str | None = None
    sections: tuple[str, ...] = SECTIONS

    def wants(self, section: str) -> bool:
        """People have no date, kind or person of their own: they show only unfiltered."""
        if section not in self.sections:
            return False
        if section == "people":
            return self.person_id is None and self.since is None and self.kind is None
        return section == "notes" or self.kind is None


@dataclass(frozen=True)
class Source:
    """A ranked kind of text: its FTS5 table, its journal table, and the time that dates it."""

    fts: str
    terms: str
    table: str
    time: str
    of_person: str


NOTES = Source("rmlog_search_note", "rmlog_search_note_terms", "interaction", "occurred_at",
               "EXISTS (SELECT 1 FROM interaction_person l WHERE l.interaction_id = t.id AND l.person_id = :person)")
PROMISES = Source("rmlog_search_promise", "rmlog_search_promise_terms", "commitment", "created_at", "t.person_id = :person")


def search_all(session: Session, query: str, limit: int, filters: Filters | None = None,
               now: datetime | None = None) -> dict[str, list[dict]]:
    """Hits per section (people, interactions, commitments), best first."""
    from rmlog.clock import now as clock_now

    filters = filters or Filters()
    moment = (now or clock_now()).astimezone(timezone.utc)
    parsed = parse(query)
    hits: dict[str, list[dict]] = {"people": [], "interactions": [], "commitments": []}
    if not parsed.include:
        return hits
    ranker = _Sqlite(session, parsed, moment) if _is_sqlite(session) else _Postgres(session, parsed, moment)
    if filters.wants("people"):
        hits["people"] = _people(session, parsed, ranker.people(limit))
    if filters.wants("notes"):
        hits["interactions"] = _interactions(session, parsed, ranker.ranked(NOTES, filters, limit))
    if filters.wants("promises"):
        hits["commitments"] = _commitments(session, parsed, ranker.ranked(PROMISES, filters, limit))
    return hits


def _is_sqlite(session: Session | Connection) -> bool:
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    return dialect.name == "sqlite"


@dataclass
class _Ranked:
    """A hit before its details are read: its row id, relevance and blended score."""

    id: int
    relevance: float
    score: float


def _conditions(source: Source, filters: Filters, params: dict, stored_time) -> str:
    sql = ""
    if filters.person_id is not None:
        sql += f" AND {source.of_person}"
        params["person"] = filters.person_id
    if filters.since is not None:
        sql += f" AND t.{source.time} >= :since"
        params["since"] = stored_time(filters.since)
    if filters.kind is not None and source is NOTES:
        sql += " AND t.kind = :kind"
        params["kind"] = filters.kind
    return sql


@dataclass
class _Sqlite:
    """Ranks through FTS5: bm25 blended with recency, over a window of recent matches."""

    session: Session
    query: Query
    now: datetime
    match: str = field(init=False)
    today: float = field(init=False)
    """now as a julian day number, as SQLite's julianday() counts."""

    def __post_init__(self):
        self.match = self.query.fts()
        self.today = self.now.timestamp() / 86400 + 2440587.5

    def people(self, limit: int) -> list[_Ranked]:
        weights = ", ".join(str(w) for w in PERSON_FIELDS.values())
        rows = self.session.execute(text(
            f"SELECT rowid, -bm25(rmlog_search_person, {weights}) AS r FROM rmlog_search_person "
            "WHERE rmlog_search_person MATCH :match ORDER BY r DESC, rowid LIMIT :k"), {"match": self.match, "k": limit})
        return [_Ranked(i, r, r) for i, r in rows]

    def ranked(self, source: Source, filters: Filters, limit: int) -> list[_Ranked]:
        """The best `limit` matches of source, exactly, scoring as few as the bound allows."""
        run = self.session.execute
        match = self._without_needless_prefixes(source).fts()
        matching = run(text(f"SELECT count(*) FROM {source.fts} WHERE {source.fts} MATCH :match"),
                       {"match": match}).scalar()
        if not matching:
            return []
        top = run(text(f"SELECT max(id) FROM {source.table}")).scalar()
        idf = max(math.log((top - matching + 0.5) / (matching + 0.5)), 1e-6)
        bound = len(self.query.include) * (K1 + 1) * idf
        params = {"match": match, "k": limit, "today": self.today, "days": RECENCY_DAYS}
        conditions = _conditions(source, filters, params, _stored)
        sql = text(
            f"SELECT t.id, -bm25({source.fts}) AS r, -bm25({source.fts}) / "
            f"(1 + max(:today - julianday(t.{source.time}), 0) / :days) AS s "
            f"FROM {source.fts} JOIN {source.table} t ON t.id = {source.fts}.rowid "
            f"WHERE {source.fts} MATCH :match AND {source.fts}.rowid >= :low{conditions} "
            f"ORDER BY s DESC, t.{source.time} DESC, t.id DESC LIMIT :k"
        )
        days = FIRST_WINDOW_DAYS if matching >= RANK_ALL_UNDER else ALL_DAYS
        while True:
            cutoff = self.now - timedelta(days=days)
            complete = days >= ALL_DAYS or (filters.since is not None and cutoff <= filters.since)
            low = 0 if complete else self._lowest_id(source, cutoff, top)
            rows = [_Ranked(*row) for row in run(sql, {**params, "low": low})]
            if complete:
                return rows
            full = len(rows) == limit
            if full and rows[-1].score >= bound * weight(days):
                return rows
            needed = RECENCY_DAYS * (bound / rows[-1].score - 1) if full and rows[-1].score > 0 else 0
            days = min(ALL_DAYS, max(days * 4, math.ceil(needed) + 1))

    def _without_needless_prefixes(self, source: Source) -> Query:
        """The query with word* made a whole word where the index has no longer word starting
        with it: the same matches, and FTS5 reads one term instead of merging a range."""
        def narrowed(term: Term) -> Term:
            if not term.prefix:
                return term
            word = fold(term.words[-1])
            longer = self.session.execute(  # >= and <= (fts5vocab has no > <): a range, not a scan
                text(f"SELECT 1 FROM {source.terms} WHERE term >= :after AND term <= :end LIMIT 1"),
                {"after": word + "\x00", "end": word + "\U0010ffff"}).first()
            return term if longer else Term(term.words, prefix=False)

        return Query(tuple(narrowed(t) for t in self.query.include), self.query.exclude)

    def _lowest_id(self, source: Source, cutoff: datetime, top: int) -> int:
        """Every row dated from cutoff on has at least this id."""
        lowest = self.session.execute(
            text(f"SELECT min(id + 0) FROM {source.table} WHERE {source.time} >= :cutoff"), {"cutoff": _stored(cutoff)}
        ).scalar()
        return top + 1 if lowest is None else lowest


def _stored(moment: datetime) -> str:
    """A time as SQLite stores it: naive UTC text."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


@dataclass
class _Postgres:
    """Ranks through the tsvector columns: ts_rank blended with recency, every match scored."""

    session: Session
    query: Query
    now: datetime

    def people(self, limit: int) -> list[_Ranked]:
        aliases = ("coalesce((SELECT string_agg(alias, ' ') FROM person_alias a WHERE a.person_id = p.id), '')")
        vector = f"(p.search_vector || setweight({postgres_vector(aliases)}, 'A'))"
        rows = self.session.execute(text(
            f"SELECT p.id, ts_rank({vector}, q, 1) AS r FROM person p, "
            "to_tsquery('simple', rmlog_unaccent(:match)) q "
            f"WHERE {vector} @@ q ORDER BY r DESC, p.id LIMIT :k"), {"match": self.query.tsquery(), "k": limit})
        return [_Ranked(i, r, r) for i, r in rows]

    def ranked(self, source: Source, filters: Filters, limit: int) -> list[_Ranked]:
        params = {"match": self.query.tsquery(), "k": limit, "now": self.now, "days": RECENCY_DAYS}
        conditions = _conditions(source, filters, params, lambda moment: moment)
        rows = self.session.execute(text(
            f"SELECT t.id, ts_rank(t.search_vector, q, 1) AS r, ts_rank(t.search_vector, q, 1) / "
            f"(1 + greatest(extract(epoch FROM (:now - t.{source.time})) / 86400, 0) / :days) AS s "
            f"FROM {source.table} t, to_tsquery('simple', rmlog_unaccent(:match)) q "
            f"WHERE t.search_vector @@ q{conditions} "
            f"ORDER BY s DESC, t.{source.time} DESC, t.id DESC LIMIT :k"), params)
        return [_Ranked(i, float(r), float(s)) for i, r, s in rows]


# Hits as the CLI and --json show them -------------------------------------------------------


def snippet(note: str | None, query: Query, words: int = SNIPPET_WORDS) -> tuple[str, list[list[int]]]:
    """A short stretch of note around its first matched word, and the [start, end) offsets of
    matched words in it (escaping and styling are the caller's)."""
    if not note:
        return "", []
    wanted = query.words()
    found = list(WORD.finditer(note))
    hits = [i for i, m in enumerate(found) if _matches(fold(m.group()), wanted)]
    if not found:
        return note[:80], []
    first = max(0, min((hits[0] if hits else 0) - 3, len(found) - words))
    last = min(len(found), first + words)
    start = found[first].start()
    end = found[last - 1].end() if last < len(found) else len(note)
    prefix = "…" if first > 0 else ""
    suffix = "…" if last < len(found) else ""
    text_ = prefix + " ".join(note[start:end].split()).rstrip() + suffix
    spans = []
    for match in WORD.finditer(text_):
        if _matches(fold(match.group()), wanted):
            spans.append([match.start(), match.end()])
    return text_, spans


def _matches(word: str, wanted: list[tuple[str, bool]]) -> bool:
    return any(word == w or prefix and word.startswith(w) for w, prefix in wanted)


def _interactions(session: Session, query: Query, ranked: list[_Ranked]) -> list[dict]:
    ids = [r.id for r in ranked]
    rows = {row.id: row for row in session.execute(
        select(interaction.c.id, interaction.c.occurred_at, interaction.c.kind, interaction.c.notes)
        .where(interaction.c.id.in_(ids)))}
    people: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    for interaction_id, handle, name in session.execute(
        select(interaction_person.c.interaction_id, person.c.handle, person.c.name)
        .join(person, person.c.id == interaction_person.c.person_id)
        .where(interaction_person.c.interaction_id.in_(ids)).order_by(person.c.name, person.c.handle)
    ):
        people[interaction_id].append((handle, name))
    hits = []
    for r in ranked:
        row = rows[r.id]
        text_, spans = snippet(row.notes, query)
        hits.append({"id": r.id, "occurred_at": row.occurred_at, "kind": row.kind, "notes": row.notes,
                     "people": [h for h, _ in people[r.id]], "names": [n for _, n in people[r.id]],
                     "snippet": text_, "highlights": spans, "rank": round(r.score, 6),
                     "relevance": round(r.relevance, 6)})
    return hits


def _commitments(session: Session, query: Query, ranked: list[_Ranked]) -> list[dict]:
    rows = {row.id: row for row in session.execute(
        select(commitment.c.id, person.c.handle, person.c.name, commitment.c.owner, commitment.c.what,
               commitment.c.status, commitment.c.due_at, commitment.c.created_at)
        .join(person, person.c.id == commitment.c.person_id)
        .where(commitment.c.id.in_([r.id for r in ranked])))}
    hits = []
    for r in ranked:
        row = rows[r.id]
        text_, spans = snippet(row.what, query)
        hits.append({"id": r.id, "person": row.handle, "name": row.name, "owner": row.owner, "what": row.what,
                     "status": row.status, "due_at": row.due_at, "created_at": row.created_at,
                     "snippet": text_, "highlights": spans, "rank": round(r.score, 6),
                     "relevance": round(r.relevance, 6)})
    return hits


def _people(session: Session, query: Query, ranked: list[_Ranked]) -> list[dict]:
    ids = [r.id for r in ranked]
    columns = [person.c[f] for f in PERSON_FIELDS if f != "aliases"]
    rows = {row.id: row for row in session.execute(
        select(person.c.id, person.c.handle, *columns).where(person.c.id.in_(ids)))}
    aliases: dict[int, list[str]] = {i: [] for i in ids}
    for person_id, alias in session.execute(
        select(person_alias.c.person_id, person_alias.c.alias).where(person_alias.c.person_id.in_(ids))
    ):
        aliases[person_id].append(alias)
    wanted = query.words()
    hits = []
    for r in ranked:
        row = rows[r.id]
        values = {f: " ".join(aliases[r.id]) if f == "aliases" else getattr(row, f) or "" for f in PERSON_FIELDS}
        matched = [f for f, value in values.items()
                   if any(_matches(fold(w), wanted) for w in WORD.findall(value))]
        shown = next((f for f in matched if f != "name"), "name")
        text_, spans = snippet(values[shown], query)
        hits.append({"id": r.id, "handle": row.handle, "name": row.name, "matched": ", ".join(matched),
                     "snippet": text_, "highlights": spans, "field": shown, "rank": round(r.score, 6)})
    return hits


# Recurring topics (brief) --------------------------------------------------------------------

STOPWORDS = frozenset("""
a about after again all also am an and any are as at be because been before being but by can
could did do does doing done for from get got had has have having he her here hers him his how
i if in into is it its just like me more most my no not now of off on once only or other our
out over own same she should so some still such than that the their them then there these they
this those through to too under until up very was we were what when where which while who why
will with would you your yours yes ok okay re via per told said asked went going talked
""".split())
"""Words too common to be a topic (English; the idf weighting demotes other languages' ones)."""
TOPIC_NOTES = 500
"""Topics come from the person's latest notes, this many at most."""
TOPIC_CANDIDATES = 200
"""Their most frequent words whose rarity in the whole journal is looked up."""


def recurring_topics(session: Session, person_id: int, since: datetime | None, limit: int = 8) -> list[dict]:
    """The words that recur in the notes with a person and are rare elsewhere: each word's
    count in their notes times its idf in the whole index (terms of the index: fts5vocab on
    SQLite, ts_stat on PostgreSQL). A word in one note only is not recurring."""
    notes = (select(interaction.c.id, interaction.c.notes)
             .join(interaction_person, interaction_person.c.interaction_id == interaction.c.id)
             .where(interaction_person.c.person_id == person_id, interaction.c.notes.is_not(None))
             .order_by(interaction_person.c.occurred_at.desc()).limit(TOPIC_NOTES))
    if since is not None:
        notes = notes.where(interaction_person.c.occurred_at >= since)
    if _is_sqlite(session):
        counts = _term_counts(row.notes for row in session.execute(notes))
        words = sorted((w for w, n in counts.items() if n >= 2 and w not in STOPWORDS), key=lambda w: -counts[w])
        frequency = dict(session.execute(
            select(text("term"), text("doc")).select_from(text("rmlog_search_note_terms"))
            .where(text("term IN :words").bindparams(bindparam("words", expanding=True))),
            {"words": words[:TOPIC_CANDIDATES]}).all()) if words else {}
    else:
        ids = [row.id for row in session.execute(notes)]
        if not ids:
            return []
        listed = ",".join(str(int(i)) for i in ids)
        counts = dict(session.execute(text(
            f"SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM interaction WHERE id IN ({listed})')"
        )).all())
        words = [w for w, n in counts.items() if n >= 2 and w not in STOPWORDS]
        frequency = {}
        for word in sorted(words, key=lambda w: -counts[w])[:TOPIC_CANDIDATES]:
            frequency[word] = session.execute(text(
                "SELECT count(*) FROM interaction WHERE search_vector @@ to_tsquery('simple', :w)"),
                {"w": f"'{word}'"}).scalar()
    found = session.execute(select(func.max(interaction.c.id))).scalar() or 1  # about how many notes
    scored = [(counts[w] * math.log(1 + found / frequency[w]), w) for w in frequency
              if w not in STOPWORDS and WORD.fullmatch(w) and not w.isdigit() and len(w) > 1]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [{"word": w, "notes": counts[w], "weight": round(s, 3)} for s, w in scored[:limit]]


def _term_counts(texts) -> dict[str, int]:
    """In how many of texts each folded word occurs."""
    counts: dict[str, int] = {}
    for note in texts:
        for word in {fold(w) for w in WORD.findall(unicodedata.normalize("NFC", note))}:
            counts[word] = counts.get(word, 0) + 1
    return counts
