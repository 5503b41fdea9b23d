"""Time whole rmlog processes on generated journals and check the budgets of bench/README.md.

    .venv/bin/python bench/run.py --scales S,M,L --runs 5

Journals S (100 people / 2k interactions), M (1k / 50k) and L (10k / 1M), and XL (50k / 5M)
when asked for (--scales S,M,L,XL; not in the default run: it takes minutes to generate), are generated
under --workdir by bench/generate.py, or reused when one with the same scale and seed is
there. Every command runs as its own process through the venv's `rmlog` console script
(what users run) with RMLOG_DB on the journal and RMLOG_NOW pinned to the generator's now.
Wall time is time.perf_counter around spawn-to-exit; peak RSS is the child's own ru_maxrss
from os.wait4. Each (command, scale) runs once untimed to warm caches, then --runs times,
interleaved with the floors so that drift hits everything alike. The budgets are
paired: each timed run is set against the floor's run of the same round, and the median of
those ratios or differences is judged; the middle half of the pairs is printed with it, and
a verdict whose middle half straddles the limit says "noisy".

Children run without PYTHONDONTWRITEBYTECODE, whatever the caller's environment says: a
user's install has its .pyc files, and the untimed warm-up run writes any that are missing.

Commands that do not exist yet ("No such command", exit 2) are reported as n/a and fail no
budget. Exit status 1 if any budget fails, else 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (bench/generate.py, next to this file)

SCALES = {"S": (100, 2_000), "M": (1_000, 50_000), "L": (10_000, 1_000_000), "XL": (50_000, 5_000_000)}
DEFAULT_SCALES = "S,M,L"  # XL is optional: generating it takes minutes and ~6 GB of RAM
XL_COMMANDS = ("due", "log", "show", "people", "balance", "review", "export")  # held to 100 MB at XL
RMLOG = str(Path(sys.executable).with_name("rmlog"))
FLOORS = {
    "F_py": "pass",
    "F_cli": "import typer; typer.run(lambda: None)",
    "F_db": "import sqlmodel, rich.table, typer; typer.run(lambda: None)",
}


@dataclass
class Command:
    """One benchmarked command line; `args` gets the journal's meta (busiest handle, ...)."""

    name: str
    args: object  # callable(meta) -> list[str]
    floor: str = "F_db"
    env: object = None  # callable(meta) -> dict
    writes: bool = False  # run on a throwaway copy of the journal
    argv: object = None  # callable(db) -> the whole command line, when it is not rmlog
    prepare: object = None  # callable(db), before every run
    exits: tuple = (0,)  # exit codes that mean it worked


def stale_snapshot(db: Path) -> None:
    """Remove the due snapshot, so that `prompt` recomputes it (see rmlog.snapshot)."""
    Path(f"{db}-due").unlink(missing_ok=True)


def export_keys() -> str:
    """The record keys of rmlog's export, as export_floor.py takes them (from the models)."""
    import json

    from rmlog.store.transfer import record_keys

    return json.dumps(record_keys())


COMMANDS = [
    Command("help", lambda m: ["--help"], floor="F_cli"),
    Command("complete", lambda m: [], floor="F_cli", env=lambda m: {
        "_RMLOG_COMPLETE": "bash", "_RMLOG_COMPLETE_ARGS": f"rmlog show {m['prefix']}"}),
    Command("log", lambda m: ["log", m["busiest"], "-m", "bench run", "--kind", "call"], writes=True),
    Command("due", lambda m: ["due"]),
    Command("due --json", lambda m: ["due", "--json"]),
    Command("show", lambda m: ["show", m["busiest"]]),
    Command("people", lambda m: ["people"]),
    Command("balance", lambda m: ["balance"]),
    Command("review", lambda m: ["review"]),
    Command("plan", lambda m: ["plan"]),
    Command("search", lambda m: ["search", m["search_word"]]),
    Command("search-miss", lambda m: ["search", "zeppelin"]),  # no hit: the full-scan worst case
    Command("export", lambda m: ["export", "--format", "json", "-o", os.devnull]),
    Command("export-floor", None, argv=lambda db: [
        sys.executable, str(Path(__file__).with_name("export_floor.py")), str(db), "-o", os.devnull,
        "--keys", export_keys()]),
    Command("prompt", lambda m: ["prompt"], floor="F_py"),
    Command("exit-code", lambda m: ["due", "--exit-code", "--quiet"], floor="F_py", exits=(0, 1)),
    # On the journal itself: it leaves a fresh snapshot behind, for `prompt` in the next round.
    Command("prompt-stale", lambda m: ["prompt"], prepare=stale_snapshot),
]

