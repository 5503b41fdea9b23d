"""Which fields go where, as the models declare it: `about(...)` on a field, read back here as
tuples of names (identity first, then in the model's field order).

A field that declares nothing is exported (JSON) and a CSV column of its own name, an
import replaces it with the value a record states, it has no vCard property, search does not
look in it, and the command line sets it with --field-name (for a person, an option of add and
edit generated into cli/person_options.py, its help the field's description). So a field added
to a model travels through export, import, CSV and the command line with no other edit; a
field says so when it differs:

    local=True         the journal's own: never exported (row ids, keys to other rows, which
                       an export gives by uid)
    csv=False          in the JSON export but not a CSV column
    merge="union"      a list: an import adds the values the stored list lacks
    merge="keep"       set when the row is added, then left alone by imports (uid, handle)
    merge="journal"    kept by the journal itself (created_at, updated_at): a JSON export,
                       a copy of a journal, carries it over; an address book only when adding
    vcard="EMAIL"      the vCard property a card keeps it in (contacts sync reads and writes it)
    search=True        `rmlog search` looks in it
    option="--mood"    the command-line option that sets it, when not --field-name
    cli=False          no generated option: the command reads it its own way (the name
                       argument, --cadence's window, repeatable --email) or another command
                       sets it (snooze, archive)

Reads no SQLAlchemy itself: the models are passed in.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {"local": False, "csv": True, "merge": "replace", "vcard": None, "search": False,
                            "option": None, "cli": True}
MERGES = ("replace", "union", "keep", "journal")


def about(**declared: Any) -> dict:
    """The schema_extra of a Field declaring how the edges treat it (keys as in DEFAULTS)."""
    unknown = set(declared) - set(DEFAULTS)
    if unknown or declared.get("merge", "replace") not in MERGES:
        raise ValueError(f"about(): unknown {sorted(unknown) or declared['merge']!r}")
    return {"json_schema_extra": {"rmlog": declared}}


def declared(model, name: str) -> dict[str, Any]:
    """What a field of a model declares, defaults filled in."""
    extra = model.model_fields[name].json_schema_extra
    return {**DEFAULTS, **(extra.get("rmlog", {}) if isinstance(extra, dict) else {})}


def _names(model, keep) -> tuple[str, ...]:
    """The fields whose declaration keep accepts: identity (merge "keep") first, then in the
    model's order."""
    names = [name for name in model.model_fields if keep(declared(model, name))]
    return tuple(sorted(names, key=lambda name: declared(model, name)["merge"] != "keep"))


def exported(model) -> tuple[str, ...]:
    """The fields a JSON export writes and its import reads."""
    return _names(model, lambda meta: not meta["local"])


def csv_columns(model) -> tuple[str, ...]:
    """The fields that are CSV columns, by name."""
    return _names(model, lambda meta: not meta["local"] and meta["csv"])


def merged(model, how: str) -> tuple[str, ...]:
    """The exported fields an import merges this way (one of MERGES)."""
    return _names(model, lambda meta: not meta["local"] and meta["merge"] == how)


def searchable(model) -> tuple[str, ...]:
    """The fields `rmlog search` looks in."""
    return _names(model, lambda meta: meta["search"])


def vcard_fields(model) -> tuple[str, ...]:
    """The fields a vCard holds, which contacts sync keeps in step with the card."""
    return _names(model, lambda meta: meta["vcard"] is not None)


def command_options(model) -> tuple[str, ...]:
    """The fields that get a generated command-line option (cli/person_options.py for a person)."""
    return _names(model, lambda meta: not meta["local"] and meta["cli"])


def not_merged(model) -> tuple[str, ...]:
    """The fields a sync does not merge value by value: the journal's own (local: row ids,
    keys to other rows, which a sync gives by uid) and identity (merge "keep": uid, handle)."""
    return _names(model, lambda meta: meta["local"] or meta["merge"] == "keep")


def option(model, name: str) -> str:
    """The command-line option that sets a field ('how_met' -> '--met', 'company' -> '--company')."""
    if name not in model.model_fields:
        return "--" + name.replace("_", "-")
    return declared(model, name)["option"] or "--" + name.replace("_", "-")
