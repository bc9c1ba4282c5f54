"""Messages that cross widgets and screens (attributes down, messages up)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


class DataChanged(Message):
    """The project changed (here or by another coder): views reload what they show."""


@dataclass
class JumpTo(Message):
    """Open a transcript in the Code screen at an offset (from Review, search, palette)."""

    transcript: str
    offset: int
    end: int | None = None