# Every budget judged on the median of paired runs: (command, scale, kind, value,
# floor); kind "x" = × floor, "+" = floor + ms, "rss" = peak MB; floor is a FLOORS name or a
# command run at the same scale.
BUDGETS = [
    ("help", "*", "x", 1.3, "F_cli"),
    *[(c, s, "x", 3, "F_py") for c in ("prompt", "exit-code") for s in SCALES],
    ("complete", "L", "x", 3, "F_py"),
    *[(c, "M", "+", 100, "F_db") for c in ("due", "log", "show")],
    *[(c, "L", "+", 150, "F_db") for c in ("due", "log", "show")],
    *[(c, "L", "+", 400, "F_db") for c in ("balance", "review", "plan")],
    *[(c, "L", "+", 50, "F_db") for c in ("search", "search-miss")],  # issue 24: the full-text index
    ("people", "L", "+", 150, "F_db"),
    ("prompt-stale", "M", "+", 100, "F_db"), ("prompt-stale", "L", "+", 150, "F_db"),
    ("export", "L", "x", 1.25, "export-floor"),
    ("export", "L", "rss", 150, ""),
    # XL (optional): history keeps growing, the commands of every day do not.
    *[(c, "XL", "+", 150, "F_db") for c in ("due", "log", "show")],
    ("people", "XL", "+", 300, "F_db"),  # piped, as every command here is
    *[(c, "XL", "rss", 100, "") for c in XL_COMMANDS],
]


@dataclass
class Result:
    """Timings of one (command, scale): status ok, n/a or error."""

    status: str = "ok"
    note: str = ""
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)

    @property
    def min_ms(self) -> float:
        return min(self.seconds) * 1000

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


def spawn(argv: list[str], env: dict) -> tuple[float, int, int, str, str]:
    """Run argv to completion: (wall seconds, child's peak RSS in kB, exit code, out, err)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        text = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return elapsed, usage.ru_maxrss, proc.returncode, *text


def journal(workdir: Path, scale: str, seed: int, now: str) -> tuple[Path, dict]:
    """The scale's journal and its meta, generated unless already there for this seed."""
    import json

    people, interactions = SCALES[scale]
    db = workdir / f"{scale}-{people}p-{interactions}i-s{seed}.db"
    meta_file = generate.meta_path(db)
    if db.exists() and meta_file.exists():
        meta = json.loads(meta_file.read_text())
        if meta.get("now") == now and meta.get("version") == generate.VERSION:
            return db, meta
    # In a child process: a big parent would inflate every later child's ru_maxrss on Linux.
    print(f"generating {scale} ({people} people, {interactions} interactions) ...", flush=True)
    subprocess.run([sys.executable, str(Path(generate.__file__)), "--people", str(people),
                    "--interactions", str(interactions), "--seed", str(seed), "--now", now,
                    "--db", str(db), "--force"], check=True)
    return db, json.loads(meta_file.read_text())


