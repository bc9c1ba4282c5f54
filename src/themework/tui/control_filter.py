"""The TUI's one boundary for untrusted text: a line filter over everything drawn.

Textual strips only BEL, BS, VT, FF and CR from what widgets show; an ESC in a transcript, a
code name or a memo would reach the terminal as the start of a sequence (``ESC ] 52`` writes
the clipboard through tmux, ``ESC [ 2 J`` clears the screen). Every line every widget renders
passes the app's line filters, so this one filter covers labels, lists, trees, tables,
notifications and the reader alike. It removes what is left rather than showing it: lines
have been laid out by then and terminals give control characters no width. The reader shows
transcript text with ``visible`` before layout, so there the characters appear as ``␛``.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from themework.domain.safe_text import has_control, without_controls


class ControlFilter(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(has_control(seg.text) for seg in segments if not seg.control):
            return segments
        return [
            seg if seg.control else Segment(without_controls(seg.text), seg.style)
            for seg in segments
        ]
