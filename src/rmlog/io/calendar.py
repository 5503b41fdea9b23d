"""Past meetings from an iCalendar export (.ics) or a vdir of .ics files (khal, vdirsyncer).

Pure file reading: no store. Each past occurrence of a VEVENT that the user took part in,
with someone else, becomes one Meeting; the store matches its attendees to people by email.

- The file is read as a stream of components: one-off events are read by a small content-line
  reader (fast: 100k events in seconds) and recurring ones (RRULE, RDATE, RECURRENCE-ID) are
  expanded per series by recurring-ical-events, which also applies Google's X-WR-TIMEZONE.
- Expansion is bounded: recurring events are expanded from `since`, or YEARS_BACK years
  back; a series stops at Limits.series occurrences and a file at Limits.file meetings; a rule
  that repeats more often than hourly, or that would step through more than Limits.steps
  occurrences from its start, is refused; so is a VTIMEZONE rule finer than daily; a file
  stops after Limits.seconds. Each is a warning (CalendarResult.warnings), never a hang.
- Times become aware UTC: TZID (Olson, Outlook's Windows names or the file's VTIMEZONE) as
  declared, an unknown TZID as UTC (with a warning), floating times in the local zone
  (rmlog.clock.local_zone), all-day events at local midnight.
- Taking part: with the user's addresses (me), only events they organised or accepted
  (ACCEPTED, TENTATIVE or no PARTSTAT); declined, unanswered (NEEDS-ACTION), cancelled
  events and those without the user are left out and counted (CalendarResult.left_out).
  Without addresses, every event but the cancelled ones. Rooms, resources, groups and
  list-like addresses (noreply@, Google's group calendars) are never attendees.
- An event that cannot be read is skipped with a warning naming file, line and UID (strict:
  CalendarError). A bad file (binary, not UTF-8, a line over 1 MB, damaged BEGIN/END)
  raises CalendarError naming the file and, where known, the line.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
import time as clock
import unicodedata
import warnings
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Literal

from rmlog.clock import local_zone
from rmlog.errors import InputError
from rmlog.handles import email_key
from rmlog.io.textfile import SkippedFile, files_in, line_of, read_bytes, refuse_binary_and_long_lines

MARK_RE = re.compile(r"^(BEGIN|END):([^\n]*)$", re.MULTILINE | re.IGNORECASE)
FOLD_RE = re.compile(r"\n[ \t]")
X_WR_TIMEZONE_RE = re.compile(r"^X-WR-TIMEZONE[;:][^\n]*$", re.MULTILINE | re.IGNORECASE)
NAME_RE = re.compile(r"[A-Za-z0-9-]+")
PARAM_VALUES = r'(?:\s*"[^"]*"|[^";:,]*)(?:,(?:\s*"[^"]*"|[^";:,]*))*'
PARAM_RE = re.compile(rf";([A-Za-z0-9-]+)=({PARAM_VALUES})")
CONTENT_LINE_RE = re.compile(rf"((?:;[A-Za-z0-9-]+={PARAM_VALUES})*):(.*)", re.DOTALL)
TEXT_ESCAPE_RE = re.compile(r"\\([\\;,nN])")
WHEN_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
EMAIL_RE = re.compile(r"[^@\s:<>\x00-\x1f\x7f]+@[^@\s:<>\x00-\x1f\x7f]+\.[^@\s:<>\x00-\x1f\x7f]+")
# senders and attendees that are lists, robots or calendars, never a person
LIST_ADDRESS_RE = re.compile(
    r"(?:no-?reply|do-?not-?reply|unknownorganizer|calendar-notification|notifications?"
    r"|mailer-daemon|postmaster|bounces?)(?:[+._-][^@]*)?@.*"
    r"|.*@(?:group|resource|import)\.calendar\.google\.com"
)
VIDEO_CALL_RE = re.compile(
    r"(?<![\w.-])(?:[\w-]+\.)*(?:meet\.google\.com|zoom\.us|zoom\.com|teams\.microsoft\.com"
    r"|teams\.live\.com|whereby\.com|meet\.jit\.si|8x8\.vc|webex\.com|gotomeeting\.com"
    r"|meet\.goto\.com|bluejeans\.com|chime\.aws|facetime\.apple\.com)(?![\w-])|\bjitsi\b",
    re.IGNORECASE,
)
# where exporters put the call link: Google, RFC 7986, Outlook/Teams, and the plain fields
CALL_PROPERTIES = ("X-GOOGLE-CONFERENCE", "CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
                   "X-MICROSOFT-ONLINEMEETINGCONFLINK", "URL", "LOCATION", "DESCRIPTION")
HTML_BREAK_RE = re.compile(r"<br\s*/?>|</p>|</div>|</li>", re.IGNORECASE)
HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
NOT_PEOPLE = ("RESOURCE", "ROOM", "GROUP", "UNKNOWN")  # CUTYPE of rooms, projectors, lists
NOT_THERE = ("DECLINED", "DELEGATED")  # PARTSTAT of others who did not take part
TAKING_PART = ("ACCEPTED", "TENTATIVE", "")  # PARTSTAT of a user who took part (none: by hand)
RECURRENCE = ("RRULE", "RDATE", "RECURRENCE-ID")
DATE_LISTS = ("RRULE", "RDATE", "EXDATE")
EVENT_PROPERTIES = frozenset({"UID", "DTSTART", "EXDATE", "STATUS", "ORGANIZER", "ATTENDEE",
                              "SUMMARY", *RECURRENCE, *CALL_PROPERTIES})
YEARS_BACK = 2  # recurring events are expanded from this many years back unless --since
# a rule's seconds per step, roughly; finer than hourly is no meeting
PERIOD = {"YEARLY": 365.25 * 86400, "MONTHLY": 30.44 * 86400, "WEEKLY": 7 * 86400,
          "DAILY": 86400, "HOURLY": 3600, "MINUTELY": 60, "SECONDLY": 1}
# the BYxxx parts that multiply the steps of a rule of each frequency
MULTIPLYING = {"BYMONTH": ("YEARLY",), "BYWEEKNO": ("YEARLY",), "BYYEARDAY": ("YEARLY",),
               "BYMONTHDAY": ("YEARLY", "MONTHLY"), "BYDAY": ("YEARLY", "MONTHLY", "WEEKLY"),
               "BYHOUR": ("YEARLY", "MONTHLY", "WEEKLY", "DAILY"),
               "BYMINUTE": tuple(PERIOD), "BYSECOND": tuple(PERIOD)}
ZONE_RULES_UNTIL = datetime(2038, 1, 1, tzinfo=timezone.utc)  # how far icalendar expands zones
SHOWN_LINE = 80


class CalendarError(InputError):
    """A calendar file rmlog cannot read (exit 2)."""


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may cause: occurrences per series and per file, steps a
    rule may take from its start, seconds per file."""

    series: int = 5_000
    file: int = 250_000
    steps: int = 100_000
    seconds: float = 60.0


