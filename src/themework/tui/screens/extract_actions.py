"""The Define screen's work on a theme's extracts: references in the narrative and exemplars.

``ctrl+e`` in the narrative embeds one of the theme's extracts as ``{{extract:ID}}``; ``*``
stars an extract as an exemplar, ``-`` unstars, ``K``/``J`` move the highlighted one and
``T`` trims its quote. The screen says which theme is loaded (``base``) and what it shows
(``view``); the bindings stay on the screen.
"""

from __future__ import annotations

from textual import on

from themework.services.themes import ThemeInfo
from themework.tui.screens.define_data import DefineView, extract_choice
from themework.tui.screens.theme_actions import ThemeActions
from themework.tui.widgets.define_editor import NarrativeEditor
from themework.tui.widgets.define_exemplars import ExemplarList


class ExtractActions(ThemeActions):
    view: DefineView | None
    base: ThemeInfo | None  # what the fields were loaded from (its version)
    _keep_exemplar: int | None  # the exemplar the list's cursor stays on after a reload

    def _keep(self, cid: int) -> None:
        self._keep_exemplar = cid

    def _extract_options(self, exclude: set[int] | frozenset[int] = frozenset()
                         ) -> list[tuple[str, str]]:
        assert self.view is not None
        return [(extract_choice(e), str(e.id))
                for e in self.view.extracts if e.id not in exclude]

    @on(NarrativeEditor.InsertExtract)
    def _insert_extract(self, event: NarrativeEditor.InsertExtract) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None or self.base is None:
            return
        opts = self._extract_options()
        if not opts:
            self.notify("this theme has no extracts to embed (its codes have no codings)",
                        severity="warning")
            return
        editor = event.editor

        def chosen(value: str | None) -> None:
            editor.focus()
            if value:
                editor.insert_reference(int(value))

        self.app.push_screen(ChooseScreen("Embed which extract? (transcript, turn, words)",
                                          opts), chosen)

    def action_add_exemplar(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        theme = self.base
        if theme is None or self.view is None or self.view.theme is None:
            return
        opts = self._extract_options({x.coding_id for x in self.view.theme.exemplars})
        if not opts:
            self.notify("no more extracts of this theme to star", severity="warning")
            return

        def chosen(value: str | None) -> None:
            if not value:
                return
            cid = int(value)
            self._change(lambda: self.wb.themes.add_exemplar(theme.id, cid),
                         lambda c: f"starred extract {cid} for {c.theme.name}",
                         lambda _: self._keep(cid))

        self.app.push_screen(ChooseScreen("Star which extract as an exemplar?", opts), chosen)

    def action_remove_exemplar(self) -> None:
        theme, cid = self.base, self.query_one(ExemplarList).coding_id
        if theme is None or cid is None:
            return
        self._change(lambda: self.wb.themes.remove_exemplar(theme.id, cid),
                     lambda c: f"unstarred extract {cid} for {c.theme.name}")

    def action_move_exemplar(self, step: int) -> None:
        lst = self.query_one(ExemplarList)
        theme, cid = self.base, lst.coding_id
        if theme is None or cid is None:
            return
        ids = [x.coding_id for x in lst.exemplars]
        position = ids.index(cid) + 1 + step
        if not 1 <= position <= len(ids):
            self.notify("it is already " + ("first" if step < 0 else "last"))
            return
        # One service call: one audit event, so one ctrl+z puts the order back.
        self._change(
            lambda: self.wb.themes.order_exemplar(theme.id, cid, position),
            lambda c: f"moved exemplar {cid} of {c.theme.name} to {position}",
            lambda _: self._keep(cid),
        )

    def action_trim_exemplar(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        theme, x = self.base, self.query_one(ExemplarList).current
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
            self._change(
                lambda: self.wb.themes.trim_exemplar(theme.id, cid, new),
                lambda c: (f"trimmed the quote of extract {cid}" if new is not None
                           else f"restored the full quote of extract {cid}"),
                lambda _: self._keep(cid),
            )

        self.app.push_screen(PromptScreen(
            "Trim: cut words only, mark each cut [...] (empty: the full quote)",
            value=x.trimmed if x.trimmed is not None else full, multiline=True,
        ), trimmed)
