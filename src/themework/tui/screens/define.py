"""Phase 5, Define and name: say what each theme is about, in the researcher's words.

Pick a theme in the tree (or ``o``); edit its name, definition, central organising concept,
scope and analytic narrative (each field opens read-only: Enter or ``e`` starts editing, Esc
stops, so that phase digits and command letters never land in the text; ``n`` and ``d`` go
to the narrative and the definition already editing), then ``ctrl+s`` saves them, sending the
version that was loaded so that someone else's edit in between is reported as a conflict
and nothing is stored.
``ctrl+e`` in the narrative embeds one of the theme's extracts as ``{{extract:ID}}``; the
preview shows the narrative with those references resolved to the quotes.

Exemplars: ``*`` stars one of the theme's extracts, ``-`` unstars, ``K``/``J`` move the
highlighted one up or down, ``T`` trims its quote (cutting words only, each cut marked
``[...]``). ``t`` sets the theme's status. Below 110 columns the tree and the right-hand
column fold away: ``o`` picks the theme, ``v`` (or Esc from a read-only field) swaps between
the editor and the preview with the exemplars.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static, TextArea, Tree

from themework.domain.plural import plural
from themework.services.themes import ThemeInfo
from themework.tui.screens.base import NARROW, PhaseScreen
from themework.tui.screens.define_data import DefineView, load_define, text_fields, theme_choice
from themework.tui.screens.define_fields import ThemeForm
from themework.tui.screens.define_refs import NarrativeRefs
from themework.tui.screens.extract_actions import ExtractWork
from themework.tui.screens.theme_actions import ThemeChanges
from themework.tui.services_bridge import in_thread
from themework.tui.unsaved import settle_then
from themework.tui.widgets.define_editor import NarrativeEditor
from themework.tui.widgets.define_exemplars import ExemplarList
from themework.tui.widgets.define_preview import NarrativePreview
from themework.tui.widgets.editable import EditableArea, EditableInput, Editing, is_editing
from themework.tui.widgets.themes_tree import ThemeTree

THEME_ACTIONS = {"choose_theme", "set_status", "add_exemplar", "save", "revert"}
EXEMPLAR_ACTIONS = {"remove_exemplar", "move_exemplar", "trim_exemplar"}
# Printable keys do nothing useful while a text field is being edited (it takes them).
TYPED_KEYS = {
    "choose_theme", "set_status", "add_exemplar", "remove_exemplar", "move_exemplar",
    "trim_exemplar", "edit_narrative", "edit_fields", "exemplars", "swap",
}
# Whole at 80 columns; ctrl+s saves is in the footer and the hint line under the fields.
NARRATIVE_HEAD = "Analytic narrative · Enter or e edits · ctrl+e embeds an extract"
NARRATIVE_EDITING = "Analytic narrative · EDITING, Esc to stop · ctrl+e embeds an extract"


class DefineScreen(PhaseScreen):
    CSS_PATH = "define.tcss"
    PHASE = 5
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="define.save",
                tooltip="Save the name, definition, concept, scope and narrative"),
        Binding("ctrl+r", "revert", "Revert", id="define.revert",
                tooltip="Drop unsaved edits and load the stored theme"),
        Binding("escape", "leave", "Leave field", id="define.leave",
                tooltip="Leave the text field (to the exemplars or the theme tree)"),
        Binding("o", "choose_theme", "Theme", id="define.theme",
                tooltip="Choose the theme to define"),
        Binding("t", "set_status", "Status", id="define.status",
                tooltip="Set the theme's status (candidate, reviewed, defined, final)"),
        Binding("asterisk", "add_exemplar", "Star", id="define.star",
                tooltip="Add one of the theme's extracts as an exemplar"),
        Binding("minus", "remove_exemplar", "Unstar", id="define.unstar",
                tooltip="Remove the highlighted exemplar"),
        Binding("K", "move_exemplar(-1)", "Up", id="define.up", show=False,
                tooltip="Move the highlighted exemplar up"),
        Binding("J", "move_exemplar(1)", "Down", id="define.down", show=False,
                tooltip="Move the highlighted exemplar down"),
        Binding("T", "trim_exemplar", "Trim", id="define.trim",
                tooltip="Trim the highlighted exemplar's quote (cut words, mark cuts [...])"),
        Binding("n", "edit_narrative", "Narrative", id="define.narrative", show=False,
                tooltip="Edit the analytic narrative"),
        Binding("d", "edit_fields", "Definition", id="define.fields", show=False,
                tooltip="Edit the definition (Tab and shift+Tab: scope, concept and name)"),
        Binding("x", "exemplars", "Exemplars", id="define.exemplars", show=False,
                tooltip="Go to the exemplar list"),
        Binding("v", "swap", "Swap", id="define.swap",
                tooltip="Narrow screens: swap the editor and the preview with exemplars"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: DefineView | None = None
        self.current: str | None = None
        self._gen = 0
        # The screen's groups of actions, each a helper it owns; the bindings stay here.
        self.form = ThemeForm(self)  # the text fields: load, drafts, save (ctrl+s), revert
        self.changes = ThemeChanges(self, lambda: self.form.base, seen=self.form.seen)  # t
        self.extracts = ExtractWork(self)  # ctrl+e, *, -, K/J, T
        self.refs = NarrativeRefs(self)  # the preview, its references resolved

    # -- layout ----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        with Horizontal(id="df-body"):
            with Vertical(id="df-side"):
                yield ThemeTree(id="df-tree")
            with Vertical(id="df-main"):
                yield Static("", id="df-title", markup=False)
                with Horizontal(classes="df-row"):
                    yield Label("Name", classes="df-label")
                    yield EditableInput(id="df-name", compact=True, select_on_focus=False,
                                        placeholder="the theme's name")
                with Horizontal(classes="df-row"):
                    yield Label("Concept", classes="df-label")
                    yield EditableInput(id="df-concept", compact=True, select_on_focus=False,
                                        placeholder="its central organising concept")
                with Horizontal(classes="df-row df-tall"):
                    yield Label("Definition", classes="df-label")
                    yield EditableArea(id="df-definition", soft_wrap=True, compact=True,
                                       tab_behavior="focus",
                                       placeholder="what the theme is about")
                with Horizontal(classes="df-row df-tall"):
                    yield Label("Scope", classes="df-label")
                    yield EditableArea(id="df-scope", soft_wrap=True, compact=True,
                                       tab_behavior="focus",
                                       placeholder="what it covers, and what it does not")
                yield Label(NARRATIVE_HEAD, id="df-narrative-head", classes="df-head",
                            markup=False)
                yield NarrativeEditor(id="df-narrative")
            with Vertical(id="df-right"):
                yield Label("Preview (references resolved)", classes="df-head")
                with VerticalScroll(id="df-preview-box"):
                    yield NarrativePreview(id="df-preview")
                yield Label("Exemplars · * star · - unstar · K/J move · T trim",
                            id="df-exemplars-head", classes="df-head")
                yield ExemplarList(id="df-exemplars")
        yield Static("", id="df-here", markup=False)

    def on_mount(self) -> None:  # PhaseScreen.on_mount runs too (Textual calls each class's)
        if self.app.size.width < NARROW:
            self.query_one(NarrativeEditor).focus()
        else:
            self.query_one(ThemeTree).focus()
        self._counts()

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow") or self.app.size.width < NARROW

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        wb, theme = self.wb, self.current
        self._gen += 1
        gen = self._gen
        in_thread(self.app, lambda: load_define(wb, theme),
                  lambda v: self._show(v) if gen == self._gen else None, group="define-load")

    def _show(self, view: DefineView) -> None:
        self.view = view
        theme = view.theme
        self.current = theme.id if theme else None
        self.query_one(ThemeTree).show(view.themes, self.current)
        if theme is None:
            self.base = None
            self.form.load(None)
        elif self.base is None or self.base.id != theme.id or not self.dirty:
            self.form.load(theme)
        elif text_fields(self.base) == text_fields(theme):
            # Only its status, order or exemplars changed: nothing of the text is lost by
            # saving over the new version.
            self.base = theme
        elif self.form.warned_stale != theme.version:
            self.form.warned_stale = theme.version
            self.notify(
                f"{theme.name} was changed elsewhere while you edit it: saving will report a "
                "conflict; ctrl+r drops your edits and loads the stored theme",
                severity="warning", timeout=10,
            )
        self._fill_exemplars()
        self.form.fill_title()
        self.refresh_preview()
        self._update_here()
        self.refresh_bindings()

    # -- the fields (define_fields.ThemeForm) ----------------------------------------------
    @property
    def base(self) -> ThemeInfo | None:
        """The stored theme the fields were loaded from (its version is sent on saving)."""
        return self.form.base

    @base.setter
    def base(self, theme: ThemeInfo | None) -> None:
        self.form.base = theme

    @property
    def dirty(self) -> bool:
        return self.form.dirty

    def action_save(self) -> None:
        self.form.save()

    def action_revert(self) -> None:
        self.form.revert()

    def action_set_status(self) -> None:
        self.changes.set_status()

    def unsaved(self) -> str | None:
        return self.form.unsaved()

    def save_unsaved(self, then: Callable[[], None]) -> None:
        self.form.save(then)

    def discard_unsaved(self) -> None:
        self.form.discard()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed) -> None:
        self.form.fill_title()
        if is_editing(event.control):  # typed (or inserted) by the researcher, not loaded
            self.form.edited()
        if event.control.id == "df-narrative":
            self.refs.typed()

    # -- the theme's extracts (extract_actions.ExtractWork) --------------------------------
    @on(NarrativeEditor.InsertExtract)
    def _insert_extract(self, event: NarrativeEditor.InsertExtract) -> None:
        self.extracts.insert_reference(event.editor)

    def action_add_exemplar(self) -> None:
        self.extracts.add_exemplar()

    def action_remove_exemplar(self) -> None:
        self.extracts.remove_exemplar()

    def action_move_exemplar(self, step: int) -> None:
        self.extracts.move_exemplar(step)

    def action_trim_exemplar(self) -> None:
        self.extracts.trim_exemplar()

    # -- preview and exemplars -------------------------------------------------------------
    def refresh_preview(self) -> None:
        self.refs.refresh()

    def _fill_exemplars(self) -> None:
        lst = self.query_one(ExemplarList)
        theme = self.view.theme if self.view else None
        if theme is None:
            lst.show((), {}, {})
            return
        known = self.refs.known()
        turns = {cid: e.turn for cid, e in known.items()}
        lst.show(theme.exemplars, turns, self.view.code_names if self.view else {},
                 keep=self.extracts.keep)
        self.query_one("#df-exemplars-head", Label).update(
            f"{plural(len(theme.exemplars), 'exemplar')} · * star · - unstar · K/J move · T trim")
        self.extracts.keep = None

    def _update_here(self) -> None:
        here = self.query_one("#df-here", Static)
        focused = self.focused
        if isinstance(focused, Input | TextArea) and not is_editing(focused):
            here.update("Enter or e edits this field · ctrl+s saves · Esc leaves the field")
            return
        if isinstance(focused, NarrativeEditor):
            here.update("editing · Esc stops · ctrl+e embeds an extract · ctrl+z/ctrl+y undo "
                        "typing here · ctrl+s saves")
            return
        if isinstance(focused, Input | TextArea):
            here.update("editing · Esc stops · ctrl+s saves · ctrl+r drops your edits")
            return
        x = self.query_one(ExemplarList).current
        if isinstance(focused, ExemplarList) and x is not None:
            trimmed = "trimmed quote" if x.trimmed is not None else "full quote"
            here.update(f"exemplar #{x.coding_id} · {x.transcript} · {trimmed} · "
                        "T trims · K/J move · - unstars")
            return
        here.update("o theme · t status · n narrative · d definition · x exemplars · "
                    "ctrl+z undoes your last change")

    @on(OptionList.OptionHighlighted, "#df-exemplars")
    def _exemplar_highlighted(self) -> None:
        self._update_here()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self._update_here()
        self.refresh_bindings()

    @on(Editing)
    def _editing(self, event: Editing) -> None:
        if isinstance(event.field, NarrativeEditor):
            self.query_one("#df-narrative-head", Label).update(
                NARRATIVE_EDITING if event.editing else NARRATIVE_HEAD)
        self._update_here()
        self.refresh_bindings()

    # -- choosing the theme ----------------------------------------------------------------
    @on(Tree.NodeHighlighted, "#df-tree")
    def _theme_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data is None or event.node.data == self.current:
            return
        self.open(event.node.data)

    @on(Tree.NodeSelected, "#df-tree")
    def _theme_selected(self) -> None:
        self.query_one("#df-name").focus()

    def open(self, theme_id: str) -> None:
        """Edit another theme (asking Save / Discard / Cancel when this one has unsaved
        edits)."""
        if theme_id == self.current:
            return

        def go() -> None:
            self.current = theme_id
            self.base = None
            self.reload()

        if self.view is not None:  # the tree stays on the theme being edited until then
            self.query_one(ThemeTree).show(self.view.themes, self.current)
        settle_then(self.app, [self], go, "opening another theme")

    def action_choose_theme(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None or not self.view.themes:
            self.notify("no themes yet: make some in phase 3 (key 3)", severity="warning")
            return
        opts = [(theme_choice(t), t.id) for t in self.view.themes]
        self.app.push_screen(ChooseScreen("Define which theme?", opts),
                             lambda v: self.open(v) if v else None)

    # -- check_action ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TYPED_KEYS and is_editing(self.focused):
            return False
        if action in THEME_ACTIONS and self.base is None:
            return False
        if action in EXEMPLAR_ACTIONS and self.query_one(ExemplarList).coding_id is None:
            return False
        if action == "revert" and not self.dirty:
            return False
        if action == "leave" and not isinstance(self.focused, Input | TextArea):
            return False
        return not (action == "swap" and not self.narrow)

    # -- moving around ---------------------------------------------------------------------
    def _focus(self, widget: Widget, right: bool) -> None:
        if self.narrow and self.has_class("-alt") != right:
            self.set_class(right, "-alt")
            # Apply the class now: a widget still hidden by the old styles cannot take focus.
            self.app.stylesheet.update_nodes(
                [self.query_one("#df-main"), self.query_one("#df-right")])
        widget.focus()

    def action_leave(self) -> None:
        if self.narrow or not isinstance(self.focused, Input | TextArea):
            self._focus(self.query_one(ExemplarList), right=True)
        else:
            self.query_one(ThemeTree).focus()

    def action_edit_narrative(self) -> None:
        editor = self.query_one(NarrativeEditor)
        self._focus(editor, right=False)
        editor.editing = not editor.disabled

    def action_edit_fields(self) -> None:
        # "d definition", as the hint says: it edited the name, so that the words meant for
        # the definition went in front of the theme's name.
        field = self.query_one("#df-definition", EditableArea)
        self._focus(field, right=False)
        field.editing = not field.disabled

    def action_exemplars(self) -> None:
        self._focus(self.query_one(ExemplarList), right=True)

    def action_swap(self) -> None:
        if self.has_class("-alt"):
            self._focus(self.query_one(NarrativeEditor), right=False)
        else:
            self.action_exemplars()