@dataclass(frozen=True, slots=True)
class Meeting:
    """One past occurrence of a calendar event with other people.

    key: stable across re-exports: the UID for a one-off event (so a moved event keeps its
        key), 'UID#RECURRENCE-ID' for an occurrence of a recurring one, the RECURRENCE-ID
        as '20260216T090000Z' (UTC), '20260216T100000' (floating) or '20260216' (all-day);
        'UID#DTSTART' (same forms) for a later one-off event reusing a UID in the same file.
    start: aware, UTC.
    attendees: lower-case emails of everyone else taking part, organizer first; never the
        user's own addresses, rooms, lists or attendees who declined.
    organizer: lower-case email of the ORGANIZER (may be the user's own), or None.
    note: SUMMARY, then on a second line the first line of DESCRIPTION, when there is one.
    names: the display name (CN) an attendee or the organizer has in the event, by email,
        for those that have one other than their address.
    series: the UID of the recurring series the meeting is an occurrence of, else None.
    """

    key: str
    start: datetime
    attendees: tuple[str, ...]
    organizer: str | None
    kind: Literal["call", "meeting"]
    note: str
    initiated_by: Literal["me", "them"]
    names: Mapping[str, str] = field(default_factory=dict, compare=False)
    series: str | None = field(default=None, compare=False)


