"""A small fixed journal that exercises every human view, and the views to render from it.

Built with the conftest clock (RMLOG_NOW 2026-03-10 09:00, Europe/Berlin). To look at it in a
real terminal:  RMLOG_NOW=2026-03-10T09:00:00 TZ=Europe/Berlin RMLOG_DB=/tmp/demo.db \
python tests/views.py && rmlog show alice  (with the same variables set).
"""

from __future__ import annotations

ALICE_WEEKS = [1, 2, 2, 3, 5, 6, 6, 6, 9, 12, 13, 17, 20, 21, 26, 30, 31, 33, 40, 44, 45, 46, 48]
"""Weeks ago (before her last contact) of Alice's meetings: the strip in `show` shades them."""

JOURNAL: list[tuple[str, ...]] = [
    ("add", "Alice Smith", "--circle", "inner", "--tag", "investor", "--company", "Acme", "--role", "CTO",
     "--needs", "ML hires for the new research team", "--offers", "fundraising advice", "--alias", "Ali",
     "--email", "alice@acme.example"),
    ("add", "Bob Jones", "--circle", "core", "--tag", "mentor", "--birthday", "1980-03-14"),
    ("add", "Carla Mendes-Oliveira", "--needs", "a designer for the onboarding flow"),
    ("add", "Dan Wu", "--circle", "periphery", "--cadence", "3w"),
    ("add", "Eve Adams", "--circle", "inner"),
    ("add", "Alice Smith", "--circle", "network"),
    ("add", "Frank Old", "--circle", "core"),
    ("add", "Grace Hopper", "--circle", "core"),
    *[("log", "alice-smith", "-m", f"catch-up {n}", "--when", f"{18 + 7 * week} days ago", "--by", "me")
      for n, week in enumerate(ALICE_WEEKS, 1)],
    ("log", "alice-smith", "-m", "coffee at Oslo; she wants intros to ML people and a look at the deck",
     "--when", "18 days ago", "--kind", "meal", "--by", "them", "--mood", "1"),
    ("log", "bob", "-m", "tense call about the board", "--when", "90 days ago", "--kind", "call", "--mood", "-1"),
    ("log", "bob", "-m", "board prep, still tense", "--when", "80 days ago", "--mood", "-1"),
    ("log", "bob", "-m", "pitch rehearsal", "--when", "70 days ago", "--mood", "-2", "--by", "me"),
    ("log", "carla", "-m", "demo day", "--when", "100 days ago", "--kind", "event"),
    ("log", "dan", "-m", "hallway chat", "--when", "25 days ago", "--kind", "other"),
    ("log", "alice-smith-2", "-m", "intro call", "--when", "10 days ago", "--kind", "call", "--by", "them"),
    ("log", "eve", "-m", "lunch", "--when", "40 days ago", "--kind", "meal"),
    ("gave", "alice-smith", "intro to Dan at Acme", "--kind", "intro", "--weight", "2", "--when", "20 days ago"),
    ("got", "alice-smith", "pitch feedback", "--kind", "advice", "--when", "18 days ago"),
    ("got", "bob", "reviewed my pitch deck", "--kind", "advice", "--when", "70 days ago"),
    ("gave", "carla", "intro to a designer", "--kind", "intro", "--when", "100 days ago"),
    ("gave", "carla", "portfolio review", "--kind", "advice", "--when", "100 days ago"),
    ("gave", "carla", "coffee", "--when", "100 days ago"),
    ("promise", "alice-smith", "send the deck", "--due", "2026-03-06"),
    ("promise", "bob", "intro to his CFO", "--theirs", "--due", "2026-03-30 15:00"),
    ("promise", "carla", "share the hiring doc with the whole design team and the recruiters"),
    ("promise", "dan", "send the paper", "--due", "2026-03-01"),
    ("done", "4"),
    ("promise", "eve", "book the restaurant", "--due", "2026-03-12"),
    ("snooze", "eve", "--until", "2026-04-01"),
    ("archive", "frank-old"),
]

VIEWS: dict[str, tuple[str, ...]] = {
    "due": ("due", "--within", "30d", "--limit", "3"),  # one left over: the "and 1 more" line
    "people": ("people",),
    "commitments": ("commitments",),
    "balance": ("balance",),
    "review": ("review", "--since", "120d"),
    "plan": ("plan", "--limit", "3"),
    "search": ("search", "deck"),
    "history": ("history", "--limit", "8"),
    "interactions": ("interactions", "--limit", "8"),
    "show": ("show", "alice-smith"),
}
WIDTHS = (60, 80, 120)


def build(run) -> None:
    """Run every journal command through run(*args)."""
    for command in JOURNAL:
        run(*command)


if __name__ == "__main__":
    import subprocess
    import sys

    build(lambda *args: subprocess.run([sys.executable, "-m", "rmlog", *args], check=True, stdout=subprocess.DEVNULL))


def matches_snapshot(run, words: tuple[str, ...], snapshot) -> None:
    """The view fits 80 and 120 columns and equals its snapshot file (both widths, one after
    the other); RMLOG_SNAPSHOTS=update rewrites the file instead (read the diff first)."""
    import os

    from rich.cells import cell_len

    parts = []
    for width in (80, 120):
        out = run(*words, env={"COLUMNS": str(width)}).stdout
        assert not [line for line in out.splitlines() if cell_len(line) > width]
        parts.append(f"=== {width} columns ===\n" + "".join(line.rstrip() + "\n" for line in out.splitlines()))
    shown = "\n".join(parts)
    if os.environ.get("RMLOG_SNAPSHOTS") == "update":
        snapshot.write_text(shown, encoding="utf-8")
    assert shown == snapshot.read_text(encoding="utf-8")

