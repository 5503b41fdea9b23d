"""Column types of the journal's own, shared by the models (store/models.py) and the Core
tables generated from them (store/tables.py). SQLAlchemy only: no sqlmodel, no pydantic."""

from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out. PostgreSQL stores them as timestamptz;
    SQLite, which has no such type, as naive UTC text."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(DateTime(timezone=dialect.name == "postgresql"))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware datetime")
        utc = value.astimezone(timezone.utc)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def result_processor(self, dialect, coltype):
        """Aware UTC datetimes: SQLite's text ('2026-03-04 15:00:00.000000') in one C call, as
        fromisoformat reads it with the offset added (5x faster than parsing, then replacing
        tzinfo: a long listing reads tens of thousands); anything else through the dialect."""
        parse = self.impl_instance.result_processor(dialect, coltype)

        def process(value):
            if value is None:
                return None
            if type(value) is str:
                try:
                    return datetime.fromisoformat(value + "+00:00")
                except ValueError:
                    pass
            return as_utc(parse(value) if parse else value)

        return process


def as_utc(value: datetime) -> datetime:
    """A stored time as aware UTC: naive values are UTC already (SQLite's text)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
