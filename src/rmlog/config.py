"""User settings from a TOML file, checked by pydantic models before anything uses them.

The file is `rmlog/config.toml` in the user config dir (or RMLOG_CONFIG):

    [cadence.circles]   # days; 0 = never due
    inner = 7
    network = 120

    [cadence.tags]
    family = 14
    mentor = 30

    [history]           # the operation log keeps the last `keep` operations or `days` days,
    keep = 1000         # whichever is more
    days = 90

A key rmlog does not know, a value where a table belongs or a number out of range is an
error naming the key and the file (exit 2).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
    """Cadence defaults overlaid with the config file's."""
    cadence = load_settings(path).cadence
    circles = {**DEFAULT_CIRCLE_CADENCES, **cadence.circles.model_dump(exclude_none=True)}
    tags = {**DEFAULT_TAG_CADENCES, **cadence.tags}
    return CadenceConfig(
        circles={name: days or None for name, days in circles.items()},
        tags={name: days for name, days in tags.items() if days},
    )


Days = Annotated[int, Field(ge=0, le=MAX_CADENCE_DAYS, strict=True)]


class Table(BaseModel):
    """A [table] of the file: keys rmlog does not know are errors."""

    model_config = ConfigDict(extra="forbid")


class Circles(Table):
    inner: Optional[Days] = None
    core: Optional[Days] = None
    network: Optional[Days] = None
    periphery: Optional[Days] = None


class Cadence(Table):
    circles: Circles = Circles()
    tags: dict[str, Days] = {}


class History(Table):
    keep: int = Field(1000, ge=1, le=1_000_000, strict=True, description="a whole number from 1 to 1000000")
    days: int = Field(90, ge=1, le=36_500, strict=True, description="a whole number of days from 1 to 36500")


class Settings(Table):
    cadence: Cadence = Cadence()
    history: History = History()


def load_settings(path: Path | None = None) -> Settings:
    """The whole config file, checked; defaults when there is none."""
    path = path or config_path()
    if not path.is_file():
        return Settings()
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"cannot read config {path}: {error}; fix or remove the file") from None
    try:
        return Settings.model_validate(settings)
    except ValidationError as error:
        raise InputError(f"config {path}: {_describe(error)}") from None


def _describe(error: ValidationError) -> str:
    """The first problem as "'cadence.tags.vip' must be ...", naming the key as the file does."""
    first = error.errors(include_url=False)[0]
    key = ".".join(str(part) for part in first["loc"])
    holder = _model_at(first["loc"][:-1])
    if first["type"] == "extra_forbidden":
        return f"unknown key '{key}'; expected {', '.join(sorted(holder.model_fields))}"
    if first["type"] in ("model_type", "dict_type"):
        return f"'{key}' must be a table such as [{key}], not a value"
    field = holder.model_fields.get(str(first["loc"][-1]))
    hint = field.description if field is not None and field.description else DAYS_HINT
    return f"'{key}' must be {hint}, not {first.get('input')!r}"


DAYS_HINT = f"whole days from 0 (never due) to {MAX_CADENCE_DAYS}"


def _model_at(loc) -> type[BaseModel]:
    """The table that holds the key at loc (a tag's days belong to the cadence table)."""
    model: type[BaseModel] = Settings
    for part in loc:
        field = model.model_fields.get(str(part))
        if field is None or not isinstance(field.annotation, type) or not issubclass(field.annotation, BaseModel):
            break
        model = field.annotation
    return model
