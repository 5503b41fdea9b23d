"""Reports: due, balance, review, plan, search, and the cadence config they use."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import MAX_LIMIT, SINCE_FORMS, Db, Fmt, Json, TableFmt
from rmlog.errors import InputError
from rmlog.vocab import Circle, Kind

BALANCE_WINDOW = "365d"
RECENT_GIFTS = "90d"
CircleFilter = Annotated[Optional[Circle], typer.Option("--circle", "-c", help="Only this circle.")]
TagFilter = Annotated[Optional[str], typer.Option("--tag", "-t", help="Only people with this tag.")]


def balance_window_start(moment):
    """Start of the default balance window (the last year) before moment."""
    from rmlog.dates import parse_since

    return parse_since(BALANCE_WINDOW, moment)


def due(
    within: Annotated[str, typer.Option("--within", help="Also what falls due in: 7d, 2w (default: today).")] = "0",
    circle: CircleFilter = None,
    tag: TagFilter = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="Show at most N people.")] = None,
    everyone: Annotated[bool, typer.Option("--all", "-a", help="Show everyone due, not only the day's capacity ([due] capacity, 10).")] = False,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything is due (cron, prompts).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; implies --exit-code (instant, see 'rmlog prompt').")] = False,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Whom to reconnect with, which promises fall due, and birthdays coming up.

    Shows the most urgent people up to a day's capacity ('[due] capacity' in the config,
    10 by default) and how many more there are; promises and birthdays always show.
    --json lists everyone unless --limit is given.

    \b
    Example:
      rmlog due
      rmlog due --all
      rmlog due --within 7d --circle inner
      rmlog due --json | jq -r '.people[].handle'
    """
    from rmlog.clock import now
    from rmlog.config import load_due
    from rmlog.dates import parse_duration
    from rmlog.reports.due import first_line
    from rmlog.store import due_snapshot
    from rmlog.store.engine import open_store
    from rmlog.store.queries import has_people
    from rmlog.store.reports import due_report, last_notes, snooze_ends

    if quiet and json:
        raise InputError("--quiet prints nothing; give --quiet or --json, not both")
    if everyone and limit:
        raise InputError("--all shows everyone; give --all or --limit, not both")
    moment, days, (config, capacity) = now(), parse_duration(within), load_due()
    circle_name = circle.value if circle else None
    full = days == 0 and circle_name is None and tag is None
    before = due_snapshot.key(db) if full else None
    limit = limit or (None if everyone or json else capacity)
    with open_store(db) as session:
        report = due_report(session, moment, config, days, circle_name, tag)
        shown = report.people[:limit] if limit else report.people
        notes = {} if quiet else last_notes(session, [entry.handle for entry in shown])
        snoozes = snooze_ends(session, moment) if full else []
        empty = not report.anything_due and not quiet and not has_people(session)
    if full:
        due_snapshot.record(db, report, snoozes, before)
    if quiet:
        raise typer.Exit(1 if report.anything_due else 0)
    more = len(report.people) - len(shown)
    report = dataclasses.replace(
        report, people=[dataclasses.replace(e, last_note=first_line(notes.get(e.handle))) for e in shown]
    )
    if json:
        render.emit_report({**report.to_json(), "more": more})
    else:
        _render_due(report, more, empty_journal=empty)
    if exit_code and report.anything_due:
        raise typer.Exit(1)


def prompt(
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", show_default=False,
        help="Text with {people}, {promises}, {overdue}, {birthdays}, {total} "
             "[default: ↻people ⚑promises ✱birthdays, those due].")] = None,
    db: Db = None,
    json: Json = False,
) -> None:
    """What is due, in a few characters for a shell prompt: '↻3 ⚑1', or nothing at all.

    Answers in milliseconds from the due snapshot, which the first prompt or full 'due'
    after a write rebuilds; 'rmlog due' has the details. See the README for bash, zsh, fish and starship.

    \b
    Example:
      rmlog prompt                          # ↻3 ⚑1
      rmlog prompt --format '{total} due'   # 4 due
    """
    from rmlog import snapshot
    from rmlog.errors import InputError
    from rmlog.store.due_snapshot import refresh

    try:
        snapshot.render(dict.fromkeys(snapshot.COUNTS, 0), format)  # a bad --format fails first
    except snapshot.FormatError as error:
        raise InputError(str(error)) from None
    counts = refresh(db)
    text = snapshot.to_json(counts) if json else snapshot.render(counts, format)
    if text:
        render.line(text)


