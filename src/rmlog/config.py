"""User settings: cadence defaults per circle and per tag, from a TOML file.

The file is `rmlog/config.toml` in the user config dir (or RMLOG_CONFIG):

    [cadence.circles]   # days; 0 = never due
    inner = 7
    network = 120

    [cadence.tags]
    family = 14
    mentor = 30
"""

from __future__ import annotations

import os
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
    cadence = _section(settings, "cadence", {"cadence"}, path)
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
