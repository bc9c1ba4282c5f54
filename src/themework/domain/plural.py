"""Counts in words: "1 coding", "2 codings". Every count a user reads goes through here."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None, *, fmt: str = "") -> str:
    """``count`` and ``noun``, made plural unless the count is one.

    ``nouns`` is the plural where adding "s" is wrong ("entry", "entries"); ``fmt`` formats
    the number (``","`` groups thousands).
    """
    return f"{count:{fmt}} {noun if count == 1 else nouns or noun + 's'}"
