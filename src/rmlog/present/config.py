"""rmlog config as text: the config file, your addresses, a table of windows, your offers."""

from __future__ import annotations

from rmlog import render


def layout(view) -> None:
    """Draw a ConfigView (rmlog.app.config)."""
    practice, own = view.practice, view.me
    cadences = practice.cadences
    render.line(f"Config file: {render.inert(view.path)}")
    render.line(f"Me: {render.inert(', '.join(own)) if own else '(not set: rmlog config --me you@example.com)'}")
    render.table(
        ["kind", "name", "every", "at most", "capacity", "clock reset by"],
        [("circle", name, _every(w), w.max if w else "", practice.capacity.get(name, ""),
          ", ".join(cadences.reset.get(name, ())) or ("any contact" if w else ""))
         for name, w in view.circle_windows.items()]
        + [("tag", name, _every(w), w.max if w else "", "", "") for name, w in view.tag_windows.items()],
    )
    render.fields([("You offer", practice.offers or "nothing yet: rmlog config --offers \"...\""),
                   ("Birthdays", f"shown {cadences.birthday_days} days ahead ([due] birthdays)")])


def _every(window) -> str:
    return f"{window.ideal} days" if window else "never"
