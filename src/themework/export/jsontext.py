"""JSON out: the one encoder for ``--json`` output and JSON reports (dataclasses, times in
UTC, paths and sets as plain values; DEL and C1 controls escaped)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO

_C1 = re.compile("[\x7f-\x9f]")


def _default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, datetime):
        # Times are stored in UTC; SQLite hands them back without a zone, PostgreSQL with
        # one: print both the same way.
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(type(value).__name__)


def to_json(value: Any) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, list | tuple):
        value = [
            dataclasses.asdict(v) if dataclasses.is_dataclass(v) and not isinstance(v, type) else v
            for v in value
        ]
    text = json.dumps(value, default=_default, ensure_ascii=False, indent=2, sort_keys=False)
    return escape_c1(text)


def escape_c1(json_text: str) -> str:
    """JSON with DEL and C1 controls (U+0080-U+009F, CSI among them) \\u-escaped: json.dumps
    escapes C0 but not these, and raw they only ever sit inside strings, where the escaped
    form means the same."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def jsonl_write(fh: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """One JSON object a row, its keys sorted (stable lines for git), controls escaped as
    ``escape_c1`` escapes them; the number of rows. One encoder for every line, and the
    cells put in key order once, rather than ``json.dumps`` sorting a new dict each time."""
    order = sorted(range(len(columns)), key=columns.__getitem__)
    keys = [columns[i] for i in order]
    cells = itemgetter(*order)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    n = 0
    for row in rows:
        fh.write(escape_c1(encode(dict(zip(keys, cells(row), strict=True)))) + "\n")
        n += 1
    return n
