"""The journal's health checks (rmlog doctor)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rmlog.app.listing import Document


@dataclass(frozen=True)
class DoctorView(Document):
    """Where the journal is (a path, or a PostgreSQL URL without its password) and each check
    (name, ok, detail) run on it."""

    where: str
    checks: list[Any]

    def failed(self) -> list[str]:
        """The names of the checks that found a problem."""
        return [c.name for c in self.checks if not c.ok]

    def to_json(self) -> dict:
        return {"path": self.where, "ok": all(c.ok for c in self.checks),
                "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in self.checks]}


def doctor(db: Path | None) -> DoctorView:
    """The checks of the journal at db (None: the default one), on its own connection: on
    SQLite integrity, foreign keys, schema, WAL and permissions; on PostgreSQL the connection,
    schema and references; on both the search index."""
    from rmlog.store.location import database_url

    url, path = database_url(db)
    if path is not None:
        from rmlog.store.maintenance import diagnose

        return DoctorView(str(path), diagnose(path))
    from rmlog.store.postgres import check_url
    from rmlog.store.postgres_direct import diagnose as diagnose_server, shown

    check_url(url)
    return DoctorView(shown(url), diagnose_server(url))