@dataclass
class CalendarResult:
    """meetings, sorted by start; skipped: files of a folder not read; warnings: one line each,
    naming the file; left_out: occurrences not counted, by reason ('declined', 'unanswered',
    'cancelled', 'without you'); expanded_from: where recurring events were read from;
    cut_series: series that started before expanded_from."""

    meetings: list[Meeting] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    expanded_from: datetime | None = None
    cut_series: int = 0

    def add(self, other: CalendarResult) -> None:
        self.meetings.extend(other.meetings)
        self.warnings.extend(other.warnings)
        self.left_out.update(other.left_out)
        self.cut_series += other.cut_series


@dataclass
class _Event:
    """A VEVENT as read: its top-level properties by name, as (parameters, value) pairs."""

    line: int
    props: dict[str, list[tuple[dict[str, str], str]]]
    lines: list[str]

    def first(self, name: str) -> tuple[dict[str, str], str] | None:
        values = self.props.get(name)
        return values[0] if values else None

    def value(self, name: str) -> str:
        found = self.first(name)
        return found[1] if found else ""

    @property
    def uid(self) -> str:
        return self.value("UID").strip()

    @property
    def recurring(self) -> bool:
        return any(name in self.props for name in RECURRENCE)


class _Skip(Exception):
    """An event that cannot be read or whose rule is refused: the reason, said in full."""


def read_calendar(
    path: str | Path,
    *,
    me: Iterable[str] = (),
    now: datetime,
    since: datetime | None = None,
    strict: bool = False,
    limits: Limits = Limits(),
) -> CalendarResult:
    """Meetings of an .ics file or of every .ics file in a vdir folder, sorted by start.

    me: the user's own addresses. Only occurrences with since <= start <= now are kept.
    A bad single file raises CalendarError; in a folder a bad file is skipped and listed in
    result.skipped, unless strict, when it raises (as it does for an unreadable event).
    """
    path = Path(path)
    own = frozenset(email_key(address) for address in me)
    if not path.is_dir():
        return parse_ics(read_bytes(path, CalendarError), str(path), me=own, now=now,
                         since=since, strict=strict, limits=limits)
    files = files_in(path, (".ics",))
    if not files:
        raise CalendarError(f"{path}: no .ics files in this folder; "
                            "pass an .ics export or a vdir of .ics files")
    result = CalendarResult(expanded_from=_expanded_from(since, now))
    for file in files:
        try:
            result.add(parse_ics(read_bytes(file, CalendarError), str(file), me=own, now=now,
                                 since=since, strict=strict, limits=limits))
        except CalendarError as error:
            if strict:
                raise
            result.skipped.append(SkippedFile(file, str(error)))
    result.meetings = _unique_sorted(result.meetings)
    return result


def parse_ics(
    data: bytes, name: str, *, me: Iterable[str] = (), now: datetime,
    since: datetime | None = None, strict: bool = False, limits: Limits = Limits(),
) -> CalendarResult:
    """Meetings of one iCalendar file's bytes; name is used in messages."""
    refuse_binary_and_long_lines(data, name, CalendarError)
    text = _decode(data, name)
    del data  # a 30 MB export need not be held twice while it is read
    reader = _FileReader(name, frozenset(email_key(a) for a in me), now, since, strict, limits)
    with warnings.catch_warnings():  # icalendar's guesses at TZIDs are Python warnings
        warnings.simplefilter("ignore")
        return reader.read(text)


def _expanded_from(since: datetime | None, now: datetime) -> datetime:
    leap_day = (now.month, now.day) == (2, 29)
    return since or now.replace(year=now.year - YEARS_BACK, day=28 if leap_day else now.day)


