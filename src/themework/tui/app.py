"""The workbench app: one screen per Braun and Clarke phase (keys 1-6), shared chrome.

Build it with ``create_app(workbench)``: the app receives its services and never opens a
database session itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Footer, Header

from themework.services.projects import PHASES
from themework.services.workbench import Workbench
from themework.tui.commands import ActionCommands, CodeCommands, ThemeCommands, TranscriptCommands
from themework.tui.control_filter import ControlFilter
from themework.tui.messages import DataChanged
from themework.tui.services_bridge import after_writes, describe, guard, in_thread, write
from themework.tui.typeahead import KeyQueue
from themework.tui.unsaved import settle_then

if TYPE_CHECKING:
    from themework.services.dto import ProjectInfo

MODES_BY_PHASE = {
    1: "familiarise",
    2: "code",
    3: "themes",
    4: "review",
    5: "define",
    6: "report",
}
POLL_SECONDS = 2.0


class WorkbenchApp(App[None]):
    # Every phase screen's stylesheet too (each screen still names its own): Textual reads a
    # screen's CSS when it is first shown, then parses all CSS again and restyles every
    # widget of every screen, a third of the time to show a screen the first time.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss", *(f"screens/{mode}.tcss" for mode in MODES_BY_PHASE.values()),
    ]
    TITLE = "themework"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {
        ActionCommands, TranscriptCommands, CodeCommands, ThemeCommands,
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"open_phase({n})", PHASES[n], id=f"app.phase{n}",
                    tooltip=f"Go to phase {n}: {PHASES[n]}", show=False)
            for n in PHASES
        ),
        # Shown by the footer's own key at the left (widgets/footer.py), so not listed again.
        Binding("question_mark", "keys", "Keys", id="app.keys", tooltip="List every binding",
                show=False),
        Binding("ctrl+z", "undo", "Undo", id="app.undo", tooltip="Undo your last change"),
        Binding("ctrl+y", "redo", "Redo", id="app.redo", tooltip="Redo what you undid"),
        Binding("P", "set_phase", "Set phase", id="app.set_phase",
                tooltip="Record the phase you are in (never inferred)", show=False),
        Binding("U", "set_coder", "Coder", id="app.set_coder",
                tooltip="Change who is coding", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    phase: reactive[int] = reactive(1)
    coder: reactive[str] = reactive("")
    # A var, not a reactive: the status line watches it and redraws itself, where a reactive
    # repainted the whole screen after every coding.
    last_action: var[str] = var("")
    blind: reactive[bool] = reactive(False)
    busy: reactive[str] = reactive("")  # long work under way (services_bridge.ShowsProgress)

    def __init__(self, wb: Workbench, *, keymap: dict[str, str] | None = None,
                 start_mode: str | None = None, blind: bool = False,
                 blind_required: bool = False) -> None:
        super().__init__()
        self.wb = wb
        self.set_reactive(WorkbenchApp.blind, blind or blind_required)
        # the project records blind coding (themework project blind on): it stays on
        self.blind_required = blind_required
        self._keymap = keymap or {}
        self._start_mode = start_mode
        self._counter = -1
        # Bumped whenever the phase screen is told the data changed: a screen shown again
        # reloads only if this moved since it last loaded (see PhaseScreen.on_screen_resume).
        self.generation = 0
        self._control_filter = ControlFilter()
        self._css_seen: tuple[object, ...] | None = None  # see refresh_css
        self.key_queue = KeyQueue(self, self._key_now)  # keys typed ahead: see typeahead

    def refresh_css(self, animate: bool = True) -> None:
        # Textual calls this for every screen shown the first time (and again on going back
        # to it), parsing all CSS again and restyling every widget: most of the time to show
        # a screen. Only a change of theme or of its colours needs that; a screen's own CSS
        # file is handled when it is read (here, at start: CSS_PATH). Textual documents no hook
        # for this; tests/tui/test_css_refresh.py fails if an upgrade bypasses the override.
        seen = (self.get_css_variables(), self.ansi_theme, self.css_monitor is None)
        if seen == self._css_seen and self.css_monitor is None:
            return
        self._css_seen = seen
        super().refresh_css(animate)

    def get_line_filters(self) -> Sequence[LineFilter]:
        # Control characters in anything shown (names, memos, transcript text) never reach
        # the terminal: see control_filter.
        return [*super().get_line_filters(), self._control_filter]

    # -- keys, one at a time (see typeahead) -------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        # Keys must be held before Textual routes them (bindings, the focused widget): the
        # documented on_key handlers run after that. tests/tui/test_typeahead.py fails if an
        # upgrade stops sending keys through here.
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self.key_queue.waits(event):
                await self._key_now(event)
            return
        await super().on_event(event)

    async def _key_now(self, key: events.Key) -> None:
        release = self.key_queue.hold()
        path = (self.focused or self.screen).ancestors_with_self
        await super().on_event(key)  # Textual's own handling: bindings, the focused widget
        self.key_queue.follow(path, release)

    def _screen_shown(self, screen: Screen[Any]) -> None:
        # A dialog (or a phase screen shown the first time) takes the next keys once it is
        # mounted and has set its focus (its on_mount's focus() runs on the app's queue,
        # before this release).
        if not screen.is_mounted:
            release = self.key_queue.hold()

            async def mounted() -> None:
                await AwaitMount(screen, [screen])
                self.call_later(release)

            self.call_later(mounted)

    # -- screens ---------------------------------------------------------------------------
    def _mode_factories(self) -> dict[str, Any]:
        from themework.tui.screens.code import CodeScreen
        from themework.tui.screens.define import DefineScreen
        from themework.tui.screens.familiarise import FamiliariseScreen
        from themework.tui.screens.report import ReportScreen
        from themework.tui.screens.review import ReviewScreen
        from themework.tui.screens.themes import ThemesScreen

        return {
            "familiarise": FamiliariseScreen,
            "code": CodeScreen,
            "themes": ThemesScreen,
            "review": ReviewScreen,
            "define": DefineScreen,
            "report": ReportScreen,
        }

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_shown, immediate=True)
        for name, factory in self._mode_factories().items():
            self.add_mode(name, factory)
        if self._keymap:
            self.set_keymap(self._keymap)
        info = guard(self, self.wb.projects.info)
        if info is not None:
            self._counter = info.change_counter  # so the first poll sees others' changes
            self.phase = info.phase
            self.sub_title = f"{info.name} · {info.approach}"
        self.coder = guard(self, self.wb.whoami) or ""
        mode = self._start_mode or MODES_BY_PHASE.get(self.phase, "familiarise")
        self.switch_mode(mode)
        if mode != "define":  # the Define screen offers its drafts itself
            self._tell_drafts()
        self.set_interval(POLL_SECONDS, self._poll)

    def _tell_drafts(self) -> None:
        # A crash left text typed in the Define screen: say so whichever screen opens, not
        # only once the researcher happens to go to phase 5.
        from themework.tui.screens.define_data import draft_notice

        def told(notice: str | None) -> None:
            if notice:
                self.notify(notice, timeout=12)

        in_thread(self, lambda: draft_notice(self.wb), told, group="drafts")

    def action_open_phase(self, n: int) -> None:
        mode = MODES_BY_PHASE[n]
        if mode != self.current_mode:
            self.leave_then(lambda: self._switch(mode), f"going to phase {n}")

    def jump_to(self, transcript: str, start: int, end: int | None = None) -> None:
        """Open a transcript in the Code screen with this span selected."""
        from themework.tui.messages import JumpTo

        def go() -> None:
            self.switch_mode("code")
            self.screen.post_message(JumpTo(transcript, start, end))

        self.leave_then(go, "opening the Code screen")

    def _switch(self, mode: str) -> None:
        self.switch_mode(mode)

    def leave_then(self, go: Callable[[], None], doing: str) -> None:
        """Run ``go`` once no screen or dialog holds unsaved text: each is asked Save /
        Discard / Cancel, the dialog on top first."""
        from themework.tui.dialogs.unsaved import DecideScreen

        if isinstance(self.screen, DecideScreen):
            return  # already asking (ctrl+q pressed twice): one question at a time
        settle_then(self, list(reversed(self.screen_stack)), go, doing)

    async def action_quit(self) -> None:
        # Every way out (ctrl+q, the palette's Quit) asks about unsaved text first, and
        # lets the changes already on their way finish saving.
        self.leave_then(lambda: after_writes(self, self.exit), "quitting")

    # -- shared actions --------------------------------------------------------------------
    def action_keys(self) -> None:
        from themework.tui.dialogs.keys import KeysScreen

        self.push_screen(KeysScreen(self.screen))

    def changed(self, summary: str, codings_in: str | None = None) -> None:
        """After a change made here: say so, and let every view reload (``codings_in``: only
        codings in that transcript changed, see ``DataChanged``)."""
        self.last_action = summary
        self._counter = -1
        self._tell_phase_screen(codings_in, release_keys=self.key_queue.hold())

    def _tell_phase_screen(self, codings_in: str | None = None,
                           release_keys: Callable[[], None] | None = None) -> None:
        # The phase screen, not a dialog that may be on top of it, reloads and recounts.
        self.generation += 1
        self.screen_stack[0].post_message(DataChanged(codings_in, release_keys))

    def check_for_changes(self) -> None:
        """Ask now, not at the next poll, whether another process changed the project."""
        self._poll()

    def action_undo(self) -> None:
        write(self, self.wb.history.undo, lambda done: self._history("undid", done))

    def action_redo(self) -> None:
        write(self, self.wb.history.redo, lambda done: self._history("redid", done))

    def _history(self, verb: str, done: Sequence[Any]) -> None:
        if done:
            self.changed(f"{verb}: " + "; ".join(e.summary for e in done))
            self.notify(self.last_action)

    def action_set_phase(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        options = [(f"{n}  {name}", str(n)) for n, name in PHASES.items()]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            def recorded(info: ProjectInfo) -> None:
                self.phase = info.phase
                self.changed(f"phase set to {info.phase} {PHASES[info.phase]}")

            write(self, lambda: self.wb.projects.update(phase=int(value)), recorded)

        # The phase recorded now is marked: nothing in the list said which it was.
        self.push_screen(ChooseScreen("Which phase are you in?", options,
                                      marks={str(self.phase): "●"}, legend="● recorded now"),
                         chosen)

    def action_set_coder(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def chosen(name: str | None) -> None:
            if name and name.strip():
                self.wb = Workbench(self.wb.store, coder=name.strip())
                self.coder = name.strip()
                self.changed(f"coding as {self.coder}")

        self.push_screen(PromptScreen("Who is coding?", value=self.coder), chosen)

    # -- others' changes -------------------------------------------------------------------
    def _poll(self) -> None:
        def seen(counter: int) -> None:
            if self._counter not in (-1, counter):
                self._tell_phase_screen()
            self._counter = counter

        in_thread(self, self.wb.projects.change_counter, seen, group="poll")

    # Textual's crash report prints local variables, which can hold transcript text.
    # Textual has no public hook for an unhandled error, so this one private method is
    # overridden (and only public calls are made in it);
    # tests/tui/test_crash.py::test_a_crash_prints_one_line_without_transcript_text fails if
    # a Textual upgrade stops calling it.
    def _fatal_error(self) -> None:
        import sys

        from rich.text import Text

        self.bell()
        error = sys.exc_info()[1]
        self.panic(Text(
            "themework stopped: "
            + (describe(error) if error else "internal error")
            + ". Every change you saw confirmed is saved."
        ))


def create_app(wb: Workbench, *, keymap: dict[str, str] | None = None,
               start_mode: str | None = None, blind: bool = False,
               blind_required: bool = False) -> WorkbenchApp:
    from themework.gcpause import collect_oldest_rarely

    collect_oldest_rarely()
    return WorkbenchApp(wb, keymap=keymap, start_mode=start_mode, blind=blind,
                        blind_required=blind_required)
