"""Command palette providers: transcripts, codes, themes and actions ("group: verb" titles).

Providers read through the services in a thread at start-up, never on the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from themework.domain.errors import ThemeworkError
from themework.domain.plural import plural
from themework.services.projects import PHASES
from themework.tui.services_bridge import describe

if TYPE_CHECKING:
    from themework.services.workbench import Workbench
    from themework.tui.app import WorkbenchApp


class _Base(Provider):
    entries: list[tuple[str, Callable[[], Any], str]]

    async def load(self) -> list[tuple[str, Callable[[], Any], str]]:
        return []

    async def startup(self) -> None:
        try:
            self.entries = await self.load()
        except ThemeworkError as exc:
            # The project cannot be read just now (another program holds it, it moved): the
            # palette still opens with the other entries, and says why these are missing.
            # Anything else is a defect and goes on to Textual, which logs its traceback.
            self.entries = []
            self.app.notify(describe(exc), severity="warning", timeout=8)

    async def discover(self) -> Hits:
        for title, action, help_text in self.entries[:30]:
            yield DiscoveryHit(title, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self.entries:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), action, help=help_text)

    @property
    def workbench_app(self) -> WorkbenchApp:
        # Typed access to the app; imported here since the app imports this module.
        from themework.tui.app import WorkbenchApp

        app = self.app
        assert isinstance(app, WorkbenchApp)
        return app

    @property
    def wb(self) -> Workbench:
        return self.workbench_app.wb


class TranscriptCommands(_Base):
    async def load(self) -> list[tuple[str, Callable[[], Any], str]]:
        items = await asyncio.to_thread(self.wb.transcripts.list)
        return [
            (f"transcript: open {t.name}", partial(self._open, t.name),
             f"{', '.join(t.participants)} · {plural(t.turns, 'turn')} · "
             f"{plural(t.codings, 'coding')}")
            for t in items
        ]

    def _open(self, name: str) -> None:
        self.workbench_app.jump_to(name, 0)


class CodeCommands(_Base):
    async def load(self) -> list[tuple[str, Callable[[], Any], str]]:
        codes = await asyncio.to_thread(self.wb.codes.list)
        return [
            (f"code: find {c.name}", partial(self._find, c.id), c.definition[:80])
            for c in codes
        ]

    def _find(self, code: str) -> None:
        def first() -> Any:
            items = self.wb.coding.extracts([code])
            return items[0] if items else None

        def go(extract: Any) -> None:
            if extract is None:
                self.app.notify("nothing is coded with it yet")
            else:
                self.workbench_app.jump_to(extract.transcript, extract.start, extract.end)

        from themework.tui.services_bridge import in_thread

        in_thread(self.app, first, go, group="palette")


class ThemeCommands(_Base):
    async def load(self) -> list[tuple[str, Callable[[], Any], str]]:
        themes = await asyncio.to_thread(self.wb.themes.list)
        return [
            (f"theme: review {t.name}", partial(self._review, t.id), t.definition[:80])
            for t in themes
        ]

    def _review(self, theme: str) -> None:
        self.app.switch_mode("review")
        screen: Any = self.app.screen
        if hasattr(screen, "show_theme"):
            screen.show_theme(theme)


class ActionCommands(_Base):
    async def load(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = self.workbench_app
        out: list[tuple[str, Callable[[], Any], str]] = [
            (f"go: phase {n} {name}", partial(app.action_open_phase, n), "switch screen")
            for n, name in PHASES.items()
        ]
        out += [
            ("project: record the phase you are in", app.action_set_phase, "never inferred"),
            ("project: change coder", app.action_set_coder, "who is coding"),
            ("history: undo", app.action_undo, "your last change"),
            ("history: redo", app.action_redo, "what you undid"),
            ("keys: list every binding", app.action_keys, "and their ids for remapping"),
        ]
        return out