class _FileReader:
    """Reads one file's components in order, keeping only recurring events until the end."""

    def __init__(self, name: str, own: frozenset[str], now: datetime, since: datetime | None,
                 strict: bool, limits: Limits) -> None:
        self.name, self.own, self.now, self.since = name, own, now, since
        self.strict, self.limits = strict, limits
        self.result = CalendarResult(expanded_from=_expanded_from(since, now))
        self.deadline = clock.process_time() + limits.seconds
        self.head: list[str] = []  # calendar properties the expander needs (X-WR-TIMEZONE)
        self.zones: dict[str, object] = {}
        self.unknown_zones: set[str] = set()
        self.seen: dict[tuple[str, str], int] = {}  # (UID, RECURRENCE-ID) -> line
        self.series: dict[str, list[_Event]] = {}
        self.stopped = False

    def read(self, text: str) -> CalendarResult:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.head = X_WR_TIMEZONE_RE.findall(text)[:1]
        for kind, line, block in _components(text, self.name):
            if self.stopped:
                continue
            if kind == "VTIMEZONE":
                self._zone(line, _unfolded(block))
            else:
                self._event(line, block)
            self._check_budget(line)
        for uid, events in self.series.items():
            if self.stopped:
                break
            self._expand(uid, events)
        self.result.meetings = _unique_sorted(self.result.meetings)
        return self.result

    # -- problems ---------------------------------------------------------------------

    def warn(self, line: int | None, text: str, uid: str = "") -> None:
        where = f"{self.name}: line {line}" if line else self.name
        event = f" (UID {_clip(uid)})" if uid else ""
        self.result.warnings.append(f"{where}{event}: {text}")

    def skip(self, event: _Event, problem: str) -> None:
        """An event left out: CalendarError when strict, else a warning."""
        if self.strict:
            where = f"{self.name}: line {event.line}"
            raise CalendarError(f"{where}: {problem}; fix or remove that event, "
                                "or leave out --strict to skip it")
        self.warn(event.line, f"{problem}; the event is skipped", event.uid)

    def _check_budget(self, line: int | None) -> None:
        if self.stopped:
            return
        problem = None
        if len(self.result.meetings) >= self.limits.file:
            problem = f"more than {self.limits.file:,} meetings"
        elif clock.process_time() > self.deadline:
            problem = f"more than {self.limits.seconds:g} s of work"
        if problem is None:
            return
        if self.strict:
            raise CalendarError(f"{self.name}: {problem}; pass --since to read less of it")
        self.stopped = True
        self.warn(line, f"{problem}; the rest of the file is not read (pass --since to read less)")

    # -- time zones -------------------------------------------------------------------

    def _zone(self, line: int, lines: list[str]) -> None:
        """Make a VTIMEZONE known to icalendar, unless its rules would take the machine."""
        import icalendar

        tzid = next((value for name, _, value in map(_content_line, lines) if name == "TZID"), "")
        rules = [value for name, _, value in map(_content_line, lines) if name == "RRULE"]
        problem = next(filter(None, (_zone_rule_problem(rule, lines) for rule in rules)), None)
        if problem is None:
            try:
                icalendar.Timezone.from_ical("\r\n".join(lines))
                return
            except Exception as error:  # icalendar raises many kinds for a damaged zone
                problem = f"cannot be read ({_brief(error)})"
        self.warn(line, f"time zone {_clip(tzid)!r} {problem}; its times are read as UTC")
        self.zones[tzid.strip()] = timezone.utc
        self.unknown_zones.add(tzid.strip())

    def zone(self, tzid: str, line: int) -> object:
        """The tzinfo of a TZID; an unknown one is UTC, said once per file."""
        tzid = tzid.strip().strip('"')
        if tzid in self.zones:
            return self.zones[tzid]
        from icalendar.timezone import tzp

        found = tzp.timezone(tzid)
        if found is None:
            self.warn(line, f"unknown time zone TZID={_clip(tzid)}; its times are read as UTC")
            self.unknown_zones.add(tzid)
            found = timezone.utc
        self.zones[tzid] = found
        return found

    # -- events -----------------------------------------------------------------------

    def _event(self, line: int, block: str) -> None:
        event = _read_event(line, block)
        try:
            start = self.when(event, "DTSTART")
            if start is None:
                raise _Skip("the event has no DTSTART")
            for name in ("RECURRENCE-ID", "RDATE", "EXDATE"):
                for params, value in event.props.get(name, []):
                    for part in value.split(","):
                        self.parse_when(params, part.partition("/")[0], name, event.line)
            for _, value in event.props.get("RRULE", []):
                _check_rule(value, start, self.now, self.limits)
        except _Skip as problem:
            self.skip(event, str(problem))
            return
        uid = event.uid or _made_up_uid(event)
        rid = event.value("RECURRENCE-ID").strip()
        first = self.seen.get((uid, rid))
        if first is not None:
            self.warn(event.line, f"the UID is used again (first on line {first}); "
                                  "both events are read", uid)
            if event.recurring:
                self.skip(event, "a second recurring event with the same UID and RECURRENCE-ID")
                return
        self.seen.setdefault((uid, rid), event.line)
        if event.recurring:
            self.series.setdefault(uid, []).append(event)
            return
        event.lines = []
        key = uid if first is None else f"{uid}#{_stamp(start)}"
        self._occurrence(event, start, key, None, self.since)

    def when(self, event: _Event, name: str) -> date | datetime | None:
        found = event.first(name)
        if found is None:
            return None
        return self.parse_when(found[0], found[1].strip(), name, event.line)

    def parse_when(self, params: dict[str, str], value: str, name: str, line: int) -> date | datetime:
        """A DATE or DATE-TIME value: aware for Z and TZID, naive when floating."""
        match = WHEN_RE.fullmatch(value.strip())
        try:
            if not match:
                raise ValueError(value)
            numbers = [int(part) for part in match.groups()[:6] if part is not None]
            if len(numbers) == 3:
                return date(*numbers)
            moment = datetime(*numbers)
        except ValueError:
            raise _Skip(f"the event's {name} cannot be read ({_clip(value, 40)!r})") from None
        if match.group(7):
            return moment.replace(tzinfo=timezone.utc)
        if "TZID" in params:
            return _localize(moment, self.zone(params["TZID"], line))
        return moment

    def _occurrence(self, event: _Event, start: date | datetime, key: str,
                    series: str | None, earliest: datetime | None) -> None:
        start = _utc(start)
        if start > self.now or (earliest is not None and start < earliest):
            return
        meeting = _meeting(event, start, key, series, self.own)
        if isinstance(meeting, str):
            if meeting:
                self.result.left_out[meeting] += 1
            return
        if any(CONTROL_RE.search(name) for name in meeting.names.values()):
            self.warn(event.line, "a name (CN) with control characters is left out", event.uid)
            meeting = _without_control_names(meeting)
        self.result.meetings.append(meeting)

    # -- recurring series -------------------------------------------------------------

    def _expand(self, uid: str, events: list[_Event]) -> None:
        """The occurrences of one series in the window, at most limits.series of them."""
        master = next((e for e in events if "RECURRENCE-ID" not in e.props), events[0])
        start = _utc(self.when(master, "DTSTART"))
        window = (max(self.result.expanded_from, start) - timedelta(days=1),
                  self.now + timedelta(days=1))
        if start < self.result.expanded_from and "RECURRENCE-ID" not in master.props:
            self.result.cut_series += 1
        overrides = {}
        for event in events:
            if "RECURRENCE-ID" in event.props:
                overrides[_stamp(self.when(event, "RECURRENCE-ID"))] = event
        try:
            count = 0
            for occurrence in _expansion(self.head, events, window, _chunk(master, self.now)):
                rid = _occurrence_time(occurrence, "RECURRENCE-ID", self.unknown_zones, master)
                begin = _occurrence_time(occurrence, "DTSTART", self.unknown_zones, master)
                source = overrides.get(_stamp(rid), master)
                self._occurrence(source, begin, f"{uid}#{_stamp(rid)}", uid,
                                 self.result.expanded_from)
                count += 1
                if count >= self.limits.series:
                    self.warn(master.line, f"the series has more than {self.limits.series:,} "
                                           "occurrences; only the first are read "
                                           "(pass --since to read a later part)", uid)
                    return
                self._check_budget(master.line)
                if self.stopped:
                    return
        except Exception as error:  # the expander raises many kinds for a rule it cannot work out
            if isinstance(error, CalendarError):
                raise
            self.skip(master, f"cannot work out the event's dates ({_brief(error)})")


