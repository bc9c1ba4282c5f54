"""What long work is under way (an export, a bulk change), with a moving bar: shown only
while the app's ``busy`` says something."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from themework.tui.app import WorkbenchApp


class BusyLine(Horizontal):
    DEFAULT_CSS = """
    BusyLine { height: 1; display: none; background: $panel; padding: 0 1; }
    BusyLine.-busy { display: block; }
    BusyLine Label { width: auto; margin-right: 1; }
    BusyLine ProgressBar { width: 1fr; }
    """

    app = getters.app(WorkbenchApp)

    def compose(self) -> ComposeResult:
        yield Label("", markup=False)
        # No total: the bar moves to show the work goes on, without claiming a percentage.
        yield ProgressBar(total=None, show_percentage=False, show_eta=False)

    def on_mount(self) -> None:
        self.watch(self.app, "busy", self._show)

    def _show(self, doing: str) -> None:
        self.query_one(Label).update(f"{doing}…" if doing else "")
        self.set_class(bool(doing), "-busy")
