"""Phase 3, Search for themes: collate codes into candidate themes and sub-themes.

The tree on the left holds the themes; the middle panel lists the codes of the highlighted
theme; below the tree, the codes in no theme yet; on the right, which codes travel together.
``a`` adds codes to the highlighted theme, ``d`` removes one, ``n``/``s`` make a theme or a
sub-theme, ``r`` renames, ``m`` moves a theme under another, ``K``/``J`` (or ctrl+up/down)
reorder, ``u`` switches co-occurrence between overlapping text and shared turns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, OptionList, Static, Tree
from textual.widgets.option_list import Option

from themework.services.dto import Cooccurrence
from themework.services.themes import ThemeChange, ThemeInfo
from themework.tui.screens.base import PhaseScreen
from themework.tui.screens.theme_actions import ThemeChanges
from themework.tui.screens.themes_data import (
    COOC_ROWS,
    ThemesView,
    code_infos,
    code_line,
    code_options,
    cooc_count,
    homes,
    load_cooccurrence,
    load_themes,
    pair_text,
)
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.themes_cooc import CooccurrenceTable
from themework.tui.widgets.themes_tree import ThemeTree

TOP = "__top__"
THEME_ACTIONS = {"add_codes", "remove_code", "new_subtheme", "rename", "move_under", "reorder"}


class ThemesScreen(PhaseScreen):
    CSS_PATH = "themes.tcss"
    PHASE = 3
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_codes", "Add code", id="themes.add",
                tooltip="Add codes to the highlighted theme"),
        Binding("d", "remove_code", "Remove code", id="themes.remove",
                tooltip="Take the highlighted code out of the theme"),
        Binding("n", "new_theme", "New theme", id="themes.new", tooltip="New candidate theme"),
        Binding("s", "new_subtheme", "Sub-theme", id="themes.sub",
                tooltip="New sub-theme under the highlighted theme"),
        Binding("r", "rename", "Rename", id="themes.rename",
                tooltip="Rename the highlighted theme"),
        Binding("m", "move_under", "Move", id="themes.move", show=False,
                tooltip="Move the highlighted theme under another (or to the top level)"),
        Binding("K,ctrl+up", "reorder(-1)", "Up", id="themes.up", show=False,
                tooltip="Move the highlighted theme up among its siblings"),
        Binding("J,ctrl+down", "reorder(1)", "Down", id="themes.down", show=False,
                tooltip="Move the highlighted theme down among its siblings"),
        Binding("u", "toggle_unit", "Unit", id="themes.unit",
                tooltip="Co-occurrence by overlapping text or by shared turn"),
        Binding("c", "toggle_cooc", "Co-occur", id="themes.cooc",
                tooltip="Show or hide the co-occurrence table"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: ThemesView | None = None
        self.cooc: Cooccurrence | None = None
        self.current: str | None = None
        self.unit = "overlap"
        self._gen = 0
        self._cooc_gen = 0
        self.changes = ThemeChanges(self, self._theme)  # r renames; every change reports here

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="th-body"):
            with Vertical(id="th-left"):
                yield ThemeTree(id="th-tree")
                yield Label("Not in any theme", id="th-unthemed-title")
                yield OptionList(id="th-unthemed", markup=False)
            with Vertical(id="th-middle"):
                yield Static("", id="th-info", markup=False)
                yield OptionList(id="th-codes", markup=False)
            with Vertical(id="th-cooc-panel"):
                yield Label("", id="th-cooc-title", markup=False)
                yield CooccurrenceTable(id="th-cooc")
                yield Static("", id="th-cooc-pair", markup=False)

    def on_mount(self) -> None:  # PhaseScreen.on_mount runs too (Textual calls each class's)
        self.query_one(ThemeTree).focus()
        self._counts()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        wb, blind_as = self.wb, self.blind_as
        self._gen += 1
        gen = self._gen
        in_thread(self.app, lambda: load_themes(wb, blind_as),
                  lambda v: self._show(v) if gen == self._gen else None, group="themes-load")
        self._load_cooc()

    def _load_cooc(self) -> None:
        wb, unit, blind_as = self.wb, self.unit, self.blind_as
        self._cooc_gen += 1
        gen = self._cooc_gen
        in_thread(self.app, lambda: load_cooccurrence(wb, unit, blind_as),
                  lambda c: self._show_cooc(c) if gen == self._cooc_gen else None,
                  group="themes-cooc")

    def _show(self, view: ThemesView) -> None:
        self.view = view
        tree = self.query_one(ThemeTree)
        ids = {t.id for t in view.themes}
        if self.current not in ids:
            self.current = tree.current if tree.current in ids else None
        tree.show(view.themes, self.current)
        self.current = tree.current
        self._fill_codes()
        self._fill_unthemed()
        self._fill_cooc()
        self.refresh_bindings()

    def _show_cooc(self, cooc: Cooccurrence) -> None:
        self.cooc = cooc
        self._fill_cooc()

    # -- pushing data down -----------------------------------------------------------------
    def _theme(self, theme_id: str | None = None) -> ThemeInfo | None:
        theme_id = theme_id or self.current
        if self.view is None or theme_id is None:
            return None
        return next((t for t in self.view.themes if t.id == theme_id), None)

    def _fill_codes(self) -> None:
        info = self.query_one("#th-info", Static)
        ol = self.query_one("#th-codes", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        theme = self._theme()
        if theme is None:
            info.update("No themes yet: n makes a candidate theme.")
            return
        parent = self._theme(theme.parent) if theme.parent else None
        where = f"sub-theme of {parent.name}" if parent else "theme"
        head = Text(theme.name, style="bold")
        n = len(theme.codes)
        head.append(f"\n{theme.status} {where} · {n} code{'' if n == 1 else 's'}", style="dim")
        if theme.definition:
            head.append("\n" + theme.definition.splitlines()[0][:200], style="italic")
        info.update(head)
        if not theme.codes:
            ol.add_option(Option(Text("no codes yet: a adds some", style="dim"), disabled=True))
        ol.add_options([Option(code_line(self.view, c, theme), id=c) for c in theme.codes])
        kids = [k for k in (self._theme(x) for x in theme.children) if k is not None]
        for kid in kids:
            ol.add_option(Option(Text(f"in sub-theme {kid.name}:", style="bold"), disabled=True))
            ol.add_options([Option(Text("  ").append(code_line(self.view, c, kid)), disabled=True)
                            for c in kid.codes])
        if theme.codes:
            ol.highlighted = min(keep or 0, len(theme.codes) - 1)

    def _fill_unthemed(self) -> None:
        assert self.view is not None
        ol = self.query_one("#th-unthemed", OptionList)
        keep = ol.highlighted
        ol.clear_options()
        self.query_one("#th-unthemed-title", Label).update(
            f"Not in any theme ({len(self.view.unthemed)})"
            + (" · Enter adds to the theme" if self.view.unthemed else "")
        )
        if not self.view.unthemed:
            empty = "none: every code is placed" if self.view.codes else \
                "no codes yet: make them in phase 2 (key 2)"
            ol.add_option(Option(Text(empty, style="dim"), disabled=True))
            return
        names = code_infos(self.view)
        ol.add_options([
            Option(Text(names[c].name if c in names else c).append(
                f"  ({names[c].codings})" if c in names else "", style="dim"), id=c)
            for c in self.view.unthemed
        ])
        ol.highlighted = min(keep or 0, ol.option_count - 1)

    def _fill_cooc(self) -> None:
        title = self.query_one("#th-cooc-title", Label)
        table = self.query_one(CooccurrenceTable)
        if self.cooc is None:
            title.update(f"Co-occurrence ({self.unit}) · loading")
            table.show((), {}, frozenset())
            return
        theme = self._theme()
        table.show(self.cooc.pairs[:COOC_ROWS], self.cooc.names,
                   set(theme.codes) if theme else set())
        self._show_pair(table.cursor_row)
        # The theme's name is above, in the middle panel: here it was cut, often to nothing.
        mark = " · ● in this theme" if theme else ""
        title.update(f"Co-occurrence ({self.unit}) · {cooc_count(len(self.cooc.pairs))}{mark}")

    # -- events ----------------------------------------------------------------------------
    @on(Tree.NodeHighlighted, "#th-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data is None or event.node.data == self.current:
            return
        self.current = event.node.data
        self._fill_codes()
        self._fill_cooc()
        self.refresh_bindings()

    @on(Tree.NodeSelected, "#th-tree")
    def _theme_selected(self) -> None:
        self.query_one("#th-codes").focus()  # Enter on a theme: to its codes

    @on(DataTable.RowHighlighted, "#th-cooc")
    def _pair(self, event: DataTable.RowHighlighted) -> None:
        self._show_pair(event.cursor_row)

    def _show_pair(self, row: int) -> None:
        """The highlighted pair in full (the table truncates names)."""
        out = self.query_one("#th-cooc-pair", Static)
        if self.cooc is None or not 0 <= row < len(self.cooc.pairs):
            out.update("")
            return
        out.update(pair_text(self.cooc, row, homes(self.view)))

    @on(OptionList.OptionSelected, "#th-unthemed")
    def _add_unthemed(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._add([event.option.id])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what needs a theme while there is none."""
        return not (action in THEME_ACTIONS and self._theme() is None)

    # -- helpers for actions ---------------------------------------------------------------
    def _add(self, codes: list[str],
             then: Callable[[ThemeChange], None] | None = None) -> None:
        theme = self._theme()
        if theme is None:
            self.notify("make a theme first (n)", severity="warning")
            return
        self.changes.make(
            lambda: self.wb.themes.add_codes(theme.id, codes),
            lambda c: f"added {', '.join(codes)} to {c.theme.name}",
            then,
        )

    # -- actions ---------------------------------------------------------------------------
    def action_rename(self) -> None:
        self.changes.rename()

    def action_add_codes(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        theme = self._theme()
        if theme is None or self.view is None:
            return

        def chosen(code: str | None) -> None:
            if code is not None:
                self._add([code], lambda _: another(code))

        def another(code: str) -> None:
            taken.update({*theme.codes, code})
            self.app.push_screen(
                ChooseScreen(f"Add another code to {theme.name!s}? (Esc: done)",
                             code_options(self.view, taken)), chosen)

        taken: set[str] = set(theme.codes)
        self.app.push_screen(
            ChooseScreen(f"Add which code to {theme.name!s}?", code_options(self.view, taken)),
            chosen,
        )

    def action_remove_code(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        theme = self._theme()
        if theme is None:
            return
        if not theme.codes:
            self.notify(f"{theme.name} has no codes of its own", severity="warning")
            return

        def remove(code: str | None) -> None:
            if code is None:
                return
            self.changes.make(
                lambda: self.wb.themes.remove_codes(theme.id, [code]),
                lambda c: f"removed {code} from {c.theme.name}",
            )

        ol = self.query_one("#th-codes", OptionList)
        if ol.has_focus and ol.highlighted is not None:
            option = ol.get_option_at_index(ol.highlighted)
            if option.id in theme.codes:
                remove(option.id)
                return
        names = code_infos(self.view)
        opts = [(str(names[c].name if c in names else c), c) for c in theme.codes]
        self.app.push_screen(ChooseScreen(f"Remove which code from {theme.name!s}?", opts),
                             remove)

    def _create(self, title: str, parent: str | None) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def named(name: str | None) -> None:
            if not name or not name.strip():
                return
            def created(change: ThemeChange) -> None:
                self.current = change.theme.id
                self.changes.report(change, lambda c: f"created theme {c.theme.name}")

            self.write(lambda: self.wb.themes.create(name.strip(), parent=parent), created)

        self.app.push_screen(PromptScreen(title), named)

    def action_new_theme(self) -> None:
        self._create("Name of the new candidate theme", None)

    def action_new_subtheme(self) -> None:
        theme = self._theme()
        if theme is not None:
            self._create(f"Name of the new sub-theme of {theme.name}", theme.id)

    def action_move_under(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        theme = self._theme()
        if theme is None or self.view is None:
            return
        below = {theme.id}
        for t in self.view.themes:  # depth-first order: descendants follow their parent
            if t.parent in below:
                below.add(t.id)
        opts = [("(top level)", TOP)] + [
            (str("  " * t.depth + t.name), t.id) for t in self.view.themes if t.id not in below
        ]

        names = self.view.themes

        def under(parent: str | None) -> None:
            if parent is None:
                return
            target = None if parent == TOP else parent
            where = next((t.name for t in names if t.id == target), "the top level")
            self.changes.make(
                lambda: self.wb.themes.move(theme.id, target),
                lambda c: f"moved {c.theme.name} under {where}",
            )

        self.app.push_screen(ChooseScreen(f"Move {theme.name!s} under which theme?", opts),
                             under)

    def action_reorder(self, step: int) -> None:
        theme = self._theme()
        if theme is None or self.view is None:
            return
        siblings = [t for t in self.view.themes if t.parent == theme.parent]
        i = next(k for k, t in enumerate(siblings) if t.id == theme.id)
        j = i + step
        if not 0 <= j < len(siblings):
            self.notify("already " + ("first" if step < 0 else "last"))
            return
        # The service counts positions among all siblings, discarded ones too: land just
        # before (up) or after (down) the visible neighbour, in one call (one undo).
        others = [x for x in self.view.positions.get(theme.parent or "", ()) if x != theme.id]
        k = others.index(siblings[j].id)
        position = k + 1 if step < 0 else k + 2
        self.changes.make(
            lambda: self.wb.themes.move(theme.id, theme.parent, order=position),
            lambda c: f"moved {c.theme.name} {'up' if step < 0 else 'down'}",
        )

    def action_toggle_unit(self) -> None:
        self.unit = "turn" if self.unit == "overlap" else "overlap"
        self.cooc = None
        self._fill_cooc()
        self._load_cooc()

    def action_toggle_cooc(self) -> None:
        """Wide screens show the table beside the codes (c hides it); narrow screens give it
        the whole width instead of the tree and codes (c goes back)."""
        table = self.query_one(CooccurrenceTable)
        if self.has_class("-narrow"):
            self.toggle_class("-cooc-narrow")
            shown = self.has_class("-cooc-narrow")
        else:
            self.toggle_class("-cooc-hidden")
            shown = not self.has_class("-cooc-hidden")
        if shown and self.has_class("-narrow"):
            table.focus()
        elif not shown and table.has_focus:
            self.query_one(ThemeTree).focus()