def _components(text: str, name: str) -> Iterator[tuple[str, int, str]]:
    """('VEVENT' | 'VTIMEZONE', line, the component's text) in file order; raise unless BEGIN
    and END lines pair up from BEGIN:VCALENDAR (or a bare BEGIN:VEVENT).

    text has '\n' line breaks. Only BEGIN and END lines are looked at here (in C, by a regular
    expression), so a large file costs little more than its events."""
    first = text.lstrip().partition("\n")[0].strip().upper()
    if not first:
        raise CalendarError(f"{name}: empty; this is not an iCalendar (.ics) file")
    if first not in ("BEGIN:VCALENDAR", "BEGIN:VEVENT"):
        line = text[:len(text) - len(text.lstrip())].count("\n") + 1
        raise CalendarError(f"{name}: line {line}: expected BEGIN:VCALENDAR; "
                            "this is not an iCalendar (.ics) file")
    stack: list[tuple[str, int, int]] = []
    number, counted = 1, 0
    for mark in MARK_RE.finditer(text):
        number += text.count("\n", counted, mark.start())
        counted = mark.start()
        word, component = mark.group(1).upper(), mark.group(2).strip().upper()
        if word == "BEGIN":
            stack.append((component, number, mark.start()))
            continue
        if not stack or stack[-1][0] != component:
            opened = f" (open: BEGIN:{stack[-1][0]} of line {stack[-1][1]})" if stack else ""
            raise CalendarError(f"{name}: line {number}: END:{component} without its BEGIN"
                                f"{opened}; the file is damaged, export it again")
        component, begin, offset = stack.pop()
        if component in ("VEVENT", "VTIMEZONE") and (
                not stack or (len(stack) == 1 and stack[0][0] == "VCALENDAR")):
            yield component, begin, text[offset:mark.end()]
    if stack:
        component, number, _ = stack[-1]
        raise CalendarError(f"{name}: line {number}: BEGIN:{component} is never closed; "
                            "the file is cut short, export it again")


