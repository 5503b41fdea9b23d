"""The store: engine, sessions, schema and queries (SQLAlchemy; import inside commands only).

Deliberately empty, so `rmlog.store.location` (stdlib only) can serve shell completion
without importing SQLAlchemy.
"""
