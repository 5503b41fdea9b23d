"""The command-line interface: thin commands that parse, call the store and reports, render."""

from rmlog.cli import journal, people
from rmlog.cli.app import app

people.register(app)
journal.register(app)

__all__ = ["app"]
