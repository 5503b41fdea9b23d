"""rmlog doctor as text: where the journal is, and a table of its checks."""

from __future__ import annotations

from rmlog import render


def layout(view) -> None:
    """Draw a DoctorView (rmlog.app.doctor)."""
    render.line(f"Journal: {render.inert(view.where)}")
    render.table(["check", "", "detail"], [(c.name, "ok" if c.ok else "PROBLEM", c.detail) for c in view.checks])
