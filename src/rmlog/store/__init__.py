"""The store: engine, sessions, schema and queries. Import it only inside commands.

`open_store` loads lazily, so `rmlog.store.location` (stdlib only) can be imported by shell
completion without pulling in SQLAlchemy through this package.
"""

from typing import Any

__all__ = ["open_store"]


def __getattr__(name: str) -> Any:
    if name == "open_store":
        from rmlog.store.engine import open_store

        return open_store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