def _render_due(report, more: int = 0, empty_journal: bool = False) -> None:
    """The report; `more` people due were left out of it (the day's capacity or --limit)."""
    from rmlog.render import Col

    if empty_journal:
        render.line('No people yet. Add one with: rmlog add "Alice Smith" --circle inner')
        return
    if not report.anything_due:
        render.line("All caught up: nobody to reconnect with, no promises due.")
        return
    if report.people:
        render.table(
            [Col("person", name=True, shrink=12), Col("circle", drop=2), Col("last", drop=3), Col("every", drop=1),
             Col("status"), Col("last note", shrink=10, drop=4)],
            [(render.person(e.name, e.handle), e.circle, render.since(e.days_since), f"{e.cadence_days}d",
              _overdue(e), render.first_line(e.last_note)) for e in report.people],
            title=f"Reconnect with ({len(report.people) + more:,})",
        )
        if more:
            render.line(f"and {more:,} more — rmlog due --all")
    if report.commitments:
        _gap(report.people)
        render.table(
            [Col("#", right=True), Col("person", name=True, shrink=10), Col("whose"), Col("what", shrink=12),
             Col("due"), Col("", drop=1)],
            [(c.id, render.person(c.person_name, c.person), render.whose(c.owner), c.what,
              render.due_date(c.due_at), render.Styled("overdue", render.BAD) if c.overdue else "")
             for c in report.commitments],
            title=f"Promises due ({len(report.commitments)})",
        )
    if report.birthdays:
        _gap(report.people or report.commitments)
        render.table(
            [Col("person", name=True, shrink=12), Col("birthday"), Col("in"), Col("turns", drop=1)],
            [(render.person(b.name, b.handle), render.short_date(b.date), _in_days(b.days_until), b.age or "")
             for b in report.birthdays],
            title=f"Birthdays ({len(report.birthdays)})",
        )


def _overdue(entry) -> render.Styled:
    """'due +4d' (yellow) or 'drifting +32d' (red): the word says what the colour does."""
    from rmlog.reports.cadence import verdict
    from rmlog.reports.due import window_of_entry

    mark = render.contact(verdict(entry.days_since, window_of_entry(entry)))
    return render.Styled(f"{mark.text} +{entry.days_overdue}d", mark.style)


def _in_days(days: int) -> str:
    return "today" if days == 0 else "tomorrow" if days == 1 else f"{days} days"


def _gap(previous) -> None:
    if previous:
        render.line()


def balance(
    person: Annotated[Optional[str], typer.Argument(help="Only this person.")] = None,
    since: Annotated[str, typer.Option("--since", help=f"Window: 90d, 1y, {SINCE_FORMS}.")] = BALANCE_WINDOW,
    one_sided: Annotated[bool, typer.Option("--one-sided", help="Only flagged relationships.")] = False,
    db: Db = None,
    json: Json = False,
    output: TableFmt = None,
) -> None:
    """Give and take per person, flagging one-sided relationships both ways.

    \b
    Example:
      rmlog balance --one-sided
      rmlog balance alice --since 90d
    """
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.reports.balance import balance_report
    from rmlog.store.engine import open_store
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.reports import balance_rows

    start = parse_since(since, now())
    with open_store(db) as session:
        person_id = resolve_person_id(session, person) if person is not None else None
        everyone = balance_report(balance_rows(session, start, person_id))
    entries = [e for e in everyone if e.flags] if one_sided else everyone
    if json:
        render.emit_report({"since": render.iso(start), "people": [e.to_json() for e in entries]})
        return
    if not entries:
        render.line(_no_balance(bool(everyone), start))
        return
    from rmlog.render import Col

    render.table(
        [Col("person", name=True, shrink=12), Col("gave", right=True), Col("got", right=True),
         Col("net", right=True, drop=2), Col("give %", right=True, drop=3), Col("you reach out", right=True, drop=1),
         Col("flags", shrink=24)],
        [(render.person(e.name, e.handle), _num(e.gave), _num(e.received), _num(e.net), _pct(e.give_ratio),
          _pct(e.initiation_share), _flags(e.flags)) for e in entries],
        title=f"Balance since {render.short_date(start)}",
    )


def _no_balance(anyone: bool, start) -> str:
    if anyone:
        return f"No one-sided relationships since {render.short_date(start)}: give and take are balanced."
    return f"Nothing given or received since {render.short_date(start)}."


def _flags(flags) -> render.Styled | str:
    """Flags in the warning colour, behind a warning sign."""
    return render.Styled("⚠ " + ", ".join(flags), render.WARN) if flags else ""


def _num(value: float) -> str:
    return f"{value:g}"


def _pct(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.0%}"


