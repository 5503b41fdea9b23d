"""Tables about the journal rather than in it: the schema migrations applied, the operation
log (every write command with the before-image of each row it touched, filled by triggers,
see store/oplog.py, so it can be listed and undone) and what sync knows of other journals.

Importing this module completes `metadata` with every table rmlog has; commands that only
read the journal never need it.
"""

from datetime import datetime
from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from rmlog.store.models import Row, key_to, time_field


class Migration(Row, table=True):
    """A schema migration applied to this journal; their count is the schema version."""

    __tablename__ = "rmlog_migration"

    name: str = Field(primary_key=True)
    applied_at: datetime = time_field(nullable=False)


class Operation(Row, table=True):
    """One write command: kind 'command', or 'undo' (which reverted operation `undoes`).

    state is 'open' only inside the command's own transaction: the triggers record changes
    for the open operation, and writes from outside rmlog are not recorded.
    """

    __tablename__ = "rmlog_operation"
    __table_args__ = (Index("ix_rmlog_operation_state", "state"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = time_field(nullable=False)
    command: str
    kind: str = "command"
    state: str = "open"
    undoes: Optional[int] = None
    undone_by: Optional[int] = None


class Change(Row, table=True):
    """A row an operation touched: `before` is the row as JSON before the operation's first
    change to it (null: the operation inserted it); `action` is its last change (insert,
    update or delete), so the net effect is known without looking at today's rows.
    deleted_at: when a sync deletes a row here because another journal deleted it, the time
    of that original deletion (null: the operation's own time), so that a tombstone passed on
    through a hub keeps its age."""

    __tablename__ = "rmlog_change"
    __table_args__ = (Index("ix_rmlog_change_row", "tbl", "key"),)

    op_id: int = key_to("op_id", "rmlog_operation.id", primary_key=True)
    tbl: str = Field(primary_key=True)
    key: str = Field(primary_key=True)
    before: Optional[str] = None
    action: str
    deleted_at: Optional[datetime] = time_field()


class Peer(Row, table=True):
    """Another journal this one syncs with: the last operation of ours it has seen."""

    __tablename__ = "rmlog_peer"

    journal: str = Field(primary_key=True)
    mark: int
    synced_at: datetime = time_field(nullable=False)


class Setting(Row, table=True):
    """Facts about this journal itself, such as its own uid (key 'journal')."""

    __tablename__ = "rmlog_setting"

    key: str = Field(primary_key=True)
    value: str


metadata = SQLModel.metadata
"""Every table: the journal's (models.py) and these."""

migration, operation, change = Migration.__table__, Operation.__table__, Change.__table__
peer, setting = Peer.__table__, Setting.__table__
