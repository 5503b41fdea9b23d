"""The stdlib floor of `rmlog export --format json`: sqlite3 + json writing the same document.

    python bench/export_floor.py JOURNAL.db -o OUT.json

The same bytes as rmlog's export (exported_at aside, which is the real clock here), written
the plain way: one query per section in id order, rows streamed, one reusable JSON encoder,
stored UTC times turned into ISO 8601 text by slicing. Nothing else is imported, so the
time is what reading the tables and writing the JSON costs. bench/run.py times it as the
floor of the export budget; tests never run it.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import defaultdict
from datetime import datetime, timezone

PEOPLE = """SELECT id, uid, name, handle, emails, phones, company, role, circle, cadence_days, cadence_max_days, birthday,
    how_met, needs, offers, notes, snoozed_until, created_at, archived_at, updated_at
    FROM person ORDER BY id"""
PERSON_KEYS = ("uid", "name", "handle", "emails", "phones", "company", "role", "circle", "cadence_days",
               "cadence_max_days", "birthday", "how_met", "needs", "offers", "notes", "snoozed_until", "created_at",
               "archived_at", "updated_at")
INTERACTIONS = """SELECT id, uid, occurred_at, kind, notes, initiated_by, sentiment, created_at, updated_at,
    source FROM interaction ORDER BY id"""
INTERACTION_KEYS = ("uid", "occurred_at", "kind", "notes", "initiated_by", "sentiment", "created_at",
                    "updated_at", "source")
LINKS = """SELECT interaction_person.interaction_id, person.uid FROM interaction_person
    JOIN person ON person.id = interaction_person.person_id ORDER BY interaction_person.interaction_id"""
LEDGER = """SELECT t.id, t.uid, (SELECT uid FROM person WHERE person.id = t.person_id),
    (SELECT uid FROM interaction WHERE interaction.id = t.interaction_id), {columns} FROM {table} t ORDER BY t.id"""
EXCHANGE_KEYS = ("uid", "person", "interaction", "direction", "kind", "weight", "what", "occurred_at",
                 "created_at", "updated_at")
COMMITMENT_KEYS = ("uid", "person", "interaction", "owner", "what", "due_at", "status", "done_at",
                   "created_at", "updated_at")
MOVES = """SELECT m.id, (SELECT uid FROM person WHERE person.id = m.person_id), m.from_circle, m.to_circle, m.why,
    m.at FROM circle_move m ORDER BY m.id"""
MOVE_KEYS = ("person", "from_circle", "to_circle", "why", "at")
TIMES = {"snoozed_until", "created_at", "archived_at", "updated_at", "occurred_at", "due_at", "done_at", "at"}

encode = json.JSONEncoder(ensure_ascii=False).encode


def iso(text):
    """'2026-03-10 09:00:00.000000' (naive UTC, as stored) -> '2026-03-10T09:00:00+00:00'."""
    if text is None:
        return None
    if text.endswith(".000000"):
        return f"{text[:10]}T{text[11:19]}+00:00"
    return f"{text[:10]}T{text[11:]}+00:00"


def records(rows, keys):
    """(id, record) per row (id, *values): values keyed by keys, times as ISO text."""
    times = [1 + i for i, key in enumerate(keys) if key in TIMES]
    for row in rows:
        values = list(row)
        for i in times:
            values[i] = iso(values[i])
        yield values[0], dict(zip(keys, values[1:]))


def grouped(db, sql):
    groups = defaultdict(list)
    for key, value in db.execute(sql):
        groups[key].append(value)
    return groups


def people(db):
    tags = grouped(db, "SELECT person_id, tag FROM person_tag ORDER BY tag")
    aliases = grouped(db, "SELECT person_id, alias FROM person_alias ORDER BY alias")
    for pid, record in records(db.execute(PEOPLE), PERSON_KEYS):
        record["emails"], record["phones"] = json.loads(record["emails"]), json.loads(record["phones"])
        record["aliases"], record["tags"] = aliases.get(pid, []), tags.get(pid, [])
        yield record


def interactions(db):
    links = db.execute(LINKS)
    pending = next(links, None)
    for iid, record in records(db.execute(INTERACTIONS), INTERACTION_KEYS):
        uids = []
        while pending is not None and pending[0] <= iid:
            if pending[0] == iid:
                uids.append(pending[1])
            pending = next(links, None)
        uids.sort()
        record["people"] = uids
        yield record


def ledger(db, table, keys):
    sql = LEDGER.format(columns=", ".join(f"t.{key}" for key in keys[3:]), table=table)
    return (record for _, record in records(db.execute(sql), keys))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    version = db.execute("SELECT count(*) FROM rmlog_migration").fetchone()[0]
    header = {"rmlog_export": 1, "schema_version": version,
              "exported_at": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")}
    sections = [("people", people(db)), ("interactions", interactions(db)),
                ("exchanges", ledger(db, "exchange", EXCHANGE_KEYS)),
                ("commitments", ledger(db, "commitment", COMMITMENT_KEYS)),
                ("moves", (record for _, record in records(db.execute(MOVES), MOVE_KEYS)))]
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        out.write("{" + ",\n".join(f"{encode(k)}: {encode(v)}" for k, v in header.items()))
        for name, rows in sections:
            out.write(f",\n{encode(name)}: [")
            separator = "\n"
            for record in rows:
                out.write(separator + encode(record))
                separator = ",\n"
            out.write("\n]")
        out.write("\n}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