def review(
    since: Annotated[str, typer.Option("--since", help=f"Period: 30d, 2w, {SINCE_FORMS}.")] = "30d",
    weekly: Annotated[bool, typer.Option("--weekly", help="The weekly ritual: one key per item.")] = False,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Reflect on a period: contact, promises kept and broken, drift, balance, warning signs,
    relationships that cost you energy. --weekly walks you through this week's decisions.

    \b
    Example:
      rmlog review --since 30d
      rmlog review --weekly
    """
    if weekly:
        from rmlog.cli.weekly import weekly as ritual

        ritual(db, json)
        return
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.dates import parse_since
    from rmlog.reports.due import stale_bounds
    from rmlog.reports.review import build_review
    from rmlog.store.engine import open_store
    from rmlog.store.queries import circle_sizes, interaction_times
    from rmlog.store.reports import (
        activity_counts, balance_rows, commitment_rows, interaction_rows, person_statuses,
    )

    moment, config = now(), load_cadences()
    start = parse_since(since, moment)
    with open_store(db) as session:
        statuses = person_statuses(session, stale=stale_bounds(config, moment), created_since=start, reset=config.reset)
        result = build_review(
            statuses,
            interaction_rows(session, start, moods_only=True),
            commitment_rows(session, touched_since=start),
            balance_rows(session, start),
            start, moment, config,
            activity=activity_counts(session, start, moment),
        )
        if not json:
            times, sizes = interaction_times(session, start, moment), circle_sizes(session)
    if json:
        render.emit_report(result.to_json())
        return
    _render_review(result)
    _render_weeks(times, start, moment)
    _render_circles(sizes, statuses, moment, config)
    _render_review_lists(result)


def _render_review(r) -> None:
    render.heading(f"Review {render.short_date(r.since)} to {render.short_date(r.now)}")
    mine, theirs = r.promises_mine, r.promises_theirs
    render.fields([
        ("Interactions", f"{r.interactions} with {_count(r.people_touched, 'person', 'people')}"),
        ("New people", ", ".join(p.handle for p in r.new_people) or "none"),
        ("Your promises", _promises(mine)),
        ("Their promises", _promises(theirs)),
        ("You keep your word", _reliability(r.reliability_mine)),
        ("They keep theirs", _reliability(r.reliability_theirs)),
    ])


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _promises(stats) -> str:
    overdue = f" ({stats.overdue} overdue)" if stats.overdue else ""
    return f"{stats.kept} kept, {stats.broken} broken, {stats.open} open{overdue}"


def _render_weeks(times, start, moment) -> None:
    """Interactions per week: a bar each for up to 16 weeks, a sparkline beyond."""
    from rmlog import charts
    from rmlog.clock import to_local

    today = to_local(moment).date()
    weeks = max(1, -(-((today - to_local(start).date()).days + 1) // 7))
    counts = charts.week_counts(times, today, weeks, lambda t: to_local(t).date())
    starts = charts.week_starts(today, weeks)
    render.line()
    render.heading("Interactions per week")
    if weeks > 16:
        shown = counts[-(render.terminal_width() or weeks):]
        render.segments([render.Styled(charts.sparkline(shown), render.GOOD)])
        render.line(f"{len(shown)} weeks to {render.short_date(today)}, at most {max(counts)} in a week")
        return
    labels = [render.short_date(day) for day in starts]
    room = min(render.terminal_width() or 80, 60) - max(map(len, labels)) - len(str(max(counts))) - 3
    for label, count in zip(labels, counts):
        render.segments([f"{label:<{max(map(len, labels))}}  ",
                         render.Styled(charts.bar(count, max(counts), room), render.GOOD), f" {count}"])


def _render_circles(sizes, statuses, moment, config) -> None:
    """Each circle side by side: how many people, how many due, how many drifting."""
    from rmlog.render import Col
    from rmlog.reports.due import contact_status, is_due

    due, drifting = {}, {}
    for person in statuses:
        status = contact_status(person, moment, config)
        if is_due(person, status, moment):
            tally = drifting if status.drifting else due
            tally[person.circle] = tally.get(person.circle, 0) + 1
    circles = [c.value for c in Circle]
    render.line()
    render.table(
        [Col("circles"), *(Col(name, right=True) for name in circles)],
        [("people", *(sizes.get(c, 0) for c in circles)),
         ("due", *(_tally(due.get(c, 0), render.WARN) for c in circles)),
         ("drifting", *(_tally(drifting.get(c, 0), render.BAD) for c in circles))],
    )


def _tally(count: int, style: str) -> render.Styled:
    return render.Styled(str(count), style if count else render.FAINT)


def _render_review_lists(r) -> None:
    from rmlog.render import Col

    for title, entries in (("Drifted past their cadence", r.drifted), ("Past their maximum window", r.not_seen_2x)):
        if entries:
            render.line()
            render.table(
                [Col("person", name=True, shrink=12), Col("circle", drop=2), Col("last"), Col("every", drop=1),
                 Col("status")],
                [(render.person(e.name, e.handle), e.circle, render.since(e.days_since), f"{e.cadence_days}d",
                  _overdue(e)) for e in entries],
                title=f"{title} ({len(entries)})",
            )
    if r.one_sided:
        render.line()
        render.table(
            [Col("person", name=True, shrink=12), Col("flags")],
            [(render.person(e.name, e.handle), _flags(e.flags)) for e in r.one_sided],
            title=f"One-sided ({len(r.one_sided)})",
        )
    if r.warning_signs:
        render.line()
        render.table(
            [Col("person", name=True, shrink=12), Col("moods < 0 in a row", right=True), Col("")],
            [(render.person(w.name, w.handle), render.Styled(f"⚠ {w.negatives}", render.WARN),
              "the latest too" if w.ongoing else "") for w in r.warning_signs],
            title=f"Warning signs ({len(r.warning_signs)})",
        )
    if r.draining:
        render.line()
        render.heading(f"Relationships that cost you energy ({len(r.draining)})")
        for d in r.draining:
            render.line(f"  {d.handle} ({d.drain} of 4 signals):")
            for reason in d.reasons:
                render.line(f"    {reason}")
        render.line("  Not a verdict: maybe a frank talk, a lighter rhythm, or another circle.")


def _reliability(rel) -> str:
    if rel.total == 0:
        return "no promises with a due date resolved yet"
    return f"{rel.kept} of {rel.total} on time ({rel.ratio:.0%})"


def plan(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="How many people.")] = 10,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Whom to prioritise, what they need, and what you could offer each.

    \b
    Example:
      rmlog plan --limit 5
    """
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.dates import parse_since
    from rmlog.reports.cadence import verdict
    from rmlog.reports.give_first import give_first
    from rmlog.reports.plan import build_plan
    from rmlog.store.engine import open_store
    from rmlog.store.reports import balance_rows, commitment_rows, person_statuses, received_rows

    moment, settings = now(), load_practice()
    config = settings.cadences
    with open_store(db) as session:
        people = person_statuses(session, reset=config.reset)
        balances = balance_rows(session, balance_window_start(moment), initiation=False)
        entries = build_plan(
            people, balances,
            commitment_rows(session, open_only=True),
            received_rows(session, parse_since(RECENT_GIFTS, moment)),
            moment, config, limit,
        )
    queue = give_first(people, balances, settings.offers, limit)
    if json:
        render.emit_report({"now": render.iso(moment), "give_first": [g.to_json() for g in queue],
                          "people": [e.to_json() for e in entries]})
        return
    if not entries:
        render.line("No one to plan for yet: add people in the inner, core or network circles.")
        return
    if queue:
        render.table(["handle", "why"], [(g.handle, g.why) for g in queue], title=f"Give first ({len(queue)})")
        render.line()
    if not settings.offers:
        render.line("To match needs: rmlog config --offers \"what you can give\"")
        render.line()
    for number, e in enumerate(entries, 1):
        if number > 1:
            render.line()
        render.heading(f"{number}. {render.person(e.name, e.handle)} · {e.circle}")
        mark = render.contact(verdict(e.days_since, e.window))
        render.fields([
            ("Last contact", render.Styled(_last_contact(e, mark.text), mark.style)),
            ("Needs", e.needs),
            ("Offers", e.offers),
            ("You promised", "; ".join(p.what + (" (overdue)" if p.overdue else "") for p in e.my_promises)),
            ("Received", "; ".join(f"{g.what or g.kind} ({render.short_date(g.occurred_at)})"
                                   for g in e.recent_received)),
            ("Next step", e.next_step),
        ])


def _last_contact(entry, mark: str) -> str:
    text = render.ago(entry.days_since)
    if entry.cadence_days:
        text += f", every {entry.cadence_days} days · {mark}"
    return text


class Section(str, Enum):
    """What search looks in."""

    notes = "notes"
    promises = "promises"
    people = "people"


def search(
    text: Annotated[str, typer.Argument(help='Words (any order), "a phrase", word*, -excluded.')],
    person: Annotated[Optional[str], typer.Option("--person", "-p", help="Only notes and promises with this person.")] = None,
    since: Annotated[Optional[str], typer.Option("--since", "-s", help="Only since: 90d, 2026-01-01.")] = None,
    kind: Annotated[Optional[Kind], typer.Option("--kind", "-k", help="Only notes of this kind of contact.")] = None,
    within: Annotated[Optional[Section], typer.Option("--in", help="Only notes, promises or people.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="At most N hits per section.")] = 20,
    db: Db = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Search notes, promises and people: best match first, recent before old.

    Case and accents are ignored (muller finds Müller); the last word also finds longer
    words as you type (seed finds seedling).

    \b
    Example:
      rmlog search investors seed
      rmlog search '"seed round" -angel' --since 1y
      rmlog search deck --person alice --kind call
    """
    from rmlog.clock import now
    from rmlog.dates import parse_since
    from rmlog.errors import InputError
    from rmlog.store.engine import open_store
    from rmlog.store.queries import resolve_person_id
    from rmlog.store.search import Filters, parse, search_all

    if not text.strip():
        raise InputError("search needs some text, e.g. rmlog search deck")
    if text.strip() and not parse(text).include and parse(text).exclude:
        raise InputError("search needs a word to find besides the -excluded ones, e.g. rmlog search deck -draft")
    moment = now()
    filters = Filters(since=parse_since(since, moment) if since else None, kind=kind.value if kind else None,
                      sections=(within.value,) if within else Filters().sections)
    with open_store(db) as session:
        if person is not None:
            filters.person_id = resolve_person_id(session, person)
        hits = search_all(session, text.strip(), limit, filters, moment)
    if json:
        render.emit_report({"query": text, **hits})
        return
    if not any(hits.values()):
        render.line(f"Nothing matches {render.inert(text)!r}.")
        return
    shown = False
    for title, section, lines in (("People", "people", _person_hit), ("Notes", "interactions", _note_hit),
                                  ("Promises", "commitments", _promise_hit)):
        if hits[section]:
            _gap(shown)
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


def config(
    me: Annotated[Optional[list[str]], typer.Option("--me", help="Your own email address (repeat for each); replaces the list.")] = None,
    offers: Annotated[
        Optional[str], typer.Option("--offers", help="What you can offer people, ';' between items (\"\" clears).")
    ] = None,
    json: Json = False,
    output: Fmt = None,
) -> None:
    """Show the settings in force (cadences, what resets the clock, capacities, your own
    addresses and offers) and the config file that changes them.

    \b
    Example:
      rmlog config
      rmlog config --me a@x.io --me alice@home.example
      rmlog config --offers "intros to ML people; fundraising advice"
      $EDITOR "$(rmlog config --json | jq -r .path)"
    """
    from rmlog.config import config_path, load_me, load_practice, save_me, save_offers
    from rmlog.reports.cadence import window_of

    if me:
        save_me(me)
    if offers is not None:
        save_offers(offers)
    practice, own = load_practice(), load_me()
    cadences = practice.cadences
    circle_windows = {name: window_of(days, cadences.circle_max.get(name)) for name, days in cadences.circles.items()}
    tag_windows = {name: window_of(days, cadences.tag_max.get(name)) for name, days in cadences.tags.items()}
    if json:
        render.emit_json({
            "path": str(config_path()), "circles": dict(cadences.circles), "tags": dict(cadences.tags),
            "maximum": {"circles": {name: w.max if w else None for name, w in circle_windows.items()},
                        "tags": {name: w.max for name, w in tag_windows.items() if w}},
            "reset": {name: list(kinds) for name, kinds in cadences.reset.items()},
            "capacity": dict(practice.capacity), "offers": practice.offers, "me": own,
        })
        return
    render.line(f"Config file: {render.inert(config_path())}")
    render.line(f"Me: {render.inert(', '.join(own)) if own else '(not set: rmlog config --me you@example.com)'}")
    render.table(
        ["kind", "name", "every", "at most", "capacity", "clock reset by"],
        [("circle", name, _every(w), w.max if w else "", practice.capacity.get(name, ""),
          ", ".join(cadences.reset.get(name, ())) or ("any contact" if w else "")) for name, w in circle_windows.items()]
        + [("tag", name, _every(w), w.max if w else "", "", "") for name, w in tag_windows.items()],
    )
    render.fields([("You offer", practice.offers or "nothing yet: rmlog config --offers \"...\"")])


def _every(window) -> str:
    return f"{window.ideal} days" if window else "never"


def register(app: typer.Typer) -> None:
    """Add the report commands to the app."""
    for command in (due, prompt, balance, review, plan, search, config):
        app.command()(command)
