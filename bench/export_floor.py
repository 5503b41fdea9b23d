"""The stdlib floor of `rmlog export --format json`: sqlite3 + json writing the same document.

    python bench/export_floor.py JOURNAL.db -o OUT.json --keys "$(.venv/bin/python -c \
        'import json; from rmlog.store.transfer import record_keys; print(json.dumps(record_keys()))')"

The same bytes as rmlog's export (exported_at aside, which is the real clock here), written
the plain way: one query per section in id order, rows streamed, one reusable JSON encoder,
stored UTC times turned into ISO 8601 text by slicing. The record keys are rmlog's own
(--keys: derived from its models, passed in by bench/run.py); nothing of rmlog is imported,
so the time is what reading the tables and writing the JSON costs. bench/run.py times it as
the floor of the export budget; tests never run it.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import defaultdict
from datetime import datetime, timezone

TABLES = {"people": "person", "interactions": "interaction", "exchanges": "exchange",
          "commitments": "commitment", "moves": "circle_move"}
LINKED = {"person": "(SELECT uid FROM person WHERE person.id = t.person_id)",
          "interaction": "(SELECT uid FROM interaction WHERE interaction.id = t.interaction_id)"}
"""Keys that give the row another row refers to, by uid."""
LABELS = ("aliases", "tags", "people")
"""Keys filled from other tables after the row (last in their records)."""
LINKS = """SELECT interaction_person.interaction_id, person.uid FROM interaction_person
    JOIN person ON person.id = interaction_person.person_id ORDER BY interaction_person.interaction_id"""

encode = json.JSONEncoder(ensure_ascii=False).encode


def iso(text):
    """'2026-03-10 09:00:00.000000' (naive UTC, as stored) -> '2026-03-10T09:00:00+00:00'."""
    if text is None:
        return None
    if text.endswith(".000000"):
        return f"{text[:10]}T{text[11:19]}+00:00"
    return f"{text[:10]}T{text[11:]}+00:00"


def records(db, section, keys):
    """(id, record) per row of the section, in id order: the keys that are not LABELS, times
    as ISO text and JSON lists decoded (by the column types the journal declares)."""
    table = TABLES[section]
    types = {row[1]: row[2] for row in db.execute(f"PRAGMA table_info({table})")}
    keys = [key for key in keys if key not in LABELS]
    columns = ", ".join(LINKED.get(key, f"t.{key}") for key in keys)
    times = [1 + i for i, key in enumerate(keys) if types.get(key) == "DATETIME"]
    lists = [1 + i for i, key in enumerate(keys) if types.get(key) == "JSON"]
    for row in db.execute(f"SELECT t.id, {columns} FROM {table} t ORDER BY t.id"):
        values = list(row)
        for i in times:
            values[i] = iso(values[i])
        for i in lists:
            values[i] = json.loads(values[i])
        yield values[0], dict(zip(keys, values[1:]))


def grouped(db, sql):
    groups = defaultdict(list)
    for key, value in db.execute(sql):
        groups[key].append(value)
    return groups


def people(db, keys):
    tags = grouped(db, "SELECT person_id, tag FROM person_tag ORDER BY tag")
    aliases = grouped(db, "SELECT person_id, alias FROM person_alias ORDER BY alias")
    for pid, record in records(db, "people", keys):
        record["aliases"], record["tags"] = aliases.get(pid, []), tags.get(pid, [])
        yield record


def interactions(db, keys):
    links = db.execute(LINKS)
    pending = next(links, None)
    for iid, record in records(db, "interactions", keys):
        uids = []
        while pending is not None and pending[0] <= iid:
            if pending[0] == iid:
                uids.append(pending[1])
            pending = next(links, None)
        uids.sort()
        record["people"] = uids
        yield record


def plain(db, section, keys):
    return (record for _, record in records(db, section, keys))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--keys", required=True, help="rmlog.store.transfer.record_keys() as JSON")
    args = parser.parse_args(argv)
    keys = json.loads(args.keys)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    version = db.execute("SELECT count(*) FROM rmlog_migration").fetchone()[0]
    header = {"rmlog_export": 1, "schema_version": version,
              "exported_at": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")}
    sections = [("people", people(db, keys["people"])), ("interactions", interactions(db, keys["interactions"])),
                *((name, plain(db, name, keys[name])) for name in ("exchanges", "commitments", "moves"))]
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
