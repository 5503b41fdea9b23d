"""User settings from a TOML file, checked by pydantic models before anything uses them.

The file is `rmlog/config.toml` in the user config dir (or RMLOG_CONFIG):

    [cadence.circles]   # days; 0 = never due; "14d..28d" = an ideal and a maximum window
    inner = 7
    network = "90d..180d"

    [cadence.tags]
    family = 14
    mentor = 30

    [history]           # the operation log keeps the last `keep` operations or `days` days,
    keep = 1000         # whichever is more
    days = 90

    [me]                # your own addresses: calendar import knows your meetings by them
    emails = ["a@x.io"]

    [reset]             # per circle, the kinds of contact that reset the clock (else: any)
    inner = ["meeting", "call", "meal"]

    [capacity]          # soft sizes of the circles
    inner = 5

    [due]               # how many rows of each section `rmlog due` shows (--all: all)
    capacity = 10
    birthdays = 7       # how many days ahead `due` and `plan` show birthdays (0: the day only)

    [plan]              # what you can offer people (rmlog config --offers)
    offers = "intros to ML people; fundraising advice"

A key rmlog does not know, a value where a table belongs or a number out of range is an
error naming the key and the file (exit 2).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from rmlog.errors import InputError
from rmlog.reports.data import (
    DEFAULT_BIRTHDAY_DAYS, DEFAULT_CAPACITY, DEFAULT_CIRCLE_CADENCES, DEFAULT_TAG_CADENCES, CadenceConfig, Practice,
)
from rmlog.vocab import Kind, values

MAX_CADENCE_DAYS = 3650
MAX_CAPACITY = 100_000
DUE_CAPACITY = 10  # people a morning's `due` shows: a queue you can finish
OFFERS_MAX = 1_000
WINDOW_RE = re.compile(r"\s*([^.\s]+)\s*\.\.\s*([^.\s]+)\s*")


def config_path() -> Path:
    """RMLOG_CONFIG, else rmlog/config.toml in the user config dir (XDG on Linux)."""
    from rmlog.paths import config_file

    return Path(config_file())


def load_cadences(path: Path | None = None) -> CadenceConfig:
    """Cadence defaults overlaid with the config file's."""
    return _cadences(load_settings(path))


def load_practice(path: Path | None = None) -> Practice:
    """Cadences, circle capacities and your offers, from one reading of the file."""
    settings = load_settings(path)
    offers = (settings.plan.offers or "").strip() or None
    return Practice(_cadences(settings), {**DEFAULT_CAPACITY, **settings.capacity.model_dump(exclude_none=True)},
                    offers)


def load_due(path: Path | None = None) -> tuple[CadenceConfig, int]:
    """Cadences and how many people `due` shows, from one reading of the file."""
    settings = load_settings(path)
    return _cadences(settings), settings.due.capacity


def _cadences(settings: "Settings") -> CadenceConfig:
    cadence = settings.cadence
    circles = {**{name: (days, None) for name, days in DEFAULT_CIRCLE_CADENCES.items()},
               **cadence.circles.model_dump(exclude_none=True)}
    tags = {**{name: (days, None) for name, days in DEFAULT_TAG_CADENCES.items()}, **cadence.tags}
    return CadenceConfig(
        circles={name: ideal or None for name, (ideal, _) in circles.items()},
        tags={name: ideal for name, (ideal, _) in tags.items() if ideal},
        circle_max={name: most for name, (ideal, most) in circles.items() if ideal and most},
        tag_max={name: most for name, (ideal, most) in tags.items() if ideal and most},
        reset={name: tuple(kinds) for name, kinds in settings.reset.model_dump(exclude_none=True).items()},
        birthday_days=settings.due.birthdays,
    )


def parse_window(text: str) -> tuple[int, int | None]:
    """'14d..28d' -> (14, 28); '2w' -> (14, None). InputError when the maximum is shorter than
    the ideal; the bounds are the caller's to check."""
    from rmlog.dates import parse_duration

    match = WINDOW_RE.fullmatch(text)
    if match is None:
        return parse_duration(text, most=None), None
    ideal, most = parse_duration(match.group(1), most=None), parse_duration(match.group(2), most=None)
    if most < ideal:
        raise InputError(f"the maximum window must be at least the ideal one, e.g. 14d..28d (got {text!r})")
    return ideal, most


DAYS_HINT = f"whole days from 0 (never due) to {MAX_CADENCE_DAYS}"
WINDOW_HINT = f'{DAYS_HINT} or a window such as "14d..28d"'


def _window(value: Any) -> tuple[int, int | None]:
    """A cadence in the file: whole days (0: never due) or "ideal..maximum"."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_CADENCE_DAYS:
        return value, None
    if not isinstance(value, str):
        raise ValueError(f"must be {WINDOW_HINT}")
    try:
        ideal, most = parse_window(value)
    except InputError as error:
        if "maximum" in str(error):
            raise ValueError('must have a maximum at least as long as the ideal, e.g. "14d..28d"') from None
        raise ValueError(f"must be {WINDOW_HINT}") from None
    if not 1 <= ideal <= (most or ideal) <= MAX_CADENCE_DAYS:
        raise ValueError(f"must be {WINDOW_HINT}")
    return ideal, most


def _kinds(value: Any) -> list[str]:
    """A non-empty list of kinds of contact."""
    if not isinstance(value, list) or not value or any(kind not in values(Kind) for kind in value):
        raise ValueError(f'must list kinds of contact from {", ".join(values(Kind))}, e.g. ["meeting", "call"]')
    return list(dict.fromkeys(value))


Days = Annotated[int, Field(ge=0, le=MAX_CADENCE_DAYS, strict=True)]
Window = Annotated[tuple[int, Optional[int]], BeforeValidator(_window)]
Kinds = Annotated[list[str], BeforeValidator(_kinds)]
People = Annotated[int, Field(ge=1, le=MAX_CAPACITY, strict=True)]
PEOPLE_HINT = f"a whole number of people from 1 to {MAX_CAPACITY}"


class Table(BaseModel):
    """A [table] of the file: keys rmlog does not know are errors."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when a file is read


