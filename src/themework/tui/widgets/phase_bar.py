"""The top line: the six phases with the screen you are on marked, and the phase you recorded.

The screen shown and the phase recorded in the project (``P`` sets it, never inferred) are two
things: a researcher may read transcripts again (screen 1) while the project is in phase 5.
So the bar marks the screen in reverse video and in brackets, "[3 Themes]", where the others
have spaces (the same width: nothing moves), so that a monochrome terminal or a plain
``tmux capture-pane -p`` still tells the screen; and it names the recorded phase apart. Each
phase is a click (or its digit) away. At 80 columns the names are short and the title (project
or transcript) gives way first.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.events import Click
from textual.widget import Widget

from themework.services.projects import PHASES

# What each screen is called when space is short: the names of their modes (app.py).
SHORT = {1: "Familiarise", 2: "Code", 3: "Themes", 4: "Review", 5: "Define", 6: "Report"}
WIDE = 120  # from here on the phases take their full names


class PhaseBar(Widget):
    DEFAULT_CSS = """
    PhaseBar { height: 1; background: $panel; color: $text-muted; }
    PhaseBar > .phase-bar--current { background: $accent; color: $text; text-style: bold reverse; }
    PhaseBar > .phase-bar--recorded { color: $text; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"phase-bar--current", "phase-bar--recorded"}

    def __init__(self, current: int) -> None:
        super().__init__()
        self.current = current
        self._spans: list[tuple[int, int, int]] = []  # (start, end, phase) on the line

    def on_mount(self) -> None:
        app: Any = self.app
        self.watch(app, "phase", self._changed)
        self.watch(app, "sub_title", self._changed)
        self.watch(self.screen, "sub_title", self._changed)

    def _changed(self, *_: object) -> None:
        self.refresh()

    def render(self) -> Text:
        app: Any = self.app
        width = self.size.width
        names = PHASES if width >= WIDE else SHORT
        current = self.get_component_rich_style("phase-bar--current", partial=True)
        strong = self.get_component_rich_style("phase-bar--recorded", partial=True)
        line = Text(" ")
        self._spans = []
        for n, name in names.items():
            start = line.cell_len
            if n == self.current:
                line.append(f"[{n} {name}]", current)
            else:
                line.append(f" {n} {name} ")
            self._spans.append((start, line.cell_len, n))
        recorded = app.phase
        line.append("  recorded: ")
        line.append(f"{recorded} {PHASES[recorded]}" if width >= WIDE else str(recorded), strong)
        title = self.screen.sub_title or app.sub_title
        room = width - line.cell_len - 3
        if title and room >= 8:
            shown = title if cell_len(title) <= room else title[: room - 1] + "…"
            line.append("  " + shown, strong)
        return line

    async def on_click(self, event: Click) -> None:
        for start, end, n in self._spans:
            if start <= event.x < end:
                await self.app.run_action(f"open_phase({n})")
                return
