"""JSON out: the one encoder for ``--json`` output and JSON reports (dataclasses, times in
UTC, paths and sets as plain values; DEL and C1 controls escaped)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, date, datetime
from json.encoder import encode_basestring
from operator import call, itemgetter
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
    text = json.dumps(
        _plain(value), default=_default, ensure_ascii=False, indent=2, sort_keys=False
    )
    return escape_c1(text)


_ATOMS = frozenset({str, int, float, bool, type(None)})
# Each type met: its dataclass fields' names, or None for any other type.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` makes of ``value``, as JSON prints it, at a fraction of
    its cost: asdict deep-copies every leaf, and co-occurrence at 500,000 codings prints
    20,000 pairs. Containers become lists and dicts; anything else is left to ``_default``.
    """
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind not in _FIELDS:
        _FIELDS[kind] = (
            tuple(f.name for f in dataclasses.fields(kind))
            if dataclasses.is_dataclass(kind) else None
        )
    names = _FIELDS[kind]
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def escape_c1(json_text: str) -> str:
    """JSON with DEL and C1 controls (U+0080-U+009F, CSI among them) \\u-escaped: json.dumps
    escapes C0 but not these, and raw they only ever sit inside strings, where the escaped
    form means the same."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


class _Encoded(dict[Any, str]):
    """The JSON of each value met, encoded once: a column whose values repeat."""

    def __init__(self, encode: Callable[[Any], str]) -> None:
        super().__init__()
        self._encode = encode

    def __missing__(self, value: Any) -> str:
        text = self[value] = self._encode(value)
        return text


def jsonl_write(
    fh: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Any]], *,
    strings: Collection[str] = (), integers: Collection[str] = (), block: int = 4096,
) -> int:
    """One JSON object a row, its keys sorted (stable lines for git), controls escaped as
    ``escape_c1`` escapes them; the number of rows. The bytes of ``json.dumps(row,
    ensure_ascii=False, sort_keys=True)``, made by filling in one line (an export writes
    500,000, and the encoder and escape took a third of its time): ``strings`` and ``integers``
    name the columns of values each row has its own (a quote, an id), encoded per row; every
    other column's values repeat (codes, coders, transcripts, turns), and each distinct value
    is encoded once, per column, whose numbers must therefore be of one type (``True``, ``1``
    and ``1.0`` are one key to a dict, not to JSON; each export column has one type).
    Lines are searched for C1 controls and written ``block`` at a time."""
    order = sorted(range(len(columns)), key=columns.__getitem__)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    line = "{" + ", ".join(encode(columns[i]).replace("%", "%%") + ": %s" for i in order) + "}"
    per_column: list[Callable[[Any], str]] = [
        encode_basestring if columns[i] in strings
        else int.__repr__ if columns[i] in integers
        else _Encoded(encode).__getitem__
        for i in order
    ]  # fmt: skip
    cells = itemgetter(*order)
    n = 0
    lines: list[str] = []
    for row in rows:
        lines.append(line % tuple(map(call, per_column, cells(row))))
        if len(lines) == block:
            _write_lines(fh, lines)
            n += block
            lines.clear()
    _write_lines(fh, lines)
    return n + len(lines)


def _write_lines(fh: TextIO, lines: list[str]) -> None:
    if lines:
        text = "\n".join(lines) + "\n"
        # One search of the block: the common case has no C1 control, and no copy is made.
        # An ASCII block (Python knows without looking) can hold only DEL, found by memchr.
        found = "\x7f" in text if text.isascii() else _C1.search(text) is not None
        fh.write(escape_c1(text) if found else text)
