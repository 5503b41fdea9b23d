"""Past meetings from an iCalendar export (.ics) or a vdir of .ics files (khal, vdirsyncer).

Pure file reading: no store. Each past occurrence of a VEVENT with someone other than the
user becomes one Meeting; the store matches its attendees to people by email.

- Recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) is expanded by
  recurring-ical-events, which also applies Google's X-WR-TIMEZONE.
- Times become aware UTC: TZID (Olson or Outlook's Windows names) as declared, floating
  times in the local zone (rmlog.clock.local_zone), all-day events at local midnight.
- Skipped: STATUS:CANCELLED, events the user declined (PARTSTAT=DECLINED on one of their
  own addresses), all-day events with no attendee but the user, events with nobody else.
- Bad files (binary, not UTF-8, a line over 1 MB, truncated, unparsable times or rules)
  raise CalendarError naming the file and, where known, the line.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Literal

import icalendar
import recurring_ical_events

from rmlog.clock import local_zone
from rmlog.errors import InputError
from rmlog.handles import email_key
from rmlog.io.textfile import SkippedFile, files_in, line_of, read_bytes, refuse_binary_and_long_lines

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
EMAIL_RE = re.compile(r"[^@\s:<>]+@[^@\s:<>]+\.[^@\s:<>]+")
VIDEO_CALL_RE = re.compile(
    r"(?<![\w.-])(?:[\w-]+\.)*(?:meet\.google\.com|zoom\.us|zoom\.com|teams\.microsoft\.com"
    r"|teams\.live\.com|whereby\.com|meet\.jit\.si|8x8\.vc|webex\.com|gotomeeting\.com"
    r"|meet\.goto\.com|bluejeans\.com|chime\.aws|facetime\.apple\.com)(?![\w-])|\bjitsi\b",
    re.IGNORECASE,
)
# where exporters put the call link: Google, RFC 7986, Outlook/Teams, and the plain fields
CALL_PROPERTIES = ("X-GOOGLE-CONFERENCE", "CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
                   "X-MICROSOFT-ONLINEMEETINGCONFLINK", "URL", "LOCATION", "DESCRIPTION")
# properties whose parse errors make an event unusable
TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
HTML_BREAK_RE = re.compile(r"<br\s*/?>|</p>|</div>|</li>", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
NOT_PEOPLE = ("RESOURCE", "ROOM")  # CUTYPE of meeting rooms and projectors
EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
EXPANSION_ERRORS = (recurring_ical_events.InvalidCalendar, ValueError, TypeError, KeyError,
                    AttributeError, IndexError, OverflowError)


class CalendarError(InputError):
    """A calendar file rmlog cannot read (exit 2)."""


@dataclass(frozen=True)
class Meeting:
    """One past occurrence of a calendar event with other people.

    key: stable across re-exports: the UID for a one-off event (so a moved event keeps its
        key), 'UID#RECURRENCE-ID' for an occurrence of a recurring one, the RECURRENCE-ID
        as '20260216T090000Z' (UTC), '20260216T100000' (floating) or '20260216' (all-day).
    start: aware, UTC.
    attendees: lower-case emails of everyone else taking part, organizer first; never the
        user's own addresses, rooms (CUTYPE=RESOURCE/ROOM) or attendees who declined.
    organizer: lower-case email of the ORGANIZER (may be the user's own), or None.
    note: SUMMARY, then on a second line the first line of DESCRIPTION, when there is one.
    names: the display name (CN) an attendee or the organizer has in the event, by email,
        for those that have one other than their address.
    """

    key: str
    start: datetime
    attendees: tuple[str, ...]
    organizer: str | None
    kind: Literal["call", "meeting"]
    note: str
    initiated_by: Literal["me", "them"]
    names: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass
class CalendarResult:
    meetings: list[Meeting] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def read_calendar(
    path: str | Path,
    *,
    me: Iterable[str] = (),
    now: datetime,
    since: datetime | None = None,
    strict: bool = False,
) -> CalendarResult:
    """Meetings of an .ics file or of every .ics file in a vdir folder, sorted by start.

    me: the user's own addresses. Only occurrences with since <= start <= now are kept.
    A bad single file raises CalendarError; in a folder a bad file is skipped and listed in
    result.skipped, unless strict, when it raises.
    """
    path = Path(path)
    own = frozenset(email_key(address) for address in me)
    if path.is_dir():
        return _read_folder(path, own, now, since, strict)
    return CalendarResult(parse_ics(read_bytes(path, CalendarError), str(path),
                                    me=own, now=now, since=since))


def parse_ics(
    data: bytes, name: str, *, me: Iterable[str] = (), now: datetime,
    since: datetime | None = None,
) -> list[Meeting]:
    """Meetings of one iCalendar file's bytes; name is used in error messages."""
    refuse_binary_and_long_lines(data, name, CalendarError)
    text = _decode(data, name)
    event_lines = _check_structure(text, name)
    calendars = _parse(text, name)
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    lines = event_lines if len(event_lines) == len(events) else [None] * len(events)
    line_by_event = {id(event): line for event, line in zip(events, lines)}
    for event in events:
        _check_event(event, name, line_by_event[id(event)])
    recurring = {str(event["UID"]) for event in events if _is_recurring(event)}
    own = frozenset(email_key(address) for address in me)
    window = ((since or EARLIEST) - timedelta(days=1), now + timedelta(days=1))
    meetings = []
    for calendar in calendars:
        _drop_unknown_x_wr_timezone(calendar)
        for occurrence in _expand(calendar, window, name, line_by_event):
            meeting = _meeting(occurrence, own, recurring)
            if meeting and (since is None or meeting.start >= since) and meeting.start <= now:
                meetings.append(meeting)
    return _unique_sorted(meetings)


def _read_folder(folder: Path, own: frozenset[str], now: datetime, since: datetime | None,
                 strict: bool) -> CalendarResult:
    files = files_in(folder, (".ics",))
    if not files:
        raise CalendarError(f"{folder}: no .ics files in this folder; "
                            "pass an .ics export or a vdir of .ics files")
    result = CalendarResult()
    for path in files:
        try:
            result.meetings.extend(parse_ics(read_bytes(path, CalendarError), str(path),
                                             me=own, now=now, since=since))
        except CalendarError as error:
            if strict:
                raise
            result.skipped.append(SkippedFile(path, str(error)))
    result.meetings = _unique_sorted(result.meetings)
    return result


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (RFC 5545), with or without BOM; UTF-16 only with its BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CalendarError(f"{name}: broken UTF-16 text; export the calendar again") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CalendarError(
            f"{name}: line {line_of(data, error.start)}: not UTF-8 text "
            f"(byte 0x{data[error.start]:02x}); export or save the calendar as UTF-8"
        ) from None


def _check_structure(text: str, name: str) -> list[int]:
    """Lines of each BEGIN:VEVENT; raise unless BEGIN and END lines pair up from BEGIN:VCALENDAR."""
    stack: list[tuple[str, int]] = []
    events: list[int] = []
    started = False
    for number, line in enumerate(LINE_BREAK_RE.split(text), start=1):
        if not line.strip() or line[0] in " \t":
            continue
        upper = line.strip().upper()
        if not started and upper != "BEGIN:VCALENDAR":
            raise CalendarError(f"{name}: line {number}: expected BEGIN:VCALENDAR; "
                                "this is not an iCalendar (.ics) file")
        started = True
        if upper.startswith("BEGIN:"):
            stack.append((upper[6:], number))
            if upper == "BEGIN:VEVENT":
                events.append(number)
        elif upper.startswith("END:"):
            if not stack or stack[-1][0] != upper[4:]:
                opened = f" (open: BEGIN:{stack[-1][0]} of line {stack[-1][1]})" if stack else ""
                raise CalendarError(f"{name}: line {number}: {upper} without its BEGIN{opened}; "
                                    "the file is damaged, export it again")
            stack.pop()
    if not started:
        raise CalendarError(f"{name}: empty; this is not an iCalendar (.ics) file")
    if stack:
        component, number = stack[-1]
        raise CalendarError(f"{name}: line {number}: BEGIN:{component} is never closed; "
                            "the file is cut short, export it again")
    return events


def _parse(text: str, name: str) -> list[icalendar.Calendar]:
    try:
        return icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise CalendarError(f"{name}: not valid iCalendar ({_brief(error)}); "
                            "export it again") from None


def _check_event(event: icalendar.Event, name: str, line: int | None) -> None:
    """Raise for an event without a usable start or with broken times or rules; give it a UID."""
    where = f"{name}: line {line}" if line else name
    broken = [prop for prop, _ in event.errors if prop.upper() in TIME_PROPERTIES]
    if broken:
        raise CalendarError(f"{where}: the event's {broken[0]} cannot be read; "
                            "fix or remove that event and try again")
    start = event.get("DTSTART")
    if not isinstance(start, icalendar.vDDDTypes) or not isinstance(start.dt, date):
        raise CalendarError(f"{where}: the event has no DTSTART; "
                            "fix or remove that event and try again")
    for rule in _as_list(event.get("RRULE")):
        problem = _rule_problem(rule)
        if problem:
            raise CalendarError(f"{where}: the event's RRULE {problem}; "
                                "fix or remove that event and try again")
    _drop_end_before_start(event)
    if not str(event.get("UID", "")).strip():
        event["UID"] = _made_up_uid(event)


def _rule_problem(rule: icalendar.vRecur) -> str | None:
    """Rules the expander would loop on forever (INTERVAL=0) or for minutes (every second)."""
    frequency = str((rule.get("FREQ") or [""])[0]).upper()
    if frequency in ("SECONDLY", "MINUTELY"):
        return f"repeats {frequency.lower()}, which no meeting does"
    interval = (rule.get("INTERVAL") or [1])[0]
    if not isinstance(interval, int) or interval < 1:
        return "has an INTERVAL below 1"
    return None


def _drop_end_before_start(event: icalendar.Event) -> None:
    """A DTEND before DTSTART (a writer's bug) would make the expander swap them; it is not used."""
    end = event.get("DTEND")
    if isinstance(end, icalendar.vDDDTypes) and isinstance(end.dt, date):
        if _utc(end.dt) < _utc(event["DTSTART"].dt):
            del event["DTEND"]


def _made_up_uid(event: icalendar.Event) -> str:
    """The same for the same event in every export (DTSTAMP, which changes, is left out)."""
    source = event["DTSTART"].to_ical() + str(event.get("SUMMARY", "")).encode("utf-8")
    return "rmlog-" + hashlib.sha256(source).hexdigest()[:20]


def _is_recurring(event: icalendar.Event) -> bool:
    return any(prop in event for prop in ("RRULE", "RDATE", "RECURRENCE-ID"))


def _drop_unknown_x_wr_timezone(calendar: icalendar.Calendar) -> None:
    """An X-WR-TIMEZONE naming no zone is ignored (times in UTC or with TZID stay right)."""
    zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if not zone:
        return
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        del calendar["X-WR-TIMEZONE"]


def _expand(calendar: icalendar.Calendar, window: tuple[datetime, datetime], name: str,
            line_by_event: dict[int, int | None]) -> list[icalendar.Event]:
    try:
        return list(recurring_ical_events.of(calendar).between(*window))
    except EXPANSION_ERRORS as error:
        line = _failing_line(calendar, window, line_by_event)
        where = f"{name}: line {line}" if line else name
        raise CalendarError(f"{where}: cannot work out the event's dates "
                            f"({_brief(error)}); fix or remove that event") from None


def _failing_line(calendar: icalendar.Calendar, window: tuple[datetime, datetime],
                  line_by_event: dict[int, int | None]) -> int | None:
    """The line of the first event whose series alone fails to expand (the error path only)."""
    series: dict[str, list[icalendar.Event]] = {}
    for event in calendar.walk("VEVENT"):
        series.setdefault(str(event["UID"]), []).append(event)
    zones = calendar.walk("VTIMEZONE")
    for events in series.values():
        single = icalendar.Calendar()
        for component in [*zones, *events]:
            single.add_component(component)
        try:
            list(recurring_ical_events.of(single).between(*window))
        except EXPANSION_ERRORS:
            return line_by_event.get(id(events[0]))
    return None


def _meeting(event: icalendar.Event, own: frozenset[str], recurring: set[str]) -> Meeting | None:
    """The meeting of one occurrence, or None when it is not a meeting with someone else."""
    if str(event.get("STATUS", "")).strip().upper() == "CANCELLED":
        return None
    attendees = _as_list(event.get("ATTENDEE"))
    if any(_email(a) in own and _param(a, "PARTSTAT") == "DECLINED" for a in attendees):
        return None
    start = event.decoded("DTSTART")
    others = [email for a in attendees if _takes_part(a) and (email := _email(a)) and email not in own]
    if not isinstance(start, datetime) and not others:
        return None
    organizer = _email(event.get("ORGANIZER"))
    people = tuple(dict.fromkeys(e for e in (organizer, *others) if e and e not in own))
    if not people:
        return None
    return Meeting(
        key=_key(event, recurring),
        start=_utc(start),
        attendees=people,
        organizer=organizer,
        kind="call" if _is_call(event) else "meeting",
        note=_note(event),
        initiated_by="me" if organizer in own else "them",
        names=_names([event.get("ORGANIZER"), *attendees], people),
    )


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _param(address, name: str) -> str:
    params = getattr(address, "params", {})
    return str(params.get(name, "")).strip().upper()


def _takes_part(address) -> bool:
    return _param(address, "CUTYPE") not in NOT_PEOPLE and _param(address, "PARTSTAT") != "DECLINED"


def _email(address) -> str | None:
    """'mailto:Bob@X.io' (any case), an EMAIL parameter, or a bare address -> 'bob@x.io'
    (its email_key, as stored addresses are matched by)."""
    if address is None:
        return None
    value = str(address).strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:"):]
    elif getattr(address, "params", {}).get("EMAIL"):
        value = str(address.params["EMAIL"])
    value = email_key(value)
    return value if EMAIL_RE.fullmatch(value) else None


def _names(addresses: list, people: tuple[str, ...]) -> dict[str, str]:
    """CN by email for the people taking part; a CN that is an address is no name."""
    names = {}
    for address in addresses:
        email = _email(address)
        name = " ".join(str(getattr(address, "params", {}).get("CN", "")).split()).strip("'\"")
        if email in people and name and "@" not in name:
            names.setdefault(email, name)
    return names


def _key(event: icalendar.Event, recurring: set[str]) -> str:
    uid = str(event["UID"])
    if uid not in recurring:
        return uid
    return f"{uid}#{_stamp(event.decoded('RECURRENCE-ID'))}"


def _stamp(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.strftime("%Y%m%d")
    if value.tzinfo is None:
        return value.strftime("%Y%m%dT%H%M%S")
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _utc(value: date | datetime) -> datetime:
    """Aware UTC: floating times and all-day dates are taken in the local zone."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=local_zone())
    return value.astimezone(timezone.utc)


def _is_call(event: icalendar.Event) -> bool:
    texts = (str(value) for prop in CALL_PROPERTIES for value in _as_list(event.get(prop)))
    return any(VIDEO_CALL_RE.search(text) for text in texts)


def _note(event: icalendar.Event) -> str:
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    detail = _description_line(str(event.get("DESCRIPTION", "")))
    return "\n".join(part for part in (summary, detail) if part)


def _description_line(text: str) -> str | None:
    """The first line of a description; None when it opens with Google's or Teams' call block."""
    if HTML_BREAK_RE.search(text) or HTML_TAG_RE.search(text):
        text = html.unescape(HTML_TAG_RE.sub("", HTML_BREAK_RE.sub("\n", text)))
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if line.startswith("-::~") or not any(char.isalnum() for char in line):
            return None
        return line
    return None


def _unique_sorted(meetings: list[Meeting]) -> list[Meeting]:
    """One meeting per key (the first seen), by start time."""
    unique = {}
    for meeting in meetings:
        unique.setdefault(meeting.key, meeting)
    return sorted(unique.values(), key=lambda meeting: (meeting.start, meeting.key))


def _brief(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "..."
