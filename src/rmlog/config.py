"""User settings: cadence defaults per circle and per tag, from a TOML file.

The file is `rmlog/config.toml` in the user config dir (or RMLOG_CONFIG):

    [cadence.circles]   # days; 0 = never due
    inner = 7
    network = 120

    [cadence.tags]
    family = 14
    mentor = 30

    [me]                # your own addresses: calendar import knows your meetings by them
    emails = ["a@x.io"]
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from rmlog.errors import InputError
from rmlog.reports.data import DEFAULT_CIRCLE_CADENCES, DEFAULT_TAG_CADENCES, CadenceConfig

MAX_CADENCE_DAYS = 3650


def config_path() -> Path:
    """RMLOG_CONFIG, else rmlog/config.toml in the user config dir (XDG on Linux)."""
    env = os.environ.get("RMLOG_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("rmlog", appauthor=False) / "config.toml"


def load_cadences(path: Path | None = None) -> CadenceConfig:
    """Defaults overlaid with the config file, when there is one."""
    path = path or config_path()
    if not path.is_file():
        return CadenceConfig()
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"cannot read config {path}: {error}; fix or remove the file") from None
    cadence = _section(settings, "cadence", {"cadence", "me"}, path)
    sections = {"circles", "tags"}
    circles = _days(_section(cadence, "circles", sections, path, "cadence."), "cadence.circles", path,
                    names=set(DEFAULT_CIRCLE_CADENCES))
    tags = _days(_section(cadence, "tags", sections, path, "cadence."), "cadence.tags", path)
    return CadenceConfig(
        circles={name: days or None for name, days in {**DEFAULT_CIRCLE_CADENCES, **circles}.items()},
        tags={name: days for name, days in {**DEFAULT_TAG_CADENCES, **tags}.items() if days},
    )


def _section(parent: dict, key: str, allowed: set[str], path: Path, prefix: str = "") -> dict:
    """parent[key] as a table (empty when absent); a key of parent not in allowed is an error."""
    for name in parent:
        if name not in allowed:
            raise InputError(f"config {path}: unknown key '{prefix}{name}'; expected {_listed(allowed, prefix)}")
    table = parent.get(key, {})
    if not isinstance(table, dict):
        raise InputError(f"config {path}: '{prefix}{key}' must be a table such as [{prefix}{key}], not a value")
    return table


def _days(table: dict, where: str, path: Path, names: set[str] | None = None) -> dict[str, int]:
    """Whole days from 0 (never due) to MAX_CADENCE_DAYS per name (circles: known names only)."""
    for name, days in table.items():
        if names is not None and name not in names:
            raise InputError(f"config {path}: unknown key '{where}.{name}'; expected {_listed(names, '')}")
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_CADENCE_DAYS:
            raise InputError(
                f"config {path}: '{where}.{name}' must be whole days from 0 (never due) "
                f"to {MAX_CADENCE_DAYS}, not {days!r}"
            )
    return dict(table)


def _listed(names: set[str], prefix: str) -> str:
    return ", ".join(prefix + name for name in sorted(names))


def load_me(path: Path | None = None) -> list[str]:
    """The user's own email addresses ([me] emails = [...]), lower-case; [] when not set."""
    path = path or config_path()
    me = _section(_settings(path), "me", {"cadence", "me"}, path)
    for name in set(me) - {"emails"}:
        raise InputError(f"config {path}: unknown key 'me.{name}'; expected me.emails")
    emails = me.get("emails", [])
    if not isinstance(emails, list) or not all(isinstance(e, str) for e in emails):
        raise InputError(f"config {path}: 'me.emails' must be a list of "
                         "addresses; set it with: rmlog config --me you@example.com")
    return [email.strip().lower() for email in emails if email.strip()]


def save_me(emails: list[str], path: Path | None = None) -> list[str]:
    """Set [me] emails in the config file, leaving every other line as it is; returns them.

    The [me] table is rewritten at the end of the file; a file whose [me] holds anything
    else, or that does not read back as intended, is left alone (InputError).
    """
    path = path or config_path()
    emails = list(dict.fromkeys(email.strip().lower() for email in emails))
    bad = [email for email in emails if not ME_EMAIL.fullmatch(email)]
    if bad:
        raise InputError(f"--me: {bad[0]!r} is not an email address; pass e.g. --me you@example.com")
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    settings = _settings(path)
    if set(settings.get("me", {})) - {"emails"}:
        raise InputError(f"config {path}: [me] holds more than emails; edit the file instead")
    kept = _without_table(old, "me").rstrip("\n")
    listed = ", ".join(f'"{email}"' for email in emails)
    text = f"{kept}\n\n[me]\nemails = [{listed}]\n".lstrip("\n")
    try:
        written = _parse(text, path)
    except InputError:
        written = None
    if written != {**settings, "me": {"emails": emails}}:
        raise InputError(f"config {path}: cannot set [me] emails in this file; "
                         f"add the line emails = [{listed}] under [me] yourself")
    _write(path, text)
    return emails


ME_EMAIL = re.compile(r"[^@\s\"\\]+@[^@\s\"\\]+\.[^@\s\"\\]+")
TABLE_RE = re.compile(r"^\s*\[\s*([^\]\[]+?)\s*\]\s*(?:#.*)?$")


def _settings(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read config {path}: {error}; fix or remove the file") from None
    return _parse(text, path)


def _parse(text: str, path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"cannot read config {path}: {error}; fix or remove the file") from None


def _without_table(text: str, name: str) -> str:
    """text less the lines of table [name] (its header to the next table header)."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        header = TABLE_RE.match(line)
        if header:
            inside = header.group(1) == name
        if not inside:
            kept.append(line)
    return "".join(kept)


def _write(path: Path, text: str) -> None:
    """Write the config whole or not at all, user-only."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".tmp")
    except OSError as error:
        raise InputError(f"cannot write config {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists() and not path.is_file():
            raise InputError(f"config {path} is not a regular file; remove it or set RMLOG_CONFIG")
        os.replace(temp, path)
    except OSError as error:
        raise InputError(f"cannot write config {path}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