def _unfolded(block: str) -> list[str]:
    """The content lines of a component's text, folded lines joined."""
    return [line for line in FOLD_RE.sub("", block).split("\n") if line.strip()]


def _content_line(line: str, wanted: frozenset[str] | None = None) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM=x:value -> ('NAME', {'PARAM': 'x'}, 'value'); ('', {}, '') when malformed
    or (given wanted) a property not wanted."""
    name = NAME_RE.match(line)
    if not name or (wanted is not None and name.group().upper() not in wanted):
        return "", {}, ""
    match = CONTENT_LINE_RE.match(line, name.end())
    if not match:
        return "", {}, ""
    params = {key.upper(): value.strip().strip('"') for key, value in PARAM_RE.findall(match.group(1))}
    return name.group().upper(), params, match.group(2)


def _read_event(line: int, block: str) -> _Event:
    """The event's own properties that rmlog uses (not those of its alarms)."""
    props: dict[str, list[tuple[dict[str, str], str]]] = {}
    depth = 0
    lines = _unfolded(block)
    for text in lines[1:-1]:
        upper = text[:6].upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        elif depth == 0:
            name, params, value = _content_line(text, EVENT_PROPERTIES)
            if name and (value.strip() or name not in DATE_LISTS):  # 'RRULE:' is no rule
                props.setdefault(name, []).append((params, value))
    return _Event(line, props, lines)


def _check_rule(value: str, start: date | datetime, now: datetime, limits: Limits) -> None:
    """Raise _Skip for a rule that cannot be read, loops forever or repeats too often."""
    rule = _rule(value)
    frequency = rule["FREQ"]
    if frequency in ("SECONDLY", "MINUTELY") or any(len(rule.get(part, ())) > 1
                                                    for part in ("BYMINUTE", "BYSECOND")):
        raise _Skip("the event's RRULE repeats more often than hourly, which no meeting does")
    steps = _steps(rule, _utc(start), now + timedelta(days=1))
    if steps > limits.steps:
        raise _Skip(f"the event's RRULE repeats {frequency.lower()} about {steps:,} times "
                    f"since {_utc(start):%Y-%m-%d} (more than {limits.steps:,})")


def _rule(value: str) -> dict[str, list[str]]:
    """RRULE parts by name, upper case; _Skip when it cannot be read or loops on INTERVAL=0."""
    rule: dict[str, list[str]] = {}
    for part in value.strip().split(";"):
        name, equals, values = part.partition("=")
        if not equals:
            raise _Skip(f"the event's RRULE cannot be read ({_clip(value, 40)!r})")
        rule[name.strip().upper()] = [v.strip().upper() for v in values.split(",") if v.strip()]
    frequency = (rule.get("FREQ") or [""])[0]
    if frequency not in PERIOD:
        raise _Skip(f"the event's RRULE cannot be read ({_clip(value, 40)!r})")
    interval = (rule.get("INTERVAL") or ["1"])[0]
    if not interval.isdigit() or int(interval) < 1:
        raise _Skip("the event's RRULE has an INTERVAL below 1")
    rule["FREQ"] = frequency
    return rule