def base_environment() -> dict:
    """The caller's environment without rmlog's variables and without PYTHONDONTWRITEBYTECODE."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("RMLOG_", "_RMLOG_")) and k != "PYTHONDONTWRITEBYTECODE"}


def environment(db: Path, now: str, extra: dict | None = None) -> dict:
    env = base_environment()
    env.update(RMLOG_DB=str(db), RMLOG_NOW=now, COLUMNS="120", **(extra or {}))
    return env


def classify(cmd: Command, meta: dict, code: int, out: str, err: str) -> tuple[str, str]:
    """ok / n/a / error for a warm-up run of cmd."""
    first_err = err.strip().splitlines()[-1] if err.strip() else ""
    if code == 2 and "No such command" in err:
        return "n/a", "no such command yet"
    if cmd.name == "complete":
        if "not supported" in err:
            return "n/a", f"completion not wired: {first_err}"
        lines = out.split()
        if not lines or not all(h.startswith(meta["prefix"]) for h in lines):
            return "error", f"printed no handles: {out[:60]!r} {first_err}"
    if code not in cmd.exits:
        return "error", f"exit {code}: {first_err[:100]}"
    return "ok", ""


def measure(scales: dict, commands: list[Command], runs: int, workdir: Path) -> tuple[dict, dict]:
    """Warm up and classify every (command, scale), then time them with the floors, interleaved."""
    jobs = []
    for scale, (db, meta) in scales.items():
        copy = workdir / f"{scale}.scratch.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(db, copy)
        for cmd in commands:
            target = copy if cmd.writes else db
            env = environment(target, meta["now"], cmd.env and cmd.env(meta))
            argv = cmd.argv(target) if cmd.argv else [RMLOG, *cmd.args(meta)]
            jobs.append((cmd, scale, argv, env, target))
    results = {}
    for cmd, scale, argv, env, target in jobs:
        if cmd.prepare:
            cmd.prepare(target)
        _, _, code, out, err = spawn(argv, env)
        results[cmd.name, scale] = Result(*classify(cmd, scales[scale][1], code, out, err))
    floors = {name: Result() for name in FLOORS}
    for _ in range(runs + 1):  # the first round warms the floors
        for name, code in FLOORS.items():
            seconds, rss, _, _, _ = spawn([sys.executable, "-c", code], base_environment())
            floors[name].seconds.append(seconds)
        for cmd, scale, argv, env, target in jobs:
            result = results[cmd.name, scale]
            if result.status == "ok":
                if cmd.prepare:
                    cmd.prepare(target)
                seconds, rss, code, _, err = spawn(argv, env)
                result.seconds.append(seconds)
                result.rss_kb.append(rss)
    for result in floors.values():
        del result.seconds[0]
    return results, floors


def concurrency(db: Path, meta: dict, workdir: Path, workers: int = 8, writes: int = 50) -> str:
    """`workers` threads each run `writes` sequential `rmlog log` processes on a fresh S copy."""
    target = workdir / "concurrency.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, target)
    count = "SELECT count(*) FROM interaction"
    before = sqlite3.connect(target).execute(count).fetchone()[0]
    env = environment(target, meta["now"])
    failures: list[str] = []
    log_file = workdir / "concurrency-errors.txt"

    def worker(w: int) -> None:
        for i in range(writes):
            _, _, code, _, err = spawn([RMLOG, "log", meta["busiest"], "-m", f"c{w}-{i}"], env)
            if code != 0 or err.strip():
                last = err.strip().splitlines()[-1] if err.strip() else ""
                failures.append(f"worker {w} write {i}: exit {code}: {last[:120]}")
                with lock, log_file.open("a") as out:
                    out.write(f"--- worker {w} write {i}: exit {code}\n{err}\n")

    lock = threading.Lock()
    log_file.unlink(missing_ok=True)
    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    added = sqlite3.connect(target).execute(count).fetchone()[0] - before
    ok = added == workers * writes and not failures
    detail = f"{added} rows added, {len(failures)} errors, {elapsed:.0f} s"
    if failures:
        detail += f"; first: {failures[0]} (all stderr in {log_file})"
    return ("✓ " if ok else "✗ ") + detail


def fmt_row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def results_table(results: dict, floors: dict, scale_names: list[str]) -> list[str]:
    lines = [fmt_row(["command", "scale", "min ms", "median ms", "floor", "× floor (medians)",
                      "+ms over floor (medians)", "peak RSS MB"]), fmt_row(["---"] * 8)]
    for name, floor in floors.items():
        lines.append(fmt_row([f"*{name}*", "", f"{floor.min_ms:.0f}", f"{floor.median_ms:.0f}",
                              "", "", "", ""]))
    for cmd in COMMANDS:
        for scale in scale_names:
            r = results.get((cmd.name, scale))
            if r is None:
                continue
            if r.status != "ok":
                lines.append(fmt_row([cmd.name, scale, r.status, r.note, "", "", "", ""]))
                continue
            f = floors[cmd.floor]
            lines.append(fmt_row([
                cmd.name, scale, f"{r.min_ms:.0f}", f"{r.median_ms:.0f}", cmd.floor,
                f"{r.median_ms / f.median_ms:.2f}", f"{r.median_ms - f.median_ms:+.0f}",
                f"{max(r.rss_kb) / 1024:.0f}"]))
    return lines


def growth_table(results: dict, scale_names: list[str]) -> list[str]:
    """The commands that must stay flat as history grows, side by side from M up."""
    big = [s for s in ("M", "L", "XL") if s in scale_names]
    lines = [fmt_row(["command", *[f"{s} median ms" for s in big], f"{big[-1]} / M"]), fmt_row(["---"] * (len(big) + 2))]
    for name in ("due", "log", "show"):
        runs = [results.get((name, s)) for s in big]
        if all(r and r.status == "ok" for r in runs):
            lines.append(fmt_row([name, *[f"{r.median_ms:.0f}" for r in runs],
                                  f"{runs[-1].median_ms / runs[0].median_ms:.2f} ×"]))
        else:
            lines.append(fmt_row([name, *[r.status if r else "-" for r in runs], ""]))
    return lines


INDEX_BUILD = """
import sys, time
from sqlalchemy import create_engine
from rmlog.store import fulltext
engine = create_engine("sqlite:///" + sys.argv[1])
with engine.begin() as conn:
    fulltext.drop(conn)
