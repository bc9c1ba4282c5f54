"""Numbers people type that reach the database: ids, turns, positions, limits.

Both databases store integers in 64 signed bits; a larger number is refused where it is
typed, with its name, rather than failing inside the driver (SQLite's ``OverflowError``
showed as "internal error").
"""

from __future__ import annotations

from themework.domain.errors import InputError

MAX_INT = 2**63 - 1


def in_range(value: int) -> bool:
    return -MAX_INT - 1 <= value <= MAX_INT


def parse_id(text: str, what: str) -> int:
    """The id in ``text`` (digits), or an ``InputError`` naming ``what`` it should identify."""
    text = text.strip()
    if not text.isdigit():
        raise InputError(f"{what} ids are numbers, not {text!r}")
    value = int(text)
    if not in_range(value):
        raise InputError(f"{what} {value} cannot exist: ids go up to {MAX_INT}")
    return value
