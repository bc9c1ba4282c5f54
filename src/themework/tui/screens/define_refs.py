"""The Define screen's preview: the narrative with its ``{{extract:ID}}`` references resolved
to their quotes, shown again after a pause in typing. Extracts the theme's view does not hold
(a reference typed by hand) are fetched in a worker, each once. ``NarrativeRefs`` is a part
the screen owns (``screen.refs``), not a base class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from themework.domain.narrative import extract_ids
from themework.services.coding import Extract
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.define_editor import NarrativeEditor
from themework.tui.widgets.define_preview import NarrativePreview

if TYPE_CHECKING:
    from themework.tui.screens.define import DefineScreen

PREVIEW_DELAY = 0.3


class NarrativeRefs:
    def __init__(self, screen: DefineScreen) -> None:
        self.screen = screen
        self.extra: dict[int, Extract] = {}  # extracts fetched for references typed by hand
        self._asked: set[int] = set()
        self._timer: Timer | None = None

    def known(self) -> dict[int, Extract]:
        """Every extract the preview and the exemplars can quote without asking."""
        known = dict(self.extra)
        if self.screen.view is not None:
            known.update(self.screen.view.known)
        return known

    def typed(self) -> None:
        """The narrative changed: show it again once typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(PREVIEW_DELAY, self.refresh)

    def refresh(self) -> None:
        """Render the narrative with its references resolved (fetching unknown extracts)."""
        screen = self.screen
        self._timer = None
        narrative = screen.query_one(NarrativeEditor).text
        known = self.known()
        unknown = [i for i in extract_ids(narrative) if i not in known and i not in self._asked]
        if unknown:
            self._asked.update(unknown)
            wb = screen.wb

            def fetched(found: list[Extract]) -> None:
                self.extra.update({e.id: e for e in found})
                self.refresh()

            in_thread(screen.app, lambda: wb.coding.extracts(ids=unknown), fetched,
                      group="define-refs", exclusive=False)
        pending = frozenset(i for i in unknown if i not in known)
        screen.query_one(NarrativePreview).show(narrative, known, pending)
