"""TAB completion of person handles with the standard library only (no Typer, no SQLAlchemy).

The scripts that `rmlog completions SHELL` prints run rmlog with `_RMLOG_COMPLETE=SHELL` and
`_RMLOG_COMPLETE_ARGS=` the command line up to the cursor. rmlog answers one candidate a line:

- bash: the word exactly as it is to be inserted, escaped for bash (bash inserts it verbatim);
- zsh, fish: `value` or `value<TAB>help`, raw; the shell quotes what it inserts (zsh's
  `compadd`, fish's completion engine), and the scripts never `eval` anything.

Values that are not printable (newline, tab, escape, bidi controls) are never offered.
When the word under the cursor is a PERSON (see PERSON_ARGUMENTS), rmlog.__main__ answers
from here before Typer is imported; command names, options and their values are read off
Typer's command tree (rmlog.cli.shell.typer_completions).
"""

from __future__ import annotations

import os
import shlex
import sqlite3

COMPLETE_VAR = "_RMLOG_COMPLETE"
ARGS_VAR = "_RMLOG_COMPLETE_ARGS"
SHELLS = ("bash", "zsh", "fish")

# command: (position of the PERSON among its positional arguments, how many words it takes
# (1, or -1 for one or more), its options that take no value). Every other option takes one.
# Generated from the app by rmlog.cli.shell.person_arguments(); a test fails when it is stale.
PERSON_ARGUMENTS: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "archive": (0, 1, ("--json",)),
    "delete": (0, 1, ("--yes", "-y")),
    "edit": (0, 1, ("--editor", "--json")),
    "gave": (0, 1, ("--json",)),
    "got": (0, 1, ("--json",)),
    "interactions": (0, 1, ("--json",)),
    "log": (0, -1, ("--json", "--new")),
    "merge": (0, 1, ("--dry-run", "--json", "--yes", "-n", "-y")),
    "move": (0, 1, ("--json",)),
    "promise": (0, 1, ("--json", "--theirs")),
    "show": (0, 1, ("--json",)),
    "snooze": (0, 1, ("--json",)),
    "unarchive": (0, 1, ("--json",)),
    "unsnooze": (0, 1, ("--json",)),
}

# Characters bash reads literally in an unquoted word; every other one gets a backslash.
_BASH_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,+@%/")


def request(line: str) -> tuple[list[str], str]:
    """The finished words after `rmlog` and the word being completed, from the line up to the
    cursor. An unfinished quote ('ann b) counts as closed."""
    for closing in ("", "'", '"'):
        try:
            words = shlex.split(line + closing)
            break
        except ValueError:
            continue
    else:
        words = line.split()
    words = words[1:]
    if words and not line[-1:].isspace():
        return words[:-1], words[-1]
    return words, ""


def completes_person(words: list[str], incomplete: str) -> bool:
    """Whether the word being completed is a PERSON argument of the command in words."""
    if not words or words[0] not in PERSON_ARGUMENTS:
        return False
    position, count, flags = PERSON_ARGUMENTS[words[0]]
    kind, where = slot(words[1:], incomplete, flags)
    return kind == "argument" and (where == position or (count == -1 and where > position))


def slot(words: list[str], incomplete: str, flags: tuple[str, ...]) -> tuple[str, str | int]:
    """What the word being completed is, given the finished words after the command and the
    options that take no value: ("value", option), ("option", "") or ("argument", index)."""
    positionals, option, only_positionals = 0, "", False
    for word in words:
        if option:
            option = ""
        elif only_positionals or word == "-" or not word.startswith("-"):
            positionals += 1
        elif word == "--":
            only_positionals = True
        elif _takes_value(word, flags):
            option = word
    if option:
        return "value", option
    if incomplete.startswith("-") and not only_positionals:
        return "option", ""
    return "argument", positionals


def _takes_value(option: str, flags: tuple[str, ...]) -> bool:
    """--kind takes the next word; --kind=call, -kcall, --json and --help do not."""
    attached = "=" in option or (not option.startswith("--") and len(option) > 2)
    return not attached and option not in flags and option != "--help"


def db_option(words: list[str]) -> str | None:
    """The value of --db among the words, if given."""
    for word, following in zip(words, [*words[1:], None]):
        if word == "--db" and following is not None:
            return following
        if word.startswith("--db="):
            return word[len("--db="):]
    return None


def journal_file(db: str | None) -> str | None:
    """The SQLite file rmlog.store.location.db_path picks (--db, RMLOG_DB, the default), found
    without pathlib or platformdirs (TAB pays for every import); None for a
    RMLOG_DATABASE_URL journal, which handles() reads with psycopg."""
    from rmlog.paths import journal_file as find

    return find(db)


def handles(db: str | None, prefix: str) -> list[str]:
    """Handles of active people starting with prefix, read-only with sqlite3 (or psycopg for
    RMLOG_DATABASE_URL); [] on any trouble."""
    path = journal_file(db)
    if path is None:
        from rmlog.store.postgres_direct import handles as on_server

        return on_server(os.environ["RMLOG_DATABASE_URL"], prefix)
    if not os.path.isfile(path):
        return []
    uri = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        conn = sqlite3.connect(f"file:{uri}?mode=ro", uri=True, timeout=1)
        try:
            rows = conn.execute(
                "SELECT handle FROM person WHERE handle LIKE ? ESCAPE '\\' "
                "AND archived_at IS NULL ORDER BY handle LIMIT 100",
                (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [handle for (handle,) in rows if isinstance(handle, str)]


def render(shell: str, items: list[tuple[str, str]]) -> str:
    """The answer for a shell: one line per (value, help), values escaped as module doc says."""
    lines = []
    for value, help_text in items:
        if not value or not value.isprintable():
            continue
        if shell == "bash":
            lines.append(bash_word(value))
        else:
            help_text = " ".join("".join(c if c.isprintable() else " " for c in help_text).split())
            lines.append(f"{value}\t{help_text}" if help_text else value)
    return "".join(f"{line}\n" for line in lines)


def bash_word(value: str) -> str:
    """value as one unquoted bash word that expands to exactly value: al$(x) -> al\\$\\(x\\)."""
    return "".join(c if c in _BASH_PLAIN or (c.isalnum() and not c.isascii()) else f"\\{c}" for c in value)
