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
    cadence = settings.get("cadence", {})
    circles = {**DEFAULT_CIRCLE_CADENCES, **_days(cadence.get("circles", {}), path, "circles")}
    tags = {**DEFAULT_TAG_CADENCES, **_days(cadence.get("tags", {}), path, "tags")}
    return CadenceConfig(
        circles={name: days or None for name, days in circles.items()},
        tags={name: days for name, days in tags.items() if days},
    )


def _days(table: object, path: Path, section: str) -> dict[str, int]:
    if not isinstance(table, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in table.values()
    ):
        raise InputError(
            f"config {path}: [cadence.{section}] values must be whole days (0 = never due)"
        )
    return dict(table)
