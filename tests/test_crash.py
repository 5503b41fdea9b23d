"""A killed import leaves the journal intact and all-or-nothing (issue 10, "a crash test")."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

ROWS = 3000


def run(*args, env, **kwargs):
    return subprocess.run([sys.executable, "-m", "rmlog", *args], env=env, capture_output=True, text=True, **kwargs)


def test_an_import_killed_at_any_point_is_all_or_nothing(tmp_path):
    env = {**os.environ, "RMLOG_DB": str(tmp_path / "base.db"), "RMLOG_NOW": "2026-03-10T09:00"}
    assert run("add", "Alice", env=env).returncode == 0
    assert run("export", "-o", str(tmp_path / "base.json"), env=env).returncode == 0
    doc = json.loads((tmp_path / "base.json").read_text())
    alice = doc["people"][0]["uid"]
    doc["interactions"] = [
        {"uid": f"i{n}", "occurred_at": "2026-01-01T10:00:00+00:00", "notes": "x" * 200, "people": [alice]}
        for n in range(ROWS)
    ]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(doc))

    started = time.monotonic()
    full = dict(env, RMLOG_DB=str(tmp_path / "full.db"))
    assert run("import", str(big), env=full).returncode == 0
    duration = time.monotonic() - started

    outcomes = set()
    for n, fraction in enumerate((0.3, 0.6, 0.9)):
        db = tmp_path / f"killed-{n}.db"
        killed = dict(env, RMLOG_DB=str(db))
        assert run("add", "Alice", env=killed).returncode == 0
        process = subprocess.Popen([sys.executable, "-m", "rmlog", "import", str(big)], env=killed,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            count = conn.execute("select count(*) from interaction").fetchone()[0]
            links = conn.execute("select count(*) from interaction_person").fetchone()[0]
        assert (count, links) in ((0, 0), (ROWS, ROWS)), (fraction, count, links)
        outcomes.add(count)
        assert run("doctor", env=killed).returncode == 0
        assert run("import", str(big), env=killed).returncode == 0  # and it can be done again
    assert 0 in outcomes  # at least one kill landed mid-import
