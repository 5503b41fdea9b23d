"""Mail import against its stdlib floor: `rmlog import BOX.mbox` on a generated mailbox.

    python bench/mail_floor.py --messages 100000 [--workdir bench/out] [--runs 3]

Writes an mbox of N messages (bench/out/mail-N.mbox, reused) in the shape of a real inbox:
threads of 1-6 messages with References, a third of them from or to the user, 200 known
correspondents among 5,000, 10% mailing-list mail, 5% bulk, 5% no-reply notifications, a
body of 5-40 lines each. Then times, interleaved, each in its own process:

- floor: the standard library alone: mailbox.mbox, each message's header lines read up to
  the blank line, BytesHeaderParser, and the eleven header values rmlog uses fetched;
- rmlog: `rmlog import BOX --db fresh.db` with the 200 known people and `config --me` set.

Prints wall time (min, median), CPU time (user + system: on a shared machine the fairer
comparison) and peak RSS (the child's ru_maxrss) of both, and the ratios of medians; run it
at --messages 10000 as well, to show the memory stays flat. Tests never run it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

ME = "me@example.com"
KNOWN = 200
EVERYONE = 5000
WORDS = "plan lunch deck review intro budget launch notes draft call hiring offer trip demo".split()
FLOOR = r'''
import mailbox, sys
from email.parser import BytesHeaderParser
NAMES = ("From", "To", "Cc", "Date", "Message-ID", "References", "In-Reply-To", "Subject",
         "List-Id", "Precedence", "Auto-Submitted")
box, parser, seen = mailbox.mbox(sys.argv[1], factory=None, create=False), BytesHeaderParser(), 0
for key in box.iterkeys():
    with box.get_file(key, from_=False) as handle:
        lines = []
        for line in handle:
            if line in (b"\n", b"\r\n"):
                break
            lines.append(line)
    header = parser.parsebytes(b"".join(lines))
    seen += sum(1 for name in NAMES if header.get(name) is not None)
print(seen)
'''


def address(n: int) -> str:
    return f"Person {n} <person{n}@example.org>"


def generate(path: Path, messages: int, seed: int = 1) -> None:
    """An mbox of about `messages` messages, in threads, oldest first."""
    rng = random.Random(seed)
    start = datetime(2025, 3, 10, 8, tzinfo=timezone.utc)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < messages:
            thread = rng.randrange(1 << 40)
            sent = start + timedelta(minutes=rng.randrange(365 * 24 * 60))
            other = rng.randrange(KNOWN) if rng.random() < 0.5 else rng.randrange(EVERYONE)
            kind = rng.random()
            subject = " ".join(rng.choices(WORDS, k=3))
            ids: list[str] = []
            for n in range(min(rng.randint(1, 6), messages - written)):
                own = f"<{thread}.{n}@example.org>"
                mine = n % 2 == (0 if rng.random() < 0.3 else 1)
                sender, to = (f"Me <{ME}>", address(other)) if mine else (address(other), f"Me <{ME}>")
                extra = ""
                if kind < 0.10:
                    sender, to = address(other), "list@lists.example.org"
                    extra = "List-Id: <list.lists.example.org>\nPrecedence: list\n"
                elif kind < 0.15:
                    extra = "Precedence: bulk\n"
                elif kind < 0.20:
                    sender = "GitHub <noreply@github.com>"
                refs = f"In-Reply-To: {ids[-1]}\nReferences: {' '.join(ids)}\n" if ids else ""
                out.write(
                    f"From {ME} {sent:%a %b %d %H:%M:%S %Y}\n"
                    f"Return-Path: <{ME}>\nReceived: from mx.example.org by mail.example.com; "
                    f"{format_datetime(sent)}\nDate: {format_datetime(sent)}\nFrom: {sender}\nTo: {to}\n"
                    f"Subject: {'Re: ' if ids else ''}{subject}\nMessage-ID: {own}\n{refs}{extra}"
                    "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
                    + "".join(" ".join(rng.choices(WORDS, k=10)) + "\n" for _ in range(rng.randint(5, 40)))
                    + "\n"
                )
                ids.append(own)
                sent += timedelta(minutes=rng.randint(5, 600))
                written += 1


def run(command: list[str], env: dict) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process."""
    began = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}: {child.stderr.read().decode()[-500:]}")
    child.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def journal(workdir: Path, env: dict) -> Path:
    """A journal with the known correspondents, copied fresh for every timed import."""
    path = workdir / f"mail-{KNOWN}-people.db"
    if not path.exists():
        people = workdir / "mail-people.csv"
        people.write_text("name,emails\n" + "".join(f"Person {n},person{n}@example.org\n" for n in range(KNOWN)))
        subprocess.run([str(Path(sys.executable).with_name("rmlog")), "import", str(people), "--db", str(path)],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    box = args.workdir / f"mail-{args.messages}.mbox"
    if not box.exists():
        generate(box, args.messages)
    config = Path(tempfile.mkdtemp())
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "RMLOG_NOW": "2026-03-10T09:00:00+00:00"}
    rmlog = str(Path(sys.executable).with_name("rmlog"))
    subprocess.run([rmlog, "config", "--me", ME], env=env, check=True, stdout=subprocess.DEVNULL)
    known = journal(args.workdir, env)
    floor, imports = [], []
    for _ in range(args.runs):
        floor.append(run([sys.executable, "-c", FLOOR, str(box)], env))
        fresh = args.workdir / "mail-import.db"
        shutil.copy(known, fresh)
        imports.append(run([rmlog, "import", str(box), "--db", str(fresh)], env))
        fresh.unlink()
    shutil.rmtree(config)
    print(f"| {args.messages:,} messages ({box.stat().st_size >> 20} MB) | wall min s | wall median s "
          "| CPU median s | peak RSS MB |")
    print("| --- | --- | --- | --- | --- |")
    for name, runs in (("floor", floor), ("rmlog import", imports)):
        print(f"| {name} | {min(r[0] for r in runs):.2f} | {statistics.median(r[0] for r in runs):.2f} "
              f"| {statistics.median(r[1] for r in runs):.2f} | {max(r[2] for r in runs)} |")
    for label, index in (("wall", 0), ("CPU", 1)):
        ratio = statistics.median(r[index] for r in imports) / statistics.median(r[index] for r in floor)
        print(f"\nratio of {label} medians: {ratio:.2f}x")


if __name__ == "__main__":
    main()
