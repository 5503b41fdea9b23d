import json
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rmlog.reports.jsonable import HIDDEN, JsonMixin, to_jsonable


@dataclass(frozen=True)
class Inner(JsonMixin):
    when: datetime


@dataclass(frozen=True)
class Outer(JsonMixin):
    day: date
    items: tuple[Inner, ...]
    extra: dict
    secret: int = field(default=0, metadata=HIDDEN)


def test_nested_conversion_with_offsets_and_hidden_fields():
    when = datetime(2026, 7, 1, 8, 5, tzinfo=ZoneInfo("Europe/Berlin"))
    out = Outer(date(2026, 7, 1), (Inner(when),), {"n": None}, secret=5).to_json()
    assert out == {"day": "2026-07-01", "items": [{"when": "2026-07-01T08:05:00+02:00"}],
                   "extra": {"n": None}}
    assert json.loads(json.dumps(out)) == out
    assert to_jsonable([1, "a"]) == [1, "a"]
