"""The command-line interface: thin commands that parse, call the store and reports, render."""

from rmlog.cli import journal, ledger, people, reports, shell, show, transfer
from rmlog.cli.app import app

people.register(app)
show.register(app)
journal.register(app)
ledger.register(app)
reports.register(app)
transfer.register(app)
shell.register(app)

__all__ = ["app"]
