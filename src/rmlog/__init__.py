"""rmlog: a terminal-first relationship journal."""

__version__ = "0.1.0"
