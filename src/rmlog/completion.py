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
# Generated from the app by rmlog.cli.person_arguments(); a test fails when it is stale.
PERSON_ARGUMENTS: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "archive": (0, 1, ("--json",)),
    "brief": (0, 1, ("--json",)),
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

# Every command name, hidden aliases included: what `rmlog shell-init` dispatches to rmlog.
# Generated from the app by rmlog.cli.registered_names(); a test fails when it is stale.
COMMANDS = (
    "add", "archive", "backup", "balance", "brief", "circles", "commitments", "completions", "config",
    "contacts", "dedupe", "delete", "delete-exchange", "delete-log", "doctor", "done", "drop", "due",
    "edit", "edit-exchange", "edit-log", "edit-promise", "export", "gave", "got", "history", "import",
    "interactions", "log", "ls", "merge", "move", "people", "plan", "promise", "prompt", "reopen",
    "review", "search", "shell-init", "show", "snooze", "sync", "unarchive", "undo", "unsnooze",
)

HANDLES_SQL = (
    "SELECT handle FROM person WHERE handle LIKE ? ESCAPE '\\' "
    "AND archived_at IS NULL ORDER BY handle LIMIT 100"
)

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
    """What TAB offers for a PERSON: handles of active people starting with prefix or, when no
    handle does, their names and aliases starting with it in any script and case ('Ив' ->
    'Иван Петров'), so ASCII handles stay the answer wherever they fit. Read-only with sqlite3
    (or psycopg for RMLOG_DATABASE_URL); [] on any trouble."""
    path = journal_file(db)
    if path is None:
        from rmlog.store import postgres_direct

        url = os.environ["RMLOG_DATABASE_URL"]
        found = postgres_direct.handles(url, prefix)
        return found or (_named(postgres_direct.names(url), prefix) if prefix else [])
    if not os.path.isfile(path):
        return []
    uri = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        conn = sqlite3.connect(f"file:{uri}?mode=ro", uri=True, timeout=1)
        try:
            rows = conn.execute(HANDLES_SQL, (_like_prefix(prefix),)).fetchall()
            if not rows and prefix:
                from rmlog.store.postgres_direct import NAMES_SQL  # the standard library only

                return _named([name for (name,) in conn.execute(NAMES_SQL)], prefix)
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [handle for (handle,) in rows if isinstance(handle, str)]


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _named(names: list[object], prefix: str) -> list[str]:
    """The names that start with prefix, compared NFKC-normalised and case-folded."""
    folded = _fold(prefix)
    found = {name for name in names if isinstance(name, str) and _fold(name).startswith(folded)}
    return sorted(found, key=_fold)[:100]


def _fold(text: str) -> str:
    """As rmlog.resolve.fold, without importing it (TAB pays for every import)."""
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold()


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
