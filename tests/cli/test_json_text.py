"""``to_json`` converts dataclasses itself (``dataclasses.asdict`` deep-copied every leaf:
most of the printing of 20,000 co-occurrence pairs); what it prints is what asdict gave."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from themework.export.jsontext import _default, escape_c1, jsonl_write, to_json


class Where(NamedTuple):
    transcript: str
    start: int


@dataclasses.dataclass(frozen=True)
class Inner:
    name: str
    share: float
    seen: date
    where: Where
    tags: frozenset[str]


@dataclasses.dataclass
class Outer:
    inners: tuple[Inner, ...]
    by_name: dict[str, Inner]
    nested: list[list[Inner]]
    at: datetime
    path: Path
    nothing: None = None
    flag: bool = True
    note: str = "caf\u00e9 \x85"


def as_asdict_printed(value: Any) -> str:
    """The printing before: asdict, then the same json.dumps."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, list | tuple):
        value = [dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for v in value]
    return escape_c1(json.dumps(value, default=_default, ensure_ascii=False, indent=2))


def test_to_json_prints_dataclasses_as_asdict_did() -> None:
    one = Inner("a", 0.1 + 0.2, date(2026, 1, 2), Where("T1", 5), frozenset({"x"}))
    two = Inner("b", 1e-7, date(2025, 12, 31), Where("T2", 0), frozenset())
    outer = Outer((one, two), {"a": one}, [[two], []], datetime(2026, 1, 1, 9, tzinfo=UTC),
                  Path("/tmp/x.csv"))
    for value in (outer, one, [one, two, 3, "s"], (two,), {"k": [outer]}, [], "plain", 7):
        assert to_json(value) == as_asdict_printed(value)
    assert '"\\u0085"' not in to_json(outer) and "\\u0085" in to_json(outer)


def test_jsonl_lines_are_json_dumps_of_each_row_keys_sorted() -> None:
    # Flags and numbers in repeating columns (True is 1 to a dict, not to JSON); quotes and
    # a % in a key; blocks of two lines: ASCII with DEL, with C0 and C1 controls, plain.
    columns = ["flag", "text", "id", "100%", "when", "turn"]
    rows = [
        (True, 'say "hi"\n', 7, None, "\x7f", 1),
        (False, "plain", 8, "x", "plain", 0),
        (True, "caf\u00e9\t\x1b]0;", 9, "x", "\u0085", None),
        (False, "\x9b2J", 10, "\u2028", "plain", 1),
        (True, "last", 11, None, "last", 0),
    ]
    buf = io.StringIO()
    n = jsonl_write(buf, columns, rows, strings=("text",), integers=("id",), block=2)
    assert n == len(rows)
    expected = "".join(
        escape_c1(json.dumps(dict(zip(columns, r, strict=True)), ensure_ascii=False,
                             sort_keys=True)) + "\n"
        for r in rows
    )
    assert buf.getvalue() == expected
    assert '"flag": true' in buf.getvalue() and '"turn": 1' in buf.getvalue()