with engine.begin() as conn:
    started = time.perf_counter()
    fulltext.create(conn)
    print(time.perf_counter() - started)
"""


def search_index(db: Path, workdir: Path, seconds: float = 60, share: float = 0.60) -> tuple[list[str], bool]:
    """Issue 24: build the full-text index afresh on a copy of the journal (what migration
    m009 does to an existing one) in a child process, and its size against the journal's:
    build <= `seconds`, index <= `share` of the journal without it. Budget rows, and whether
    both hold."""
    target = workdir / "index.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, target)
    run = subprocess.run([sys.executable, "-c", INDEX_BUILD, str(target)], capture_output=True, text=True)
    if run.returncode:
        return [fmt_row(["search index build", run.stderr.strip().splitlines()[-1][:120], "", "✗ error"])], False
    built = float(run.stdout.split()[-1])
    with sqlite3.connect(target) as conn:
        conn.execute("VACUUM")  # the dropped index's pages, gone
        index, total = conn.execute(
            "SELECT sum(CASE WHEN name LIKE 'rmlog_search%' THEN pgsize END), sum(pgsize) FROM dbstat").fetchone()
    ratio = index / (total - index)
    rows = [
        fmt_row(["search index build", f"{built:.1f} s", f"{seconds:.0f} s", "✓" if built <= seconds else "✗"]),
        fmt_row(["search index size", f"{index / 1e6:.0f} MB = {ratio:.0%} of the journal's "
                 f"{(total - index) / 1e6:.0f} MB", f"{share:.0%}", "✓" if ratio <= share else "✗"]),
    ]
    return rows, built <= seconds and ratio <= share


def verdicts(results: dict, floors: dict, scale_names: list[str]) -> tuple[list[str], bool]:
    """One row per budget whose command (and floor) ran; returns the lines and whether any
    failed. Judged on the median of the paired runs; when the middle half of the pairs
    straddles the limit the verdict says "noisy" (the median still decides)."""
    lines = [fmt_row(["budget", "median of paired runs (middle half)", "limit", "verdict"]), fmt_row(["---"] * 4)]
    failed = False
    for name, scale, kind, value, floor_name in BUDGETS:
        scale = scale_names[-1] if scale == "*" else scale
        r = results.get((name, scale))
        f = floors.get(floor_name) or results.get((floor_name, scale))
        if r is None or scale not in scale_names or (f is None and kind != "rss"):
            continue
        label = f"`{name}` at {scale}" + (" peak RSS" if kind == "rss" else "")
        if r.status != "ok" or (f is not None and f.status != "ok"):
            failed |= "n/a" not in (r.status, getattr(f, "status", ""))
            lines.append(fmt_row([label, r.note or f.note, "", "n/a" if r.status == "n/a" else "✗ error"]))
            continue
        if kind == "rss":
            got = max(r.rss_kb) / 1024
            ok = got <= value
            failed |= not ok
            lines.append(fmt_row([label, f"{got:.0f} MB", f"{value} MB", "✓" if ok else "✗"]))
            continue
        pairs = list(zip(r.seconds, f.seconds))
        values = [a / b for a, b in pairs] if kind == "x" else [(a - b) * 1000 for a, b in pairs]
        got, (low, high) = statistics.median(values), _middle_half(values)
        ok = got <= value
        unit = (lambda v: f"{v:.2f} ×") if kind == "x" else (lambda v: f"{v:+.0f} ms")
        shown = f"{floor_name} {unit(got)}" if kind == "+" else f"{unit(got)} {floor_name}"
        limit = f"{value} × {floor_name}" if kind == "x" else f"{floor_name} + {value} ms"
        noisy = low <= value < high
        failed |= not ok
        lines.append(fmt_row([label, f"{r.median_ms:.0f} ms; {shown} ({unit(low)} .. {unit(high)})", limit,
                              ("✓" if ok else "✗") + (" noisy" if noisy else "")]))
    return lines, failed


def _middle_half(values: list[float]) -> tuple[float, float]:
    """The first and third quartiles (both the value itself for one run)."""
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def machine() -> str:
    mem = ""
    try:
        kb = int(next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs{mem}, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default=DEFAULT_SCALES, help="comma-separated, of S,M,L,XL (XL is optional)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--now", default=generate.DEFAULT_NOW)
    parser.add_argument("--only", default="", help="comma-separated command names "
                        "(e.g. due,show,concurrency); default all")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scale_names = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in scale_names if s not in SCALES]
    if unknown or args.runs < 1:
        print(f"bad --scales/--runs: use scales from {', '.join(SCALES)}", file=sys.stderr)
        return 2
    scale_names.sort(key=list(SCALES).index)
    only = {o.strip() for o in args.only.split(",") if o.strip()}
    if "export" in only:
        only.add("export-floor")  # the floor of its budget
    commands = [c for c in COMMANDS if not only or c.name in only]
    args.workdir.mkdir(parents=True, exist_ok=True)
    scales = {s: journal(args.workdir, s, args.seed, args.now) for s in scale_names}

    print(f"timing {len(commands)} commands × {len(scale_names)} scales × {args.runs} runs ...",
          flush=True)
    results, floors = measure(scales, commands, args.runs, args.workdir)
    budget_lines, failed = verdicts(results, floors, scale_names)
    print(f"\n{machine()}; {args.runs} runs; times are whole processes in ms\n")
    print("\n".join(results_table(results, floors, scale_names)))
    if "M" in scale_names and len(scale_names) > scale_names.index("M") + 1 and (not only or only & {"due", "log", "show"}):
        print("\nGrowth with history (must stay flat):\n")
        print("\n".join(growth_table(results, scale_names)))
    if not only or "concurrency" in only:
        print("\nRunning the concurrency check (8 processes × 50 writes) ...", flush=True)
        small = scales.get("S") or journal(args.workdir, "S", args.seed, args.now)
        verdict = concurrency(*small, args.workdir)
        failed |= verdict.startswith("✗")
        budget_lines.append(fmt_row(["8 concurrent `log` × 50 writes on S", verdict[2:],
                                     "400 rows, no error", verdict[0]]))
    if (not only or "index" in only) and "L" in scales:
        print("\nBuilding the search index on a copy of L ...", flush=True)
        rows, ok = search_index(scales["L"][0], args.workdir)
        failed |= not ok
        budget_lines.extend(rows)
    print("\nBudgets (medians of paired runs):\n")
    print("\n".join(budget_lines))
    print(f"\n{'SOME BUDGETS FAIL' if failed else 'all budgets hold'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
