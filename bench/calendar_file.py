"""Write a large .ics export for timing `rmlog import` (not part of the test suite).

    .venv/bin/python bench/calendar_file.py --events 100000 -o /tmp/100k.ics

Each event is a one-off meeting in the two years before 2026-03-10 with an organizer and
two attendees drawn from 2,000 addresses, as a busy work calendar exports them.
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta, timezone

START = datetime(2024, 3, 10, tzinfo=timezone.utc)


def event(number: int, rng: random.Random) -> str:
    start = START + timedelta(minutes=30 * rng.randrange(2 * 365 * 48))
    people = rng.sample(range(2000), 2)
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:bench-{number}@example.com\r\n"
        "DTSTAMP:20260301T000000Z\r\n"
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\n"
        f"DTEND:{start + timedelta(minutes=30):%Y%m%dT%H%M%SZ}\r\n"
        f"SUMMARY:Meeting {number}\r\n"
        "ORGANIZER;CN=Me:mailto:me@example.com\r\n"
        + "".join(f"ATTENDEE;CN=Person {p};PARTSTAT=ACCEPTED:mailto:p{p}@example.com\r\n"
                  for p in people)
        + "END:VEVENT\r\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", required=True)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with open(options.output, "w", encoding="utf-8", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//rmlog bench//EN\r\n")
        for number in range(options.events):
            out.write(event(number, rng))
        out.write("END:VCALENDAR\r\n")


if __name__ == "__main__":
    main()
