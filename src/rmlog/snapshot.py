"""The due snapshot: what `rmlog due` would count right now, kept in a small file so that
`rmlog prompt` and `rmlog due --quiet` answer before Typer, Rich or SQLAlchemy are imported.
Standard library only, and nothing slower than a stat and a small read on the fast path.

The file holds the counts (people to reconnect with, promises due and overdue, birthdays),
the span of time they hold for without a write (from the moment they were computed to the
next local midnight, deadline or snooze end, see rmlog.reports.due.next_change) and what
they were computed from: the journal's and its WAL's inode, size and mtime (so a write from
anywhere is noticed), the cadence config file's, and TZ. On PostgreSQL, whose writes leave
no trace on this machine, it also expires TTL_SECONDS after it was written.

It lives next to a SQLite journal (`rmlog.db-due`) or, for RMLOG_DATABASE_URL, in the user
cache dir (`due-<hash of the URL>`); it is written atomically, user-only (0600), never over
something that is not a regular file. Reading trusts nothing in it: anything unexpected
means stale, and only whole numbers ever reach the output. rmlog.store.due_snapshot writes it.
"""

from __future__ import annotations

import os
import stat
import sys
import time

HEADER = "rmlog due snapshot 1"
COUNTS = ("people", "promises", "overdue", "birthdays")
PLACEHOLDERS = (*COUNTS, "total")
SYMBOLS = (("people", "↻"), ("promises", "⚑"), ("birthdays", "✱"))
TTL_SECONDS = 60
MAX_BYTES = 4096
MAX_COUNT = 10**9


# What rmlog.render.inert escapes, so that both paths print the same (a test holds them equal).
_UNSAFE = [*range(0x20), *range(0x7F, 0xA0), 0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F),
           *range(0x2066, 0x206A), 0x2028, 0x2029]
