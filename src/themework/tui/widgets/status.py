"""The status line: coder, counts and the last action."""

from __future__ import annotations

from textual import getters
from textual.widgets import Static

from themework.tui.app import WorkbenchApp
from themework.tui.widgets.static_text import update_text


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        max-height: 2;  /* wraps at 80 columns rather than cutting the last action */
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    app = getters.app(WorkbenchApp)

    def __init__(self) -> None:
        super().__init__("", markup=False)
        self.counts = ""

    def on_mount(self) -> None:
        self.watch(self.app, "coder", self._redraw)
        self.watch(self.app, "last_action", self._redraw)

    def set_counts(self, counts: str) -> None:
        self.counts = counts
        self._redraw()

    def _redraw(self, *_: object) -> None:
        app = self.app
        # The recorded phase is on the phase bar at the top, apart from the screen shown.
        parts = [f"coder {app.coder or '?'}"]
        if self.counts:
            parts.append(self.counts)
        if app.last_action:
            parts.append(f"last: {app.last_action}")
        update_text(self, " · ".join(parts))