def _steps(rule: dict, start: datetime, end: datetime) -> int:
    """About how many occurrences a rule makes from start to end (an upper bound)."""
    frequency = rule["FREQ"]
    match = WHEN_RE.fullmatch((rule.get("UNTIL") or [""])[0])
    if match:
        numbers = [int(part) for part in match.groups()[:6] if part is not None]
        try:
            end = min(end, datetime(*numbers, tzinfo=timezone.utc))
        except ValueError:
            pass
    interval = int((rule.get("INTERVAL") or ["1"])[0])
    seconds = max((end - start).total_seconds(), 0)
    steps = int(seconds / (PERIOD[frequency] * interval)) + 1
    for part, frequencies in MULTIPLYING.items():
        if frequency in frequencies and rule.get(part):
            steps *= len(rule[part])
    count = (rule.get("COUNT") or [""])[0]
    return min(steps, int(count)) if count.isdigit() else steps


def _zone_rule_problem(value: str, lines: list[str]) -> str | None:
    """Why a VTIMEZONE rule is refused: finer than daily, or too many steps to 2038."""
    try:
        rule = _rule(value)
    except _Skip:
        return "has an RRULE that cannot be read"
    if PERIOD[rule["FREQ"]] < PERIOD["DAILY"] or any(
            len(rule.get(part, ())) > 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
        return "changes more often than daily"
    starts = [value for name, _, value in map(_content_line, lines) if name == "DTSTART"]
    match = WHEN_RE.fullmatch(starts[0].strip()) if starts else None
    year = int(match.group(1)) if match else 1600
    start = datetime(max(year, 1), 1, 1, tzinfo=timezone.utc)
    if _steps(rule, start, ZONE_RULES_UNTIL) > 100_000:
        return "changes too many times"
    return None


def _chunk(master: _Event, now: datetime) -> timedelta:
    """A span of time that holds about 2,000 of the series' occurrences (at least a day)."""
    found = master.first("RRULE")
    if found is None:
        return timedelta(days=36500)
    rule = _rule(found[1])
    per_step = PERIOD[rule["FREQ"]] * int((rule.get("INTERVAL") or ["1"])[0])
    for part, frequencies in MULTIPLYING.items():
        if rule["FREQ"] in frequencies and rule.get(part):
            per_step /= len(rule[part])
    return max(timedelta(days=1), timedelta(seconds=2000 * per_step))


def _expansion(head: list[str], events: list[_Event], window: tuple[datetime, datetime],
               chunk: timedelta) -> Iterator:
    """The occurrences of a series between the window's ends, in order, chunk by chunk."""
    import icalendar
    import recurring_ical_events

    text = "\r\n".join(["BEGIN:VCALENDAR", *head, *(line for e in events for line in e.lines),
                        "END:VCALENDAR", ""])
    calendar = icalendar.Calendar.from_ical(text)
    _drop_unknown_x_wr_timezone(calendar)
    query = recurring_ical_events.of(calendar)
    begin, end = window
    while begin < end:
        stop = min(begin + chunk, end)
        found = sorted(query.between(begin, stop), key=lambda e: _utc(e.decoded("DTSTART")))
        for occurrence in found:
            moment = _utc(occurrence.decoded("DTSTART"))
            if begin <= moment and (moment < stop or stop == end):
                yield occurrence
        begin = stop


def _occurrence_time(occurrence, name: str, unknown_zones: set[str], master: _Event):
    """An occurrence's time; naive times of a series with an unknown TZID are UTC."""
    value = occurrence.decoded(name) if name in occurrence else occurrence.decoded("DTSTART")
    params = (master.first("DTSTART") or ({}, ""))[0]
    unknown = params.get("TZID", "").strip().strip('"') in unknown_zones
    if isinstance(value, datetime) and value.tzinfo is None and unknown:
        return value.replace(tzinfo=timezone.utc)
    return value


def _localize(moment: datetime, zone) -> datetime:
    from icalendar.timezone import tzp

    return tzp.localize(moment, zone)


def _drop_unknown_x_wr_timezone(calendar) -> None:
    """An X-WR-TIMEZONE naming no zone is ignored (times in UTC or with TZID stay right)."""
    zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if not zone:
        return
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        del calendar["X-WR-TIMEZONE"]


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


def _made_up_uid(event: _Event) -> str:
    """The same for the same event in every export (DTSTAMP, which changes, is left out)."""
    source = event.value("DTSTART").strip() + _text(event.value("SUMMARY"))
    return "rmlog-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]


def _meeting(event: _Event, start: datetime, key: str, series: str | None,
             own: frozenset[str]) -> Meeting | str:
    """The meeting of one occurrence, or why it is none: a left_out reason, or '' for an
    event with nobody else."""
    if event.value("STATUS").strip().upper() == "CANCELLED":
        return "cancelled"
    organizer = _email(event.first("ORGANIZER"))
    attendees = [(address, _email(address)) for address in event.props.get("ATTENDEE", [])]
    if own:
        answer = _my_answer(organizer, attendees, own)
        if answer:
            return answer
    others = [email for address, email in attendees if email and email not in own and _takes_part(address)]
    if "T" not in event.value("DTSTART") and not others:
        return ""
    people = tuple(dict.fromkeys(e for e in (organizer, *others) if e and e not in own))
    if not people:
        return ""
    return Meeting(
        key=key,
        start=start,
        attendees=people,
        organizer=organizer,
        kind="call" if _is_call(event) else "meeting",
        note=_note(event),
        initiated_by="me" if organizer in own else "them",
        names=_names([(event.first("ORGANIZER"), organizer), *attendees], people),
        series=series,
    )


def _my_answer(organizer: str | None, attendees: list, own: frozenset[str]) -> str:
    """'' when the user organised or accepted the event, else why it is left out."""
    if organizer in own:
        return ""
    answers = {_param(address, "PARTSTAT") for address, email in attendees if email in own}
    if answers & set(TAKING_PART):
        return ""
    if "DECLINED" in answers:
        return "declined"
    return "unanswered" if answers else "without you"


def _param(address: tuple[dict[str, str], str], name: str) -> str:
    return address[0].get(name, "").strip().upper()


def _takes_part(address: tuple[dict[str, str], str]) -> bool:
    return _param(address, "CUTYPE") not in NOT_PEOPLE and _param(address, "PARTSTAT") not in NOT_THERE


def _email(address: tuple[dict[str, str], str] | None) -> str | None:
    """'mailto:Bob@X.io' (any case), an EMAIL parameter, or a bare address -> 'bob@x.io';
    None for no address and for list-like ones (noreply@, Google's group calendars)."""
    if address is None:
        return None
    params, value = address
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:"):]
    elif params.get("EMAIL"):
        value = params["EMAIL"]
    value = email_key(value)
    if not EMAIL_RE.fullmatch(value) or LIST_ADDRESS_RE.fullmatch(value):
        return None
    return value


def _names(addresses: list, people: tuple[str, ...]) -> dict[str, str]:
    """CN by email for the people taking part; a CN that is an address is no name."""
    names = {}
    for address, email in addresses:
        if address is None or email not in people:
            continue
        name = " ".join(address[0].get("CN", "").split()).strip("'\"")
        if name and "@" not in name:
            names.setdefault(email, name)
    return names


def _without_control_names(meeting: Meeting) -> Meeting:
    from dataclasses import replace

    names = {email: name for email, name in meeting.names.items() if not CONTROL_RE.search(name)}
    return replace(meeting, names=names)


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


def _text(value: str) -> str:
    """A TEXT value unescaped: '\\,' -> ',', '\\n' -> a line break."""
    return TEXT_ESCAPE_RE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _is_call(event: _Event) -> bool:
    texts = (_text(value) for prop in CALL_PROPERTIES for _, value in event.props.get(prop, []))
    return any(VIDEO_CALL_RE.search(text) for text in texts)


def _note(event: _Event) -> str:
    summary = " ".join(_text(event.value("SUMMARY")).split())
    detail = _description_line(_text(event.value("DESCRIPTION")))
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


def _clip(text: str, width: int = SHOWN_LINE) -> str:
    text = "".join(c if unicodedata.category(c) != "Cc" else " " for c in text).strip()
    return text if len(text) <= width else text[:width - 3] + "..."


def _brief(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "..."
