"""Phase 4, Review themes: read every extract a theme collects, check it against the data.

Pick a theme in the tree (or ``o``); its extracts (its codes' and its sub-themes') are listed
by code and transcript. ``g``/Enter opens an extract in its transcript, ``*`` stars it as an
exemplar. ``r`` renames, ``t`` sets the status, ``M`` merges into another theme, ``S`` splits
codes off into a new theme, ``D`` discards. Prevalence by attribute group (``b``) is shown on
request in reflexive projects (``p``), where counting is not the point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, OptionList, Static, Tree
from textual.widgets.option_list import Option

from themework.services.coding import Extract
from themework.services.themes import ThemeInfo
from themework.tui.screens.base import PhaseScreen
from themework.tui.screens.review_changes import ReviewChanges, theme_options
from themework.tui.screens.review_data import (
    MORE_STEP,
    PER_CODE,
    ReviewView,
    extract_rows,
    first_hidden,
    load_review,
    title_text,
)
from themework.tui.screens.theme_actions import ThemeChanges
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.extract_list import FollowingOptionList
from themework.tui.widgets.themes_tree import ThemeTree

if TYPE_CHECKING:
    from themework.services.dto import ProjectInfo

THEME_ACTIONS = {"rename", "set_status", "merge", "split", "discard", "toggle_prevalence"}
EXTRACT_ACTIONS = {"jump", "star"}
WHOLE = "__whole__"


class ReviewScreen(PhaseScreen):
    CSS_PATH = "review.tcss"
    PHASE = 4
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "jump", "Go to", id="review.jump",
                tooltip="Open the highlighted extract in its transcript (Code screen)"),
        Binding("asterisk", "star", "Star", id="review.star",
                tooltip="Star the highlighted extract as an exemplar of the theme (again: unstar)",
                ),
        Binding("o", "choose_theme", "Theme", id="review.theme",
                tooltip="Choose a theme to review"),
        Binding("r", "rename", "Rename", id="review.rename", tooltip="Rename the theme"),
        Binding("t", "set_status", "Status", id="review.status",
                tooltip="Set the theme's status (candidate, reviewed, defined, final)"),
        Binding("M", "merge", "Merge", id="review.merge",
                tooltip="Merge this theme into another"),
        Binding("S", "split", "Split", id="review.split",
                tooltip="Move some of its codes to a new theme"),
        Binding("D", "discard", "Discard", id="review.discard", tooltip="Discard the theme"),
        Binding("p", "toggle_prevalence", "Prevalence", id="review.prevalence",
                tooltip="Show or hide prevalence (hidden by default in reflexive projects)"),
        Binding("b", "choose_by", "By", id="review.by",
                tooltip="Prevalence by which participant attribute"),
        Binding("R", "reconcile", "Reconcile", id="review.reconcile",
                tooltip="Walk two coders' disagreements and record the agreed version"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: ReviewView | None = None
        self.current: str | None = None
        self.by: str | None = None
        self.show_prevalence: bool | None = None  # None: as the approach suggests
        self.shown: dict[str, int] = {}  # code -> extracts listed, when more than PER_CODE
        self._gen = 0
        # The screen's groups of actions, each a helper it owns; the bindings stay here.
        self.changes = ThemeChanges(self, self.theme)  # r, t, and how every change is told
        self.review = ReviewChanges(self)  # *, M, S, D

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="rv-body"):
            with Vertical(id="rv-side"):
                yield ThemeTree(id="rv-tree")
            with Vertical(id="rv-main"):
                yield Static("", id="rv-title", markup=False)
                yield FollowingOptionList(id="rv-extracts", markup=False)
                with Vertical(id="rv-prev-panel"):
                    yield Label("", id="rv-prev-title", markup=False)
                    yield DataTable(id="rv-prevalence", cursor_type="none", zebra_stripes=True,
                                    show_cursor=False)
        yield Static("", id="rv-here", markup=False)

    def on_mount(self) -> None:  # PhaseScreen.on_mount runs too (Textual calls each class's)
        table = self.query_one("#rv-prevalence", DataTable)
        table.add_column("group", key="group")
        table.add_column("stretches", key="extracts")
        table.add_column("transcripts", key="transcripts")
        table.add_column("participants", key="participants")
        self.query_one("#rv-prev-panel").display = False
        if self.app.size.width < 110:
            self.query_one("#rv-extracts").focus()
        else:
            self.query_one(ThemeTree).focus()
        self._counts()

    # -- loading ---------------------------------------------------------------------------
    @property
    def prevalence_visible(self) -> bool:
        if self.show_prevalence is not None:
            return self.show_prevalence
        if self.view is None:
            return False
        return self.view.approach != "reflexive"

    def reload(self) -> None:
        wb, theme, by, blind_as = self.wb, self.current, self.by, self.blind_as
        # On the first load the approach is not known yet: fetch prevalence, decide after.
        if self.view is not None:
            want = self.prevalence_visible
        else:
            want = self.show_prevalence is not False
        self._gen += 1
        gen = self._gen
        in_thread(self.app, lambda: load_review(wb, theme, by, want, blind_as),
                  lambda v: self._show(v) if gen == self._gen else None, group="review-load")

    def _show(self, view: ReviewView) -> None:
        self.view = view
        self.current = view.theme.id if view.theme else None
        self.query_one(ThemeTree).show(view.themes, self.current)
        self._fill_title()
        self._fill_extracts()
        self._fill_prevalence()
        self._update_here()
        self.refresh_bindings()

    # -- pushing data down -----------------------------------------------------------------
    def _fill_title(self) -> None:
        assert self.view is not None
        self.query_one("#rv-title", Static).update(title_text(self.view))

    def _fill_extracts(self, keep: str | None = None) -> None:
        assert self.view is not None
        ol = self.query_one("#rv-extracts", FollowingOptionList)
        keep = keep or self._highlighted_id()
        ol.clear_options()
        view = self.view
        if view.theme is None:
            return
        if not view.members:
            ol.add_option(Option(Text("this theme has no codes yet (add some in phase 3)",
                                      style="dim"), disabled=True))
            return
        options = [Option(p, id=i, disabled=i is None) for p, i in extract_rows(view, self.shown)]
        ol.add_options(options)
        ids = [o.id for o in options]
        if keep is not None and keep in ids:
            ol.highlighted = ids.index(keep)
        else:
            first = next((i for i, o in enumerate(options) if not o.disabled), None)
            if first is not None:
                ol.highlighted = first
        ol.follow_highlight()

    def _fill_prevalence(self) -> None:
        assert self.view is not None
        panel = self.query_one("#rv-prev-panel")
        visible = self.prevalence_visible and self.view.theme is not None
        panel.display = visible
        if not visible:
            return
        if self.view.prevalence is None:  # shown but not loaded with this view: fetch it
            self.reload()
            return
        table = self.query_one("#rv-prevalence", DataTable)
        table.clear()
        for r in self.view.prevalence:
            table.add_row(
                Text(r.group if r.group is not None else "whole data set"),
                Text(str(r.extracts), justify="right"),
                Text(f"{r.transcripts}/{self.view.transcripts_total}" if r.group is None
                     else str(r.transcripts), justify="right"),
                Text(f"{r.participants}/{r.participants_total}", justify="right"),
            )
        note = " · reflexive project: counts are context, not evidence" \
            if self.view.approach == "reflexive" else ""
        self.query_one("#rv-prev-title", Label).update(
            f"Prevalence {'by ' + self.view.by if self.view.by else 'in the whole data set'}"
            f" · b: group by · p: hide · overlaps count once{note}"
        )

    def _highlighted_id(self) -> str | None:
        ol = self.query_one("#rv-extracts", OptionList)
        if ol.highlighted is None or ol.highlighted >= ol.option_count:
            return None
        return ol.get_option_at_index(ol.highlighted).id

    def highlighted_extract(self) -> Extract | None:
        """The extract under the list's cursor (None on a heading or an empty list)."""
        oid = self._highlighted_id()
        if self.view is None or not oid or not oid.startswith("x"):
            return None
        cid = int(oid[1:])
        return next((e for e in self.view.extracts if e.id == cid), None)

    def _update_here(self) -> None:
        here = self.query_one("#rv-here", Static)
        e = self.highlighted_extract()
        if e is None or self.view is None or self.view.theme is None:
            here.update("")
            return
        starred = any(x.coding_id == e.id for x in self.view.theme.exemplars)
        here.update(
            f"#{e.id} {e.code_name} · {e.transcript} {e.start}-{e.end}"
            f"{f' · turn {e.turn}' if e.turn is not None else ''} · coder {e.coder}"
            f" · {'★ exemplar · ' if starred else ''}g opens it · * stars"
        )

    # -- events ----------------------------------------------------------------------------
    @on(Tree.NodeHighlighted, "#rv-tree")
    def _theme_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data is None or event.node.data == self.current:
            return
        self.current = event.node.data
        self.reload()

    @on(Tree.NodeSelected, "#rv-tree")
    def _theme_selected(self) -> None:
        self.query_one("#rv-extracts").focus()  # Enter on a theme: read its extracts

    @on(OptionList.OptionHighlighted, "#rv-extracts")
    def _extract_highlighted(self) -> None:
        self._update_here()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#rv-extracts")
    def _extract_selected(self) -> None:
        oid = self._highlighted_id()
        if self.view is not None and oid and oid.startswith("more:"):
            code = oid.removeprefix("more:")
            before = self.shown.get(code, PER_CODE)
            self.shown[code] = before + MORE_STEP
            self._fill_extracts(keep=first_hidden(self.view, code, before))
            return
        self.action_jump()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in THEME_ACTIONS and (self.view is None or self.view.theme is None):
            return False
        if action in EXTRACT_ACTIONS and self.highlighted_extract() is None:
            return False
        return not (action == "choose_by" and not self.prevalence_visible)

    # -- the theme under review and its changes (review_changes.ReviewChanges) -----------
    def theme(self) -> ThemeInfo | None:
        return self.view.theme if self.view is not None else None

    def action_rename(self) -> None:
        self.changes.rename()

    def action_set_status(self) -> None:
        self.changes.set_status()

    def action_star(self) -> None:
        self.review.star()

    def action_merge(self) -> None:
        self.review.merge()

    def action_split(self) -> None:
        self.review.split()

    def action_discard(self) -> None:
        self.review.discard()

    # -- actions: moving around -------------------------------------------------------------
    def action_jump(self) -> None:
        e = self.highlighted_extract()
        if e is None:
            return
        self.workbench_app.jump_to(e.transcript, e.start, e.end)

    def action_choose_theme(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None or not self.view.themes:
            self.notify("no themes yet: make some in phase 3 (key 3)", severity="warning")
            return

        def chosen(theme_id: str | None) -> None:
            if theme_id:
                self.current = theme_id
                self.reload()

        self.app.push_screen(ChooseScreen("Review which theme?", theme_options(self.view)),
                             chosen)

    # -- actions: prevalence ---------------------------------------------------------------
    def action_toggle_prevalence(self) -> None:
        self.show_prevalence = not self.prevalence_visible
        if self.view is not None:
            self._fill_prevalence()
        self.refresh_bindings()

    def action_choose_by(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None:
            return
        if not self.view.attributes:
            self.notify("no participant has attributes to group by", severity="warning")
            return
        opts = [("(whole data set)", WHOLE), *[(str(a), a) for a in self.view.attributes]]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.by = None if value == WHOLE else value
            self.reload()

        self.app.push_screen(ChooseScreen("Prevalence by which attribute?", opts), chosen)

    def action_reconcile(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen
        from themework.tui.screens.reconcile import ReconcileScreen

        def ask(info: ProjectInfo) -> None:
            coders = [c for c in info.coders if c != "consensus"]
            if len(coders) < 2:
                self.notify("reconciliation needs codings by two coders", severity="warning")
                return
            options = [(c, c) for c in coders]

            def first(a: str | None) -> None:
                if a is None:
                    return

                def second(b: str | None) -> None:
                    if b is not None and b != a:
                        self.app.push_screen(ReconcileScreen((a, b)))

                self.app.push_screen(ChooseScreen(
                    f"Reconcile {a} with whom?", [o for o in options if o[1] != a]), second)

            self.app.push_screen(ChooseScreen("Reconcile which coder?", options), first)

        in_thread(self.app, self.wb.projects.info, ask, group="review-coders", holds_keys=True)

    def show_theme(self, theme_id: str) -> None:
        """Open this theme (from the command palette)."""
        self.current = theme_id
        self.reload()
