"""rmlog search as text: the hits under a heading per section, snippets highlighted."""

from __future__ import annotations

from rmlog import render


def layout(view) -> None:
    """Draw a SearchView (rmlog.app.search): people, then notes, then promises."""
    hits = view.hits
    if not any(hits.values()):
        render.line(f"Nothing matches {render.inert(view.query)!r}.")
        return
    shown = False
    for title, section, lines in (("People", "people", _person_hit), ("Notes", "interactions", _note_hit),
                                  ("Promises", "commitments", _promise_hit)):
        if hits[section]:
            if shown:
                render.line()
            render.heading(f"{title} ({len(hits[section])})")
            for hit in hits[section]:
                lines(hit)
            shown = True


def _person_hit(hit: dict) -> None:
    render.segments([render.person(hit["name"], hit["handle"]), render.Styled(f"  {hit['matched']}", render.FAINT)])
    if hit["field"] != "name":
        _snippet(hit)


def _note_hit(hit: dict) -> None:
    people = ", ".join(hit["names"]) or "nobody"
    render.segments([render.Styled(f"#{hit['id']}", "bold"),
                     f"  {render.short_time(hit['occurred_at'])} · {hit['kind']} · {people}"])
    _snippet(hit)


def _promise_hit(hit: dict) -> None:
    render.segments([render.Styled(f"#{hit['id']}", "bold"), f"  {hit['name']} · ", render.whose(hit["owner"]),
                     f" · {hit['status']}" + (f" · due {render.short_date(hit['due_at'])}" if hit["due_at"] else "")])
    _snippet(hit)


def _snippet(hit: dict) -> None:
    """The snippet, indented, its matched words highlighted (bold yellow on a terminal); on a
    narrow terminal its start gives way first, so that the first match stays in view."""
    text, spans = hit["snippet"], hit["highlights"]
    room = (render.terminal_width() or 80) - 4
    cut = len(text) - room + 1
    if cut > 0 and spans and spans[0][1] > room - 1:
        cut = min(cut, spans[0][0])
        space = text.find(" ", cut)
        cut = space + 1 if 0 <= space < spans[0][0] else cut  # a whole word first
        text = "…" + text[cut:]
        spans = [[start - cut + 1, end - cut + 1] for start, end in spans if start >= cut]
    pieces, at = ["    "], 0
    for start, end in spans:
        pieces += [text[at:start], render.Styled(text[start:end], "bold yellow")]
        at = end
    pieces.append(text[at:])
    render.segments(pieces)
