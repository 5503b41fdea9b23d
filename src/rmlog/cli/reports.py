"""Reports: due, balance, review, plan, search, and the cadence config they use."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Optional

import typer

from rmlog import render
from rmlog.cli.options import MAX_LIMIT, Db, Json
from rmlog.errors import InputError
from rmlog.vocab import Circle

SCHEMA = 1
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
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything is due (cron, prompts).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; implies --exit-code (instant, see 'rmlog prompt').")] = False,
    db: Db = None,
    json: Json = False,
) -> None:
    """Whom to reconnect with, which promises fall due, and birthdays coming up.

    \b
    Example:
      rmlog due
      rmlog due --within 7d --circle inner
      rmlog due --json | jq -r '.people[].handle'
    """
    from rmlog.clock import now
    from rmlog.config import load_cadences
    from rmlog.dates import parse_duration
    from rmlog.reports.due import first_line
    from rmlog.store import due_snapshot
    from rmlog.store.engine import open_store
    from rmlog.store.reports import due_report, last_notes, snooze_ends

    if quiet and json:
        raise InputError("--quiet prints nothing; give --quiet or --json, not both")
    moment, days, config = now(), parse_duration(within), load_cadences()
    circle_name = circle.value if circle else None
    full = days == 0 and circle_name is None and tag is None
    before = due_snapshot.key(db) if full else None
    with open_store(db) as session:
        report = due_report(session, moment, config, days, circle_name, tag)
        shown = report.people[:limit] if limit else report.people
        notes = {} if quiet else last_notes(session, [entry.handle for entry in shown])
        snoozes = snooze_ends(session, moment) if full else []
    if full:
        due_snapshot.record(db, report, snoozes, before)
    if quiet:
        raise typer.Exit(1 if report.anything_due else 0)
    report = dataclasses.replace(
        report, people=[dataclasses.replace(e, last_note=first_line(notes.get(e.handle))) for e in shown]
    )
    if json:
        render.emit_json({"schema": SCHEMA, **report.to_json()})
    else:
        _render_due(report)
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

    Answers in milliseconds from the due snapshot, which every write and every full 'due'
    refresh; 'rmlog due' has the details. See the README for bash, zsh, fish and starship.

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


def _render_due(report) -> None:
    if not report.anything_due:
        render.line("All caught up: nobody to reconnect with, no promises due.")
        return
    if report.people:
        render.table(
            ["handle", "name", "circle", "last contact", "days", "every", "over", "last note"],
            [(e.handle, e.name + (" (drifting)" if e.drifting else ""), e.circle,
              render.local_date(e.last_contact), e.days_since, e.cadence_days, e.days_overdue,
              render.first_line(e.last_note, 40)) for e in report.people],
            title=f"Reconnect with ({len(report.people)})",
        )
    if report.commitments:
        _gap(report.people)
        render.table(
            ["#", "person", "whose", "what", "due", ""],
            [(c.id, c.person, "mine" if c.owner == "me" else "theirs", c.what,
              render.local_date(c.due_at), "overdue" if c.overdue else "") for c in report.commitments],
            title=f"Promises due ({len(report.commitments)})",
        )
    if report.birthdays:
        _gap(report.people or report.commitments)
        render.table(
            ["handle", "name", "birthday", "in days", "turns"],
            [(b.handle, b.name, b.date.isoformat(), b.days_until, b.age or "") for b in report.birthdays],
            title=f"Birthdays ({len(report.birthdays)})",
        )


def _gap(previous) -> None:
    if previous:
        render.line()


def balance(
    person: Annotated[Optional[str], typer.Argument(help="Only this person.")] = None,
    since: Annotated[str, typer.Option("--since", help="Window: 90d, 1y, 2026-01-01.")] = BALANCE_WINDOW,
    one_sided: Annotated[bool, typer.Option("--one-sided", help="Only flagged relationships.")] = False,
    db: Db = None,
    json: Json = False,
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
        entries = balance_report(balance_rows(session, start, person_id), one_sided_only=one_sided)
    if json:
        render.emit_json({"schema": SCHEMA, "since": render.iso(start), "people": [e.to_json() for e in entries]})
        return
    if not entries:
        render.line(f"Nothing given or received since {render.local_date(start)}.")
        return
    render.table(
        ["handle", "name", "gave", "got", "net", "give %", "you reach out", "flags"],
        [(e.handle, e.name, _num(e.gave), _num(e.received), _num(e.net), _pct(e.give_ratio),
          _pct(e.initiation_share), ", ".join(e.flags)) for e in entries],
        title=f"Balance since {render.local_date(start)}",
    )


def _num(value: float) -> str:
    return f"{value:g}"


def _pct(ratio: float | None) -> str:
    return "" if ratio is None else f"{ratio:.0%}"


def review(
    since: Annotated[str, typer.Option("--since", help="Period: 30d, 2w, 2026-01-01.")] = "30d",
    weekly: Annotated[bool, typer.Option("--weekly", help="The weekly ritual: one key per item.")] = False,
    db: Db = None,
    json: Json = False,
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
    from rmlog.store.reports import (
        activity_counts, balance_rows, commitment_rows, interaction_rows, person_statuses,
    )

    moment, config = now(), load_cadences()
    start = parse_since(since, moment)
    with open_store(db) as session:
        result = build_review(
            person_statuses(session, stale=stale_bounds(config, moment), created_since=start, reset=config.reset),
            interaction_rows(session, start, moods_only=True),
            commitment_rows(session, touched_since=start),
            balance_rows(session, start),
            start, moment, config,
            activity=activity_counts(session, start, moment),
        )
    if json:
        render.emit_json({"schema": SCHEMA, **result.to_json()})
        return
    _render_review(result)


def _render_review(r) -> None:
    render.heading(f"Review {render.local_date(r.since)} to {render.local_date(r.now)}")
    mine, theirs = r.promises_mine, r.promises_theirs
    render.fields([
        ("Interactions", f"{r.interactions} with {r.people_touched} people"),
        ("New people", ", ".join(p.handle for p in r.new_people) or "none"),
        ("Your promises", f"{mine.kept} kept, {mine.broken} broken, {mine.open} open ({mine.overdue} overdue)"),
        ("Their promises", f"{theirs.kept} kept, {theirs.broken} broken, {theirs.open} open ({theirs.overdue} overdue)"),
        ("You keep your word", _reliability(r.reliability_mine)),
        ("They keep theirs", _reliability(r.reliability_theirs)),
    ])
    sections = [
        ("Drifted past their cadence", r.drifted, lambda e: f"{e.handle}: {e.days_since} days (every {e.cadence_days})"),
        ("Past their maximum window", r.not_seen_2x, lambda e: f"{e.handle}: {e.days_since} days (at most {e.max_days})"),
        ("One-sided", r.one_sided, lambda e: f"{e.handle}: {', '.join(e.flags)}"),
        ("Warning signs", r.warning_signs,
         lambda w: f"{w.handle}: {w.negatives} difficult interactions in a row"
                   + (" (latest too)" if w.ongoing else "")),
    ]
    for title, items, describe in sections:
        if items:
            render.line()
            render.heading(f"{title} ({len(items)})")
            for item in items:
                render.line(f"  {render.inert(describe(item))}")
    if r.draining:
        render.line()
        render.heading(f"Relationships that cost you energy ({len(r.draining)})")
        for d in r.draining:
            render.line(f"  {render.inert(d.handle)} ({d.drain} of 4 signals):")
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
) -> None:
    """Whom to prioritise, what they need, and what you could offer each.

    \b
    Example:
      rmlog plan --limit 5
    """
    from rmlog.clock import now
    from rmlog.config import load_practice
    from rmlog.dates import parse_since
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
        render.emit_json({"schema": SCHEMA, "now": render.iso(moment), "give_first": [g.to_json() for g in queue],
                          "people": [e.to_json() for e in entries]})
        return
    if not entries:
        render.line("No one to plan for yet: add people in the inner, core or network circles.")
        return
    if queue:
        render.table(["handle", "why"], [(g.handle, g.why) for g in queue], title=f"Give first ({len(queue)})")
        render.line()
    if not settings.offers:
        render.line("Say what you can offer to match it with their needs: rmlog config --offers \"...\"")
        render.line()
    for number, e in enumerate(entries, 1):
        if number > 1:
            render.line()
        render.heading(f"{number}. {render.inert(e.name)} ({e.handle}), {e.circle}")
        render.fields([
            ("Last contact", render.ago(e.days_since) + (f", every {e.cadence_days} days" if e.cadence_days else "")),
            ("Needs", e.needs),
            ("Offers", e.offers),
            ("You promised", "; ".join(p.what + (" (overdue)" if p.overdue else "") for p in e.my_promises)),
            ("They gave you", "; ".join(g.what for g in e.recent_received)),
            ("Next step", e.next_step),
        ])


def search(
    text: Annotated[str, typer.Argument(help="Words to look for (case-insensitive).")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="At most N hits per section.")] = 20,
    db: Db = None,
    json: Json = False,
) -> None:
    """Search names, notes, needs and offers, and commitments.

    \b
    Example:
      rmlog search "ML hires"
    """
    from rmlog.errors import InputError
    from rmlog.store.engine import open_store
    from rmlog.store.search import search_all

    if not text.strip():
        raise InputError("search needs some text, e.g. rmlog search deck")
    with open_store(db) as session:
        hits = search_all(session, text.strip(), limit)
    if json:
        render.emit_json({"schema": SCHEMA, "query": text, **hits})
        return
    if not any(hits.values()):
        render.line(f"Nothing matches {render.inert(text)!r}.")
        return
    tables = [
        ("People", ["handle", "name", "matched"], [(p["handle"], p["name"], p["matched"]) for p in hits["people"]]),
        ("Interactions", ["#", "when", "with", "note"],
         [(i["id"], render.local_time(i["occurred_at"]), ", ".join(i["people"]), render.first_line(i["notes"]))
          for i in hits["interactions"]]),
        ("Commitments", ["#", "person", "whose", "what", "status"],
         [(c["id"], c["person"], "mine" if c["owner"] == "me" else "theirs", c["what"], c["status"])
          for c in hits["commitments"]]),
    ]
    shown = False
    for title, columns, rows in tables:
        if rows:
            _gap(shown)
            render.table(columns, rows, title=title)
            shown = True


def config(
    me: Annotated[Optional[list[str]], typer.Option("--me", help="Your own email address (repeat for each); replaces the list.")] = None,
    offers: Annotated[
        Optional[str], typer.Option("--offers", help="What you can offer people, ';' between items (\"\" clears).")
    ] = None,
    json: Json = False,
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
