"""Changing a Static's text without laying the whole screen out again.

``Static.update`` asks for a layout of the screen every time, so every widget on it is drawn
again: a status line that changes on each key (the Code screen's line under the reader,
at each page-down) cost a repaint of the whole screen. Its height changes far less often
than its text; only then is a layout needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


def update_text(static: Static, content: str | Text) -> None:
    """Show ``content`` in ``static`` (laid out with ``markup=False``), repainting only the
    widget unless its height changes."""
    if content == static.content:
        return
    width = static.content_size.width
    if not width or not static.is_mounted:
        static.update(content)
        return
    rules = cast("RulesMap", static.styles)  # what Textual itself passes for the rules
    before = static.visual.get_height(rules, width)
    static.update(content, layout=False)
    if static.visual.get_height(rules, width) != before:
        static.refresh(layout=True)
