"""What a command's imports cost, from `python -X importtime -m rmlog ...`, median of runs.

    python bench/imports.py --db JOURNAL [--runs 7] [--src OLD/src --src src] [--handle HANDLE]

For each command: the wall and CPU time (user + sys) of a whole run without -X importtime,
then from runs with it the total import time (the top-level imports' cumulative sum), the
cumulative time of the packages that matter for start-up where the command first imports
them (0 when it does not), and the number of modules; all in ms, medians. With several --src (source
trees put first on PYTHONPATH, such as an older commit's `git archive`), their runs
alternate, so a busy machine slows each alike. bench/RESULTS.md records the results.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

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


def wall_and_cpu_ms(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and user + sys CPU time of one run of the command, in ms."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, "-m", "rmlog", *argv], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall * 1000, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--now", default="2026-03-10T09:00:00+00:00")
    parser.add_argument("--handle", default="ada-lovelace")
    parser.add_argument("--src", action="append", default=[], help="a source tree to run (default: installed)")
    args = parser.parse_args()
    env = {**os.environ, "RMLOG_DB": args.db, "RMLOG_NOW": args.now, "NO_COLOR": "1"}
    trees = {src: {**env, "PYTHONPATH": os.path.abspath(src)} for src in args.src} or {"installed": env}
    columns = ["total", *WATCHED, "modules"]
    print("| command | src | wall | CPU | " + " | ".join(columns) + " |")
    print("| --- " * (len(columns) + 4) + "|")
    for command in COMMANDS:
        argv = [word.format(handle=args.handle) for word in command]
        whole: dict[str, list[tuple[float, float]]] = {src: [] for src in trees}
        times: dict[str, list[dict[str, int]]] = {src: [] for src in trees}
        for _ in range(args.runs):
            for src, tree_env in trees.items():
                whole[src].append(wall_and_cpu_ms(argv, tree_env))
                times[src].append(import_times(argv, tree_env))
        for src, runs in times.items():
            medians = [statistics.median(run.get(name, 0) for run in runs) for name in columns]
            cells = [f"{statistics.median(run[0] for run in whole[src]):.0f}",
                     f"{statistics.median(run[1] for run in whole[src]):.0f}"]
            cells += [f"{value / 1000:.1f}" for value in medians[:-1]]
            print(f"| {' '.join(argv)} | {src} | " + " | ".join([*cells, f"{medians[-1]:.0f}"]) + " |", flush=True)


if __name__ == "__main__":
    main()
