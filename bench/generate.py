"""Write a realistic synthetic rmlog journal, fast, for the benchmarks.

    .venv/bin/python bench/generate.py --people 10000 --interactions 1000000 --seed 1 \
        --db bench/out/L.db

The schema comes from rmlog itself (``rmlog.store.engine.open_store(path, write=True)`` creates it, recording
the migrations); the rows are then bulk-inserted with stdlib sqlite3 in one transaction.
Same arguments, same journal: every random choice comes from one seeded ``random.Random``.

What the data looks like:
- circles inner ~2%, core ~8%, network ~60%, periphery ~30%; ~5% cadence overrides; ~30%
  tagged (~1% ``family``); ~40% birthdays; a few snoozed, ~2% archived, a few aliases;
- contact frequency is a power law (capped Pareto weights scaled by circle): the top 10% of
  people get ~58% of interactions, the busiest ~2%; 15% of interactions involve 2-4 people;
- occurred_at spreads over 5 years before ``--now``, ids ascending with time (as if logged
  as it happened); short notes from a small vocabulary; initiated_by me/them/None;
  sentiment mostly None or 0..2, rarely negative;
- exchanges on ~10% of interactions (gave/received, weights 1-3), commitments on ~5%
  (owner me/them, due dates, open/done/dropped, done_at sometimes after the due date).

A JSON sidecar (PATH.meta.json) records the arguments plus the busiest person's handle,
a completion prefix and a search word, for bench/run.py.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import sqlite3
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

DEFAULT_NOW = "2026-03-10T09:00:00+00:00"
VERSION = 2  # bump when the data changes, so bench/run.py regenerates its journals
YEARS = 5

FIRST = (
    "alice bob carol dave erin frank grace heidi ivan judy karl laura mallory nina oscar peggy "
    "quentin rupert sybil trent uma victor wendy xavier yara zoe amir bea chen dmitri elena "
    "farah goran hana ines jonas kenji lena mateo noor olga pablo rosa sven tariq ulla vera "
    "wei yusuf zara"
).split()
LAST = (
    "smith jones garcia muller rossi kim nguyen novak silva tanaka cohen okafor larsen dubois "
    "ivanova haddad patel moreau schmidt santos kowalski yilmaz berg fischer walker lopez "
    "brown wilson khan ali sato costa weber klein hughes murphy reyes shah park lee"
).split()
WORDS = (
    "coffee lunch call intro hiring roadmap fundraising advice feedback demo conference kids "
    "travel move promotion launch deck review offsite ml python design pricing contract "
    "birthday wedding hike climbing book podcast referral mentor burnout visa startup"
).split()
SEARCH_WORD = "roadmap"
COMPANIES = "Acme Globex Initech Umbrella Hooli Stark Wayne Tyrell Aperture Cyberdyne".split()
ROLES = "CTO CEO engineer designer investor recruiter PM researcher founder teacher".split()
TAGS = "work investor mentor friend school climbing neighbor founder ml".split()

CIRCLES = [("inner", 0.02, 8.0), ("core", 0.08, 3.0), ("network", 0.60, 1.0), ("periphery", 0.30, 0.3)]
KINDS = (["meeting", "call", "message", "email", "meal", "event", "other"], [25, 20, 25, 12, 8, 5, 5])
EXCHANGE_KINDS = ["intro", "advice", "favor", "referral", "gift", "time", "other"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--interactions", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, required=True, help="journal file to write")
    parser.add_argument("--now", default=DEFAULT_NOW, help="ISO time the data ends at")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser.parse_args(argv)


class Gen:
    """Seeded random helpers producing values in the store's column formats."""

    def __init__(self, seed: int, now: datetime):
        self.rng = random.Random(seed)
        self.now = now.astimezone(timezone.utc).replace(tzinfo=None)
        self.span = YEARS * 365 * 86400

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def at(self, seconds_before_now: float) -> str:
        """SQLAlchemy's SQLite DateTime text for naive UTC: YYYY-MM-DD HH:MM:SS.ffffff."""
        return (self.now - timedelta(seconds=seconds_before_now)).isoformat(" ", "microseconds")

    def note(self) -> str:
        return " ".join(self.rng.sample(WORDS, self.rng.randint(2, 6)))