class Circles(Table):
    inner: Optional[Window] = None
    core: Optional[Window] = None
    network: Optional[Window] = None
    periphery: Optional[Window] = None


class Cadence(Table):
    circles: Circles = Field(default_factory=Circles)
    tags: dict[str, Window] = {}


class Reset(Table):
    inner: Optional[Kinds] = None
    core: Optional[Kinds] = None
    network: Optional[Kinds] = None
    periphery: Optional[Kinds] = None


class Capacity(Table):
    inner: Optional[People] = Field(None, description=PEOPLE_HINT)
    core: Optional[People] = Field(None, description=PEOPLE_HINT)
    network: Optional[People] = Field(None, description=PEOPLE_HINT)


class Due(Table):
    capacity: People = Field(DUE_CAPACITY, description=PEOPLE_HINT)
    birthdays: int = Field(DEFAULT_BIRTHDAY_DAYS, ge=0, le=366, strict=True,
                           description="a whole number of days ahead from 0 (the day only) to 366")


class Plan(Table):
    offers: Optional[str] = Field(None, strict=True, description='text, e.g. "intros to ML people; fundraising advice"')


class History(Table):
    keep: int = Field(1000, ge=1, le=1_000_000, strict=True, description="a whole number from 1 to 1000000")
    days: int = Field(90, ge=1, le=36_500, strict=True, description="a whole number of days from 1 to 36500")


class Me(Table):
    emails: list[str] = Field([], description="a list of your email addresses")


class Settings(Table):
    cadence: Cadence = Field(default_factory=Cadence)
    history: History = Field(default_factory=History)
    me: Me = Field(default_factory=Me)
    reset: Reset = Field(default_factory=Reset)
    capacity: Capacity = Field(default_factory=Capacity)
    due: Due = Field(default_factory=Due)
    plan: Plan = Field(default_factory=Plan)


def _defaults() -> "Settings":
    """The settings with no file, built without running a validator."""
    return Settings.model_construct(
        cadence=Cadence.model_construct(circles=Circles.model_construct(), tags={}),
        history=History.model_construct(), me=Me.model_construct(), reset=Reset.model_construct(),
        capacity=Capacity.model_construct(), due=Due.model_construct(), plan=Plan.model_construct(),
    )


DEFAULTS = _defaults()


def load_settings(path: Path | None = None) -> Settings:
    """The whole config file, checked; defaults when there is none."""
    path = path or config_path()
    if not path.is_file():
        return DEFAULTS
    try:
        return Settings.model_validate(_settings(path))
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
    if first["type"] == "value_error":
        return f"'{key}' {first['msg'].removeprefix('Value error, ')}, not {first.get('input')!r}"
    field = holder.model_fields.get(str(first["loc"][-1]))
    hint = field.description if field is not None and field.description else DAYS_HINT
    return f"'{key}' must be {hint}, not {first.get('input')!r}"


def _model_at(loc) -> type[BaseModel]:
    """The table that holds the key at loc (a tag's days belong to the cadence table)."""
    model: type[BaseModel] = Settings
    for part in loc:
        field = model.model_fields.get(str(part))
        if field is None or not isinstance(field.annotation, type) or not issubclass(field.annotation, BaseModel):
            break
        model = field.annotation
    return model


def load_me(path: Path | None = None) -> list[str]:
    """The user's own email addresses ([me] emails = [...]) by their email_key; [] when not set."""
    from rmlog.handles import email_key

    return [email_key(email) for email in load_settings(path).me.emails if email.strip()]


def save_me(emails: list[str], path: Path | None = None) -> list[str]:
    """Set [me] emails in the config file, leaving every other line as it is; returns them.

    The [me] table is rewritten at the end of the file; a file whose [me] holds anything
    else, or that does not read back as intended, is left alone (InputError).
    """
    from rmlog.handles import email_key

    path = path or config_path()
    emails = list(dict.fromkeys(email_key(email) for email in emails))
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


def save_offers(offers: str, path: Path | None = None) -> str | None:
    """Set [plan] offers in the config file, every other line left as it is; "" removes it.
    A file that would not read back as intended is left alone (InputError)."""
    path = path or config_path()
    offers = offers.strip()
    if len(offers) > OFFERS_MAX or not offers.isprintable():
        raise InputError(f"--offers: one line of at most {OFFERS_MAX} characters, e.g. "
                         "\"intros to ML people; fundraising advice\"")
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    settings = _settings(path)
    if set(settings.get("plan", {})) - {"offers"}:
        raise InputError(f"config {path}: [plan] holds more than offers; edit the file instead")
    kept = _without_table(old, "plan").rstrip("\n")
    text = (f"{kept}\n\n[plan]\noffers = {toml_string(offers)}\n" if offers else f"{kept}\n").lstrip("\n")
    wanted = {key: value for key, value in settings.items() if key != "plan"}
    if _parse(text, path) != ({**wanted, "plan": {"offers": offers}} if offers else wanted):
        raise InputError(f"config {path}: cannot set [plan] offers in this file; add it there yourself")
    _write(path, text)
    return offers or None


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        "\\" + char if char in '"\\' else f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text
    )
    return f'"{escaped}"'


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
