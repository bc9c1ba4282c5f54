"""(being written)"""

from textual.app import ComposeResult
from textual.widgets import Static

from themework.tui.screens.base import PhaseScreen


class FamiliariseScreen(PhaseScreen):
    def compose_body(self) -> ComposeResult:
        yield Static("familiarise")
