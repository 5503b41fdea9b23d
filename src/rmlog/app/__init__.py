"""The application layer: one function per use case.

Each function takes a session (opened by its caller, who passes the command text the
operation log records), the time and, where a rule needs them, the settings; it returns
plain objects. It never imports the CLI or rendering, so a command line and the weekly
review run the same rule for the same act.
"""