def make_people(g: Gen, n: int):
    """Rows for person, person_tag, person_alias; plus per-person contact weights."""
    rng = g.rng
    circles = rng.choices([c[0] for c in CIRCLES], [c[1] for c in CIRCLES], k=n)
    boost = {c[0]: c[2] for c in CIRCLES}
    people, tags, aliases, weights = [], [], [], []
    for pid, circle in enumerate(circles, start=1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        handle = f"{first}-{last}-{pid}"
        snoozed = archived = birthday = None
        if rng.random() < 0.01:
            snoozed = g.at(-rng.uniform(1, 60) * 86400)  # in the future
        if rng.random() < 0.02:
            archived = g.at(rng.uniform(0, 700) * 86400)
        if rng.random() < 0.4:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            birthday = f"--{month:02d}-{day:02d}" if rng.random() < 0.2 else (
                f"{rng.randint(1950, 2005)}-{month:02d}-{day:02d}")
        cadence = rng.choice([7, 14, 30, 60, 90, 180]) if rng.random() < 0.05 else None
        emails = json.dumps([f"{first}.{last}.{pid}@example.com"]) if rng.random() < 0.6 else "[]"
        phones = json.dumps([f"+1555{pid:07d}"]) if rng.random() < 0.3 else "[]"
        people.append((
            pid, g.uid(), f"{first.title()} {last.title()}", handle,
            rng.choice(COMPANIES) if rng.random() < 0.5 else None,
            rng.choice(ROLES) if rng.random() < 0.4 else None,
            circle, cadence, birthday,
            "met at " + rng.choice(WORDS) if rng.random() < 0.3 else None,
            rng.choice(WORDS) if rng.random() < 0.2 else None,
            rng.choice(WORDS) if rng.random() < 0.2 else None,
            g.note() if rng.random() < 0.2 else None,
            emails, phones, snoozed, g.at(g.span + rng.uniform(0, 365 * 86400)), archived,
        ))
        if rng.random() < 0.3:
            for tag in rng.sample(TAGS, rng.randint(1, 2)):
                tags.append((pid, tag))
        if rng.random() < 0.01:
            tags.append((pid, "family"))
        if rng.random() < 0.02:
            aliases.append((pid, f"{first}{pid}"))
        # Pareto contact weights, capped so the busiest person gets ~2% of all contact
        # (at L ~20k interactions, ~11 a day) and the top 10% of people ~58%.
        weights.append(min(rng.paretovariate(1.3), 100.0) * boost[circle])
    return people, tags, aliases, weights


def make_interactions(g: Gen, n: int, weights: list[float]):
    """Rows for interaction, interaction_person, exchange, commitment (ids ascend with time)."""
    rng = g.rng
    cum = list(itertools.accumulate(weights))
    total, npeople = cum[-1], len(weights)
    ages = sorted((rng.random() * g.span for _ in range(n)), reverse=True)  # oldest first
    kinds = rng.choices(KINDS[0], KINDS[1], k=n)
    interactions, links, exchanges, commitments = [], [], [], []
    for iid, age in enumerate(ages, start=1):
        at = g.at(age)
        size = 1 if rng.random() < 0.85 else rng.randint(2, 4)
        who = {bisect.bisect(cum, rng.random() * total) for _ in range(size)}
        who = [min(i, npeople - 1) + 1 for i in who]
        r = rng.random()
        sentiment = None if r < 0.6 else (rng.choice((-2, -1)) if r < 0.63 else rng.randint(0, 2))
        interactions.append((
            iid, g.uid(), at, kinds[iid - 1], g.note(),
            rng.choice(("me", "me", "them", "them", None)), sentiment,
            g.at(max(age - rng.uniform(0, 86400), 0)),
        ))
        links.extend((iid, pid, at) for pid in who)
        if rng.random() < 0.10:
            exchanges.append((
                g.uid(), rng.choice(who), iid, rng.choice(("gave", "received")),
                rng.choice(EXCHANGE_KINDS), float(rng.randint(1, 3)), g.note(), at, at,
            ))
        if rng.random() < 0.05:
            commitments.append(make_commitment(g, rng.choice(who), iid, age, at))
    return interactions, links, exchanges, commitments


def make_commitment(g: Gen, pid: int, iid: int, age: float, at: str) -> tuple:
    """A promise made at `age` seconds before now: open, done (maybe late) or dropped."""
    rng = g.rng
    owner = "me" if rng.random() < 0.6 else "them"
    due_age = age - rng.uniform(1, 30) * 86400 if owner == "me" or rng.random() < 0.5 else None
    due = g.at(due_age) if due_age is not None else None
    status, done = "open", None
    settled = 0.97 if age > 90 * 86400 else 0.6  # old promises are mostly settled
    if (due_age is None or due_age > 0) and age > 7 * 86400 and rng.random() < settled:
        r = rng.random()
        status = "dropped" if r < 0.06 else "done"
        if status == "done":
            base = due_age if due_age is not None else age - 7 * 86400
            done = g.at(max(base + rng.uniform(-10, 10) * 86400, 0))  # sometimes after due
    return (g.uid(), pid, iid, owner, g.note(), due, status, done, at)


INSERTS = {
    "person": "INSERT INTO person (id, uid, name, handle, company, role, circle, cadence_days, "
    "birthday, how_met, needs, offers, notes, emails, phones, snoozed_until, created_at, "
    "archived_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "person_tag": "INSERT INTO person_tag (person_id, tag) VALUES (?,?)",
    "person_alias": "INSERT INTO person_alias (person_id, alias) VALUES (?,?)",
    "interaction": "INSERT INTO interaction (id, uid, occurred_at, kind, notes, initiated_by, "
    "sentiment, created_at) VALUES (?,?,?,?,?,?,?,?)",
    "interaction_person": "INSERT INTO interaction_person (interaction_id, person_id, "
    "occurred_at) VALUES (?,?,?)",
    "exchange": "INSERT INTO exchange (uid, person_id, interaction_id, direction, kind, weight, "
    "what, occurred_at, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
    "commitment": "INSERT INTO commitment (uid, person_id, interaction_id, owner, what, due_at, "
    "status, done_at, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
}


def create_schema(path: Path) -> None:
    """Let rmlog create the schema and record its migrations, exactly as on first use."""
    from rmlog.store.engine import open_store

    with open_store(path, write=True):
        pass


def load(path: Path, tables: dict[str, list[tuple]]) -> None:
    """Bulk-insert every table in one transaction, then ANALYZE and go back to WAL."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -1000000")  # ~1 GB, only for the load
        conn.execute("BEGIN")
        for table, rows in tables.items():
            conn.executemany(INSERTS[table], rows)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def busiest(tables: dict[str, list[tuple]]) -> str:
    """Handle of the (unarchived) person with the most interactions."""
    counts: dict[int, int] = {}
    for _, pid, _ in tables["interaction_person"]:
        counts[pid] = counts.get(pid, 0) + 1
    archived = {row[0] for row in tables["person"] if row[17] is not None}
    pid = max((p for p in counts if p not in archived), key=counts.__getitem__)
    return tables["person"][pid - 1][3]


def generate(people: int, interactions: int, seed: int, db: Path, now: str) -> dict:
    """Write the journal to db (atomically: built aside, then renamed) and return its meta."""
    started = time.perf_counter()
    g = Gen(seed, datetime.fromisoformat(now))
    person_rows, tags, aliases, weights = make_people(g, people)
    inter, links, exchanges, commitments = make_interactions(g, interactions, weights)
    tables = {
        "person": person_rows, "person_tag": tags, "person_alias": aliases,
        "interaction": inter, "interaction_person": links,
        "exchange": exchanges, "commitment": commitments,
    }
    built = time.perf_counter()
    tmp = db.with_name(db.name + ".tmp")
    for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-due")):
        stale.unlink(missing_ok=True)
    create_schema(tmp)
    Path(f"{tmp}-due").unlink(missing_ok=True)  # the due snapshot of the empty journal
    load(tmp, tables)
    os.replace(tmp, db)
    meta = {
        "version": VERSION, "people": people, "interactions": interactions, "seed": seed,
        "now": now,
        "rows": {name: len(rows) for name, rows in tables.items()},
        "busiest": busiest(tables),
        "prefix": "ali", "search_word": SEARCH_WORD,
        "seconds": {"build": round(built - started, 1), "load": round(time.perf_counter() - built, 1)},
    }
    meta_path(db).write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def meta_path(db: Path) -> Path:
    return db.with_name(db.name + ".meta.json")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.db.exists() and not args.force:
        print(f"{args.db} exists; pass --force to overwrite", file=sys.stderr)
        return 2
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for old in (args.db, meta_path(args.db), Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
        old.unlink(missing_ok=True)
    started = time.perf_counter()
    meta = generate(args.people, args.interactions, args.seed, args.db, args.now)
    size = args.db.stat().st_size / 1e6
    print(f"wrote {args.db} ({size:.0f} MB) in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{n} {t}" for t, n in meta["rows"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
