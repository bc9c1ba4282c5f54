"""Messages that cross widgets and screens (attributes down, messages up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """The project changed (here or by another coder): views reload what they show.
    ``codings_in`` names a transcript when all that changed, by this app, is codings there
    (with their memos and suggestions): a screen may then reload just those."""

    codings_in: str | None = None
    # Releases the keys typed after a change made here once the screen has reloaded
    # (tui.typeahead); None for others' changes, which hold no keys.
    release_keys: Callable[[], None] | None = None


@dataclass
class JumpTo(Message):
    """Open a transcript in the Code screen at an offset (from Review, search, palette)."""

    transcript: str
    offset: int
    end: int | None = None
