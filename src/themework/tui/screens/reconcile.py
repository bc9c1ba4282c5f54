"""Reconciliation (reached from Review with ``R``): disagreements side by side, decided by key.

Each decision is recorded under the consensus coder with a memo that says why.
"""

from __future__ import annotations

from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from themework.domain.plural import plural
from themework.services.reconcile import Disagreement
from themework.services.workbench import Workbench
from themework.tui.app import WorkbenchApp
from themework.tui.services_bridge import in_thread, write


class ReconcileScreen(Screen[None]):
    DEFAULT_CSS = """
    ReconcileScreen #list { height: 12; border-bottom: solid $panel-lighten-2; }
    ReconcileScreen #sides { height: 1fr; }
    ReconcileScreen .side { width: 1fr; border: round $panel-lighten-2; padding: 0 1; }
    ReconcileScreen #hint { height: 1; background: $boost; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "take(0)",
            "Keep 1st",
            id="reconcile.first",
            tooltip="Keep the first coder's version",
        ),
        Binding(
            "2",
            "take(1)",
            "Keep 2nd",
            id="reconcile.second",
            tooltip="Keep the second coder's version",
        ),
        Binding("u", "take_named('union')", "Union", id="reconcile.union"),
        Binding(
            "i",
            "take_named('intersection')",
            "Both",
            id="reconcile.intersection",
            tooltip="Keep only what both coded",
        ),
        Binding("0", "take_named('none')", "Neither", id="reconcile.none"),
        Binding(
            "A",
            "accept_agreed",
            "Accept agreed",
            id="reconcile.agreed",
            tooltip="Record every agreed stretch as consensus",
        ),
        Binding("escape", "app.pop_screen", "Back", id="reconcile.back"),
    ]

    def __init__(self, coders: tuple[str, str]) -> None:
        super().__init__()
        self.coders = coders
        self.items: list[Disagreement] = []

    app = getters.app(WorkbenchApp)

    @property
    def wb(self) -> Workbench:
        return self.app.wb

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(id="list")
        with Horizontal(id="sides"):
            for i, coder in enumerate(self.coders):
                with VerticalScroll(classes="side"):
                    yield Static(coder, id=f"who{i}", markup=False)
                    yield Static("", id=f"side{i}", markup=False)
        yield Static("", id="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"reconcile {self.coders[0]} and {self.coders[1]}"
        self.reload()

    def reload(self) -> None:
        coders = self.coders
        in_thread(
            self.app, lambda: self.wb.reconcile.disagreements(coders), self._show, group="reconcile"
        )

    def _show(self, items: list[Disagreement]) -> None:
        self.items = items
        ol = self.query_one(OptionList)
        ol.clear_options()
        ol.add_options(
            [Option(f"{d.code} · {d.transcript} · {d.start}:{d.end}", id=d.key) for d in items]
        )
        self.query_one("#hint", Static).update(
            f"{plural(len(items), 'disagreement')} · 1/2 keep a coder's version · u union · "
            "i both · 0 neither · A accept agreed"
        )
        if items:
            ol.highlighted = 0
            self._side(items[0])
        ol.focus()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        d = next((x for x in self.items if x.key == event.option.id), None)
        if d is not None:
            self._side(d)

    def _side(self, d: Disagreement) -> None:
        versions = dict(d.versions)
        for i, coder in enumerate(self.coders):
            spans = versions.get(coder, ())
            body = "\n\n".join(f"{a}:{b}\n{text}" for a, b, text in spans) or "(not coded)"
            self.query_one(f"#side{i}", Static).update(body)

    def _current(self) -> Disagreement | None:
        ol = self.query_one(OptionList)
        if ol.highlighted is None or not self.items:
            return None
        return self.items[ol.highlighted]

    def _decide(self, take: str) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        d = self._current()
        if d is None:
            return

        def why(memo: str | None) -> None:
            if memo is None:
                return
            def decided(_: object) -> None:
                self.app.changed(f"reconciled {d.key}: {take}")
                self.reload()

            write(self.app, lambda: self.wb.reconcile.decide(self.coders, d.key, take, memo),
                  decided)

        self.app.push_screen(PromptScreen(f"Why keep {take}? (recorded as a memo)"), why)

    def action_take(self, index: int) -> None:
        self._decide(self.coders[index])

    def action_take_named(self, take: str) -> None:
        self._decide(take)

    def action_accept_agreed(self) -> None:
        def accepted(n: int) -> None:
            said = f"recorded {plural(n, 'agreed coding')} as consensus"
            self.app.changed(said)
            self.notify(said)

        write(self.app, lambda: self.wb.reconcile.accept_agreed(self.coders), accepted,
              doing="recording the agreed codings")
