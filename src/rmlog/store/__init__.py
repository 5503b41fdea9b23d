"""The store: engine, sessions, schema and queries. Import it only inside commands."""

from rmlog.store.engine import open_store

__all__ = ["open_store"]