_ESCAPES = {code: {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}.get(code) or
            (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _UNSAFE}


class FormatError(ValueError):
    """A --format the prompt cannot fill in."""


# Where, and what it depends on ---------------------------------------------------------------


def location(journal: str | None, url: str | None = None) -> str:
    """The snapshot file of a SQLite journal, or of a RMLOG_DATABASE_URL journal."""
    if journal is not None:
        return journal + "-due"
    import hashlib

    from rmlog.paths import user_dir

    digest = hashlib.sha256((url or "").encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return os.path.join(user_dir("cache"), f"due-{digest}")


def file_stamp(path: str, empty_is_missing: bool = False) -> str:
    """inode:size:mtime_ns of a file, '-' when it does not exist (or, if asked, is empty)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "-"
    if empty_is_missing and st.st_size == 0:
        return "-"
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def key(journal: str | None) -> dict[str, str]:
    """What the counts depend on besides time: the journal files, the config file, TZ.
    An empty WAL holds nothing, and readers (TAB's read-only sqlite3 among them) leave one
    behind or remove it: it counts as no WAL."""
    from rmlog.paths import config_file

    wal = file_stamp(journal + "-wal", empty_is_missing=True) if journal is not None else ""
    files = "-" if journal is None else f"{file_stamp(journal)} {wal}"
    return {"journal": files, "config": file_stamp(config_file()), "tz": os.environ.get("TZ", "")}


# Reading -------------------------------------------------------------------------------------


def read(path: str) -> dict[str, str] | None:
    """The snapshot's fields, or None when it is missing, not a small regular file, or not one."""
    try:  # O_NONBLOCK: opening a FIFO put there waits for no writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if len(data) > MAX_BYTES or lines[0] != HEADER:
        return None
    return dict(line.partition(" ")[::2] for line in lines[1:] if line)


def counts_in(fields: dict[str, str]) -> dict[str, int] | None:
    """The counts, each a whole number in range, or None."""
    counts = {}
    for name in COUNTS:
        text = fields.get(name, "")
        if not (text.isascii() and text.isdigit()) or int(text) >= MAX_COUNT:
            return None
        counts[name] = int(text)
    return counts


def fresh(journal: str | None, url: str | None, now: float, wall: float) -> dict[str, int] | None:
    """The counts if the snapshot still holds at `now` (epoch seconds, RMLOG_NOW honoured) and,
    for a database URL, at the real time `wall`; None when it must be recomputed."""
    fields = read(location(journal, url))
    if fields is None or any(fields.get(name) != value for name, value in key(journal).items()):
        return None
    try:
        since, until, written = (float(fields.get(name, "")) for name in ("from", "until", "wall"))
    except ValueError:
        return None
    if not since <= now < until:
        return None
    if journal is None and not 0 <= wall - written < TTL_SECONDS:
        return None
    return counts_in(fields)


def now_epoch() -> float:
    """Now in epoch seconds, honouring RMLOG_NOW as rmlog.clock does (a naive time is local).
    ValueError when RMLOG_NOW is not a time."""
    pinned = os.environ.get("RMLOG_NOW")
    if not pinned:
        return time.time()
    from datetime import datetime

    value = datetime.fromisoformat(pinned.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        from rmlog.clock import local_zone

        value = value.replace(tzinfo=local_zone())
    return value.timestamp()


# Writing -------------------------------------------------------------------------------------


def save(journal: str | None, url: str | None, counts: dict[str, int], since: float, until: float,
         before: dict[str, str]) -> bool:
    """Write the snapshot if nothing changed since `before` (the key taken before the counts
    were read); otherwise, or on any failure, delete it. True when written."""
    path = location(journal, url)
    after = key(journal)
    if after != before:
        delete(path)
        return False
    fields = {**{name: str(int(counts[name])) for name in COUNTS}, "from": repr(float(since)),
              "until": repr(float(until)), "wall": repr(time.time()), **after}
    text = HEADER + "\n" + "".join(f"{name} {value}\n" for name, value in fields.items())
    try:
        if any("\n" in value for value in fields.values()):
            raise ValueError("a value holds a line break")  # TZ can: it would read back as fields
        _replace(path, text)
    except (OSError, ValueError):
        delete(path)
        return False
    return True


def _replace(path: str, text: str) -> None:
    """Write text to path atomically, user-only; refuse to replace anything but a regular file."""
    import tempfile

    directory = os.path.dirname(path) or "."
    _require_regular_or_missing(path)
    os.makedirs(directory, mode=0o700, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".rmlog-due-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        _require_regular_or_missing(path)
        os.replace(temp, path)
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)


def _require_regular_or_missing(path: str) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise OSError(f"{path} is not a regular file")


def delete(path: str) -> None:
    """Remove the snapshot if it is a regular file; never raises."""
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)
    except OSError:
        pass


# Showing -------------------------------------------------------------------------------------


def render(counts: dict[str, int], template: str | None = None) -> str:
    """The prompt text: '↻3 ⚑1' (only what is due), or template with {people}, {promises},
    {overdue}, {birthdays} and {total} filled in; '' when nothing is due. FormatError for a
    template naming anything else."""
    values = {**counts, "total": total(counts)}
    if template is None:
        text = " ".join(f"{symbol}{counts[name]}" for name, symbol in SYMBOLS if counts[name])
    else:
        text = fill(template, values)
        text = text if text.isprintable() else text.translate(_ESCAPES)  # one line, no escapes
    return text if values["total"] else ""


def total(counts: dict[str, int]) -> int:
    """Everything `due` lists: people, promises due and birthdays (overdue is part of promises)."""
    return counts["people"] + counts["promises"] + counts["birthdays"]


def fill(template: str, values: dict[str, int]) -> str:
    """template with {name} replaced by values[name]; {{ and }} stand for braces."""
    out, i = [], 0
    while i < len(template):
        char = template[i]
        if char in "{}" and template[i + 1:i + 2] == char:
            out.append(char)
            i += 2
        elif char == "{":
            end = template.find("}", i)
            name = template[i + 1:end] if end > i else ""
            if name not in values:
                shown = template[i:end + 1] if end > i else template[i:]
                raise FormatError(
                    f"--format: unknown placeholder {shown!r}; use "
                    + ", ".join("{" + n + "}" for n in PLACEHOLDERS) + " (write {{ for a brace)"
                )
            out.append(str(values[name]))
            i = end + 1
        elif char == "}":
            raise FormatError("--format: single '}'; write }} for a brace")
        else:
            out.append(char)
            i += 1
    return "".join(out)


def to_json(counts: dict[str, int]) -> str:
    """The --json document (numbers only, so it is built without the json module)."""
    body = ", ".join(f'"{name}": {int(value)}' for name, value in {**counts, "total": total(counts)}.items())
    return f'{{"schema": 1, {body}}}'


# The fast path -------------------------------------------------------------------------------


def answer(words: list[str]) -> int | None:
    """Answer `prompt [--format F] [--json] [--db D]` or `due --quiet [--db D]` (also
    `due --exit-code` with stdout on /dev/null) from a fresh snapshot and return the exit
    code; None when the full program must answer (any other words, stale or no snapshot)."""
    if not words or words[0] not in ("prompt", "due"):
        return None
    options = _options(words[1:], flags={"--json", "--exit-code", "--quiet", "-q"},
                       valued={"--db", "--format", "-f"} if words[0] == "prompt" else {"--db"})
    if options is None:
        return None
    if words[0] == "due" and not _quiet_due(options):
        return None
    if words[0] == "prompt" and options.keys() & {"--exit-code", "--quiet", "-q"}:
        return None
    db = options.get("--db")
    journal = os.path.expanduser(db) if db else _journal()
    url = None if journal is not None else os.environ.get("RMLOG_DATABASE_URL")
    try:
        counts = fresh(journal, url, now_epoch(), time.time())
        if counts is None:
            return None
        if words[0] == "due":
            return 1 if total(counts) else 0
        template = options.get("--format", options.get("-f"))
        text = to_json(counts) if "--json" in options else render(counts, template)
    except (ValueError, OSError):
        return None
    if text:
        _write(text + "\n")
    return 0


def _journal() -> str | None:
    from rmlog.paths import journal_file

    return journal_file(None)


def _options(words: list[str], flags: set[str], valued: set[str]) -> dict[str, str] | None:
    """{option: value ('' for a flag)} when every word is one of these options (the last of a
    repeated option wins); None for anything else."""
    options: dict[str, str] = {}
    rest = iter(words)
    for word in rest:
        name, equals, value = word.partition("=")
        if word in flags:
            options[word] = ""
        elif name in valued and name.startswith("--") and equals:
            options[name] = value
        elif word in valued:
            value = next(rest, None)
            if value is None:
                return None
            options[word] = value
        else:
            return None
    if "--format" in options and "-f" in options:
        return None  # which came last matters; let the full program decide
    return options


def _quiet_due(options: dict[str, str]) -> bool:
    """`due --quiet`, or `due --exit-code` whose report nobody sees (stdout on /dev/null)."""
    if "--json" in options:
        return False
    if options.keys() & {"--quiet", "-q"}:
        return True
    return "--exit-code" in options and _stdout_discarded()


def _stdout_discarded() -> bool:
    try:
        out, null = os.fstat(sys.stdout.fileno()), os.stat(os.devnull)
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISCHR(out.st_mode) and out.st_rdev == null.st_rdev


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as error:
        from rmlog.errors import give_up_output

        raise SystemExit(give_up_output(error)) from None
