"""What a command's imports cost, from `python -X importtime -m rmlog ...`, median of runs.

    python bench/imports.py --db JOURNAL [--runs 7] [--now 2026-03-10T09:00:00+00:00]

For each command: the total import time (the top-level imports' cumulative sum), the
cumulative time of the packages that matter for start-up where the command first imports
them (0 when it does not), and the number of modules. Run it on a quiet machine; on a busy
one compare only figures taken back to back. bench/RESULTS.md records the results.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

COMMANDS = [["--help"], ["people", "--help"], ["due"], ["people"], ["show", "{handle}"], ["balance"], ["review"],
            ["search", "the"]]
WATCHED = ["typer._adapters", "pydantic", "sqlalchemy", "sqlalchemy.orm", "sqlmodel", "rmlog.store.models",
           "rmlog.store.tables"]


def import_times(argv: list[str], env: dict[str, str]) -> dict[str, int]:
    """Cumulative µs of each module at its first import, and "total" (top level summed)."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "rmlog", *argv], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    times: dict[str, int] = {"total": 0, "modules": 0}
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        times.setdefault(name.strip(), int(cumulative))
        times["modules"] += 1
        if not name.startswith("  "):  # one space after the bar: imported at the top level
            times["total"] += int(cumulative)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--now", default="2026-03-10T09:00:00+00:00")
    parser.add_argument("--handle", default="ada-lovelace")
    args = parser.parse_args()
    env = {**os.environ, "RMLOG_DB": args.db, "RMLOG_NOW": args.now, "NO_COLOR": "1"}
    columns = ["total", *WATCHED, "modules"]
    print("| command | " + " | ".join(columns) + " |")
    print("| --- " * (len(columns) + 1) + "|")
    for command in COMMANDS:
        argv = [word.format(handle=args.handle) for word in command]
        runs = [import_times(argv, env) for _ in range(args.runs)]
        medians = [statistics.median(run.get(name, 0) for run in runs) for name in columns]
        cells = [f"{value / 1000:.1f}" for value in medians[:-1]] + [f"{medians[-1]:.0f}"]
        print(f"| {' '.join(argv)} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
