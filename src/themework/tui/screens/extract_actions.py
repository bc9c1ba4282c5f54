"""The Define screen's work on a theme's extracts: references in the narrative and exemplars.

``ctrl+e`` in the narrative embeds one of the theme's extracts as ``{{extract:ID}}``; ``*``
stars an extract as an exemplar, ``-`` unstars, ``K``/``J`` move the highlighted one and
``T`` trims its quote. ``ExtractWork`` is a part the screen owns (``screen.extracts``), not
a base class: the bindings and the message handler stay on the screen and call it, and it
reaches the screen only for what it shows (``view``, ``base``) and to make a theme change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from themework.tui.screens.define_data import extract_choice
from themework.tui.widgets.define_editor import NarrativeEditor
from themework.tui.widgets.define_exemplars import ExemplarList

if TYPE_CHECKING:
    from themework.tui.screens.define import DefineScreen


class ExtractWork:
    def __init__(self, screen: DefineScreen) -> None:
        self.screen = screen
        self.keep: int | None = None  # the exemplar the list's cursor stays on after a reload

    def options(self, exclude: set[int] | frozenset[int] = frozenset()) -> list[tuple[str, str]]:
        """The theme's extracts, as picker options."""
        view = self.screen.view
        assert view is not None
        return [(extract_choice(e), str(e.id)) for e in view.extracts if e.id not in exclude]

    def _keep(self, cid: int) -> None:
        self.keep = cid

    def insert_reference(self, editor: NarrativeEditor) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        screen = self.screen
        if screen.view is None or screen.base is None:
            return
        opts = self.options()
        if not opts:
            screen.notify("this theme has no extracts to embed (its codes have no codings)",
                          severity="warning")
            return

        def chosen(value: str | None) -> None:
            editor.focus()
            if value:
                editor.insert_reference(int(value))

        screen.app.push_screen(ChooseScreen("Embed which extract? (transcript, turn, words)",
                                            opts), chosen)

    def add_exemplar(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        screen = self.screen
        theme = screen.base
        if theme is None or screen.view is None or screen.view.theme is None:
            return
        opts = self.options({x.coding_id for x in screen.view.theme.exemplars})
        if not opts:
            screen.notify("no more extracts of this theme to star", severity="warning")
            return

        def chosen(value: str | None) -> None:
            if not value:
                return
            cid = int(value)
            screen.changes.make(lambda: screen.wb.themes.add_exemplar(theme.id, cid),
                                lambda c: f"starred extract {cid} for {c.theme.name}",
                                lambda _: self._keep(cid))

        screen.app.push_screen(ChooseScreen("Star which extract as an exemplar?", opts), chosen)

    def remove_exemplar(self) -> None:
        screen = self.screen
        theme, cid = screen.base, screen.query_one(ExemplarList).coding_id
        if theme is None or cid is None:
            return
        screen.changes.make(lambda: screen.wb.themes.remove_exemplar(theme.id, cid),
                            lambda c: f"unstarred extract {cid} for {c.theme.name}")

    def move_exemplar(self, step: int) -> None:
        screen = self.screen
        lst = screen.query_one(ExemplarList)
        theme, cid = screen.base, lst.coding_id
        if theme is None or cid is None:
            return
        ids = [x.coding_id for x in lst.exemplars]
        position = ids.index(cid) + 1 + step
        if not 1 <= position <= len(ids):
            screen.notify("it is already " + ("first" if step < 0 else "last"))
            return
        # One service call: one audit event, so one ctrl+z puts the order back.
        screen.changes.make(
            lambda: screen.wb.themes.order_exemplar(theme.id, cid, position),
            lambda c: f"moved exemplar {cid} of {c.theme.name} to {position}",
            lambda _: self._keep(cid),
        )

    def trim_exemplar(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        screen = self.screen
        theme, x = screen.base, screen.query_one(ExemplarList).current
        if theme is None or x is None:
            return
        full = x.text.strip()

        def trimmed(value: str | None) -> None:
            if value is None:
                return
            text = value.strip()
            new = None if not text or text == full else text
            if new == x.trimmed:
                return
            cid = x.coding_id
            screen.changes.make(
                lambda: screen.wb.themes.trim_exemplar(theme.id, cid, new),
                lambda c: (f"trimmed the quote of extract {cid}" if new is not None
                           else f"restored the full quote of extract {cid}"),
                lambda _: self._keep(cid),
            )

        screen.app.push_screen(PromptScreen(
            "Trim: cut words only, mark each cut [...] (empty: the full quote)",
            value=x.trimmed if x.trimmed is not None else full, multiline=True,
        ), trimmed)
