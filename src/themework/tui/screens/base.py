"""What every phase screen shares: header, status line, footer, reloading on change."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import getters, on
from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen

from themework.domain.plural import plural
from themework.tui.app import WorkbenchApp
from themework.tui.messages import DataChanged
from themework.tui.services_bridge import write
from themework.tui.typeahead import release_after_workers
from themework.tui.widgets.busy import BusyLine
from themework.tui.widgets.footer import KeysFooter
from themework.tui.widgets.phase_bar import PhaseBar
from themework.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from themework.services.dto import ProjectInfo
    from themework.services.workbench import Workbench

T = TypeVar("T")
NARROW = 110  # columns below which side panels collapse (80x24 must still work)


class PhaseScreen(Screen[None]):
    """Subclasses compose their body in ``compose_body`` and load data in ``reload``, and say
    which of the six phases they are (``PHASE``, the key that opens them)."""

    PHASE: ClassVar[int]

    # Typed access to the app (and so to its Workbench); it fails loudly on any other app.
    app = getters.app(WorkbenchApp)

    def compose(self) -> ComposeResult:
        yield PhaseBar(self.PHASE)
        yield from self.compose_body()
        yield BusyLine()
        yield StatusLine()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def workbench_app(self) -> WorkbenchApp:
        return self.app

    @property
    def wb(self) -> Workbench:
        """The app's current Workbench (a new one when the coder changes, so never kept)."""
        return self.app.wb

    @property
    def blind_as(self) -> str | None:
        """The coder whose codings alone show while coding blind (``None``: not blind)."""
        return self.app.coder if self.app.blind else None

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self._loaded_for = self._data_key()
        self.reload()

    def on_screen_resume(self) -> None:
        # Changes made on other screens (or in a dialog on top) reached only those screens:
        # reload if any was made since this screen loaded. Reloading unchanged data cost up
        # to seconds per switch at 1,000 transcripts. Another process's changes are asked
        # about at once; one found is told to this screen like any other.
        if self._loaded_for != self._data_key():
            self._loaded_for = self._data_key()
            self.reload()
        else:
            self.workbench_app.check_for_changes()
        self._counts()

    def _data_key(self) -> tuple[int, str, bool]:
        app = self.workbench_app
        return (app.generation, app.coder, app.blind)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        self._loaded_for = self._data_key()
        codings_in = event.codings_in

        def reload() -> None:
            if codings_in is None:
                self.reload()
            else:
                self.reload_codings(codings_in)

        if event.release_keys is None:
            reload()
        else:  # the keys typed after this change wait for what it changed to show
            release_after_workers(self.app, reload, event.release_keys)
        self._counts()

    def reload(self) -> None:
        """Fetch what the screen shows (in a worker) and push it down to widgets."""

    def reload_codings(self, transcript: str) -> None:
        """Only codings in ``transcript`` changed, made here: screens that can reload less
        than everything override this."""
        self.reload()

    def _counts(self) -> None:
        from themework.tui.services_bridge import in_thread

        wb, blind_as = self.wb, self.blind_as

        def count() -> tuple[ProjectInfo, int]:
            info = wb.projects.info()
            if blind_as is None:
                return info, info.codings
            # Blind: the coder's own codings alone, as every screen then shows them.
            return info, sum(wb.transcripts.coding_progress(coder=blind_as).values())

        def show(counted: tuple[ProjectInfo, int]) -> None:
            info, codings = counted
            self.query_one(StatusLine).set_counts(
                # "50,006 codings", not "50006": thousands grouped, as the CLI prints them.
                f"{plural(info.transcripts, 'transcript', fmt=',')} · "
                f"{plural(info.codes, 'code', fmt=',')} · "
                f"{plural(codings, 'coding', fmt=',')} · {plural(info.themes, 'theme', fmt=',')}"
            )

        in_thread(self.app, count, show, group="counts")

    def write(self, fn: Callable[[], T], done: Callable[[T], None], *, doing: str = "") -> None:
        """Change the project in a worker, in order with every other change (see
        ``services_bridge.write``); ``done`` updates the screen once it is saved."""
        write(self.app, fn, done, doing=doing)

    def changed(self, summary: str, codings_in: str | None = None) -> None:
        self.workbench_app.changed(summary, codings_in)

    # -- unsaved text (see tui.unsaved.HoldsEdits): screens with editors override these ----
    def unsaved(self) -> str | None:
        """What leaving now would lose, in a few words (``None``: nothing)."""
        return None

    def save_unsaved(self, then: Callable[[], None]) -> None:
        """Save it through the screen's own save, then ``then`` (not after a failure)."""
        then()

    def discard_unsaved(self) -> None:
        """Drop it, and its draft."""
