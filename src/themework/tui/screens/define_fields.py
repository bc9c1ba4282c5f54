"""The Define screen's text fields: name, central concept, definition, scope and narrative.

They are loaded from a stored theme (``base``) and saved with the version they were loaded
from, so that someone else's edit in between is reported as a conflict and nothing is
stored. ``ThemeForm`` is a part the screen owns (``screen.form``), not a base class: the
layout, the bindings and the unsaved-text answers (``tui.unsaved.HoldsEdits``) stay on the
screen and call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widgets import Input, Static, TextArea

from themework.domain.errors import Conflict
from themework.services.themes import ThemeChange, ThemeInfo
from themework.tui.screens.define_data import (
    DRAFT_EDITOR,
    FIELDS,
    DefineView,
    edited_fields,
    field_words,
    name_clash,
    text_fields,
    title_text,
)
from themework.tui.services_bridge import describe
from themework.tui.unsaved import DraftKeeper
from themework.tui.widgets.editable import EditableArea, EditableInput

if TYPE_CHECKING:
    from themework.services.drafts import DraftInfo
    from themework.tui.screens.define import DefineScreen

WIDGET_OF = {
    "name": "#df-name",
    "central_concept": "#df-concept",
    "definition": "#df-definition",
    "scope": "#df-scope",
    "narrative": "#df-narrative",
}


@dataclass(frozen=True)
class Saved:
    """What a save stored (the last change made, if any) and the error that stopped it."""

    result: ThemeChange | None
    error: Exception | None


class ThemeForm:
    def __init__(self, screen: DefineScreen) -> None:
        self.screen = screen
        self.base: ThemeInfo | None = None  # what the fields were loaded from (its version)
        self.warned_stale: int | None = None  # the version "changed elsewhere" was told for
        # drafts: what is typed is kept in the project until it is saved or discarded
        self.keeper: DraftKeeper | None = None
        self.saving = False  # a save is under way (in a worker)

    @property
    def view(self) -> DefineView | None:
        return self.screen.view

    def load(self, theme: ThemeInfo | None) -> None:
        another = theme is None or self.base is None or self.base.id != theme.id
        self.base = theme
        if another:
            self.keeper = None if theme is None else DraftKeeper(
                self.screen.app, self.screen.wb, DRAFT_EDITOR, f"theme:{theme.id}")
        self.warned_stale = None
        values = text_fields(theme) if theme else dict.fromkeys(FIELDS, "")
        for name, selector in WIDGET_OF.items():
            widget = self.screen.query_one(selector)
            if isinstance(widget, Input):
                if widget.value != values[name]:
                    widget.value = values[name]
                    widget.cursor_position = 0
            elif isinstance(widget, TextArea) and widget.text != values[name]:
                widget.load_text(values[name])  # (clears the editor's own undo history)
            widget.disabled = theme is None
            if another and isinstance(widget, EditableArea | EditableInput):
                widget.editing = False  # another theme's text opens read-only
        if another and theme is not None and self.keeper is not None:
            self.keeper.offer(f"{theme.name}", self.draft_differs, self.restore_draft)

    # -- drafts ----------------------------------------------------------------------------
    def draft_differs(self, draft: DraftInfo) -> bool:
        return self.base is not None and bool(
            edited_fields(self.base, {k: v for k, v in draft.content.items() if k in FIELDS}))

    def restore_draft(self, draft: DraftInfo) -> None:
        base = self.base
        if base is None:
            return
        for name, selector in WIDGET_OF.items():
            if name not in draft.content:
                continue
            widget = self.screen.query_one(selector)
            if isinstance(widget, Input):
                widget.value = draft.content[name]
            elif isinstance(widget, TextArea):
                widget.load_text(draft.content[name])
        self.fill_title()
        if draft.content.get("version") != str(base.version):
            self.screen.notify(f"{base.name} was changed after this draft was written: check "
                               "the fields before saving (ctrl+r drops the draft's text)",
                               severity="warning", timeout=10)

    def edited(self) -> None:
        """The researcher typed: keep the text as a draft once typing pauses."""
        if self.keeper is None or self.base is None:
            return
        if self.dirty:
            self.keeper.changed({**self.fields(), "version": str(self.base.version)})
        else:
            self.keeper.drop()

    # -- leaving with unsaved text (the screen answers tui.unsaved.HoldsEdits with these) --
    def unsaved(self) -> str | None:
        edits = self.edits()
        if not edits or self.base is None:
            return None
        return f"the {field_words(edits)} of {self.base.name}"

    def discard(self) -> None:
        if self.keeper is not None:
            self.keeper.drop()
        self.load(self.base)  # the stored text, read-only again
        for selector in WIDGET_OF.values():
            field = self.screen.query_one(selector)
            if isinstance(field, EditableArea | EditableInput):
                field.editing = False
        self.fill_title()

    def fields(self) -> dict[str, str]:
        """What the text fields hold now."""
        out = {}
        for name, selector in WIDGET_OF.items():
            widget = self.screen.query_one(selector)
            assert isinstance(widget, Input | TextArea)
            out[name] = widget.value if isinstance(widget, Input) else widget.text
        return out

    def edits(self) -> dict[str, str]:
        """The fields that differ from the stored theme they were loaded from."""
        if self.base is None:
            return {}
        return edited_fields(self.base, self.fields())

    @property
    def dirty(self) -> bool:
        return bool(self.edits())

    def fill_title(self) -> None:
        title = self.screen.query_one("#df-title", Static)
        t = self.base
        if t is None:
            title.update("No themes to define: make candidate themes in phase 3 (key 3).")
            return
        title.update(title_text(t, self.edits(), saving=self.saving))

    # -- saving ----------------------------------------------------------------------------
    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the edited fields in a worker (keys typed meanwhile wait for it, and the
        title says "saving"); ``then`` runs once all of them are saved, never after an
        error (which is shown, with the text kept)."""
        theme = self.base
        if theme is None:
            return
        edits = self.edits()
        if not edits:
            self.screen.notify("nothing to save: no field differs from the stored theme")
            if then is not None:
                then()
            return
        name = edits.pop("name", None)
        if name is not None:
            name = name.strip()
            if not name:
                self.screen.notify("a theme needs a name", severity="error")
                return
            clash = name_clash(self.view.themes if self.view else (), theme.id, name)
            if clash is not None:
                self.screen.notify(f"a theme named {name!r} already exists; nothing was saved",
                                   severity="error", timeout=8)
                return
        wb, fields = self.screen.wb, [*edits, *(["name"] if name else [])]

        def store() -> Saved:
            result: ThemeChange | None = None
            try:
                if edits:
                    result = wb.themes.define(theme.id, version=theme.version, **edits)
                if name is not None:
                    version = result.theme.version if result else theme.version
                    result = wb.themes.rename(theme.id, name, version)
            except Exception as exc:  # every error ends as a notification, on the app thread
                return Saved(result, exc)
            return Saved(result, None)

        self.saving = True
        self.fill_title()
        self.screen.write(store, lambda saved: self._stored(saved, fields, then))

    def _stored(self, saved: Saved, fields: list[str],
                then: Callable[[], None] | None) -> None:
        self.saving = False
        result, error = saved.result, saved.error
        if result is not None:
            self.base = result.theme
        if error is not None:
            if isinstance(error, Conflict):
                what = "the name was not saved" if result is not None else "nothing was saved"
                self.screen.notify(f"Conflict, {what}: {error}. Your edits are still here; "
                                   "ctrl+r drops them and loads the stored theme.",
                                   severity="error", timeout=12)
            else:
                self.screen.notify(describe(error), severity="error", timeout=8)
            if result is not None:
                self.screen.changed(f"defined {result.theme.name}")
            self.fill_title()
            return
        assert result is not None
        self.edited()  # drops the draft, or keeps what was typed while it saved
        self.fill_title()
        words = f"saved {field_words(fields)} of {result.theme.name}"
        self.screen.changed(words)
        self.screen.notify(words)
        if then is not None:
            then()

    def revert(self) -> None:
        if self.keeper is not None:
            self.keeper.drop()
        self.base = None
        self.screen.reload()

    def seen(self, change: ThemeChange) -> None:
        """A change to the theme was saved (its status, say): when its text is the text
        loaded, follow its version, so that saving the fields is no conflict."""
        if self.base is not None and text_fields(self.base) == text_fields(change.theme):
            self.base = change.theme  # the version moved on; the text did not
