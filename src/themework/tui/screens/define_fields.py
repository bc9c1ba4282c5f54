"""The Define screen's text fields: name, central concept, definition, scope and narrative.

They are loaded from a stored theme (``base``) and saved with the version they were loaded
from, so that someone else's edit in between is reported as a conflict and nothing is
stored. The layout and the bindings stay on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
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
from themework.tui.screens.theme_actions import ThemeActions
from themework.tui.services_bridge import describe
from themework.tui.unsaved import DraftKeeper
from themework.tui.widgets.editable import EditableArea, EditableInput

if TYPE_CHECKING:
    from themework.services.drafts import DraftInfo

WIDGET_OF = {
    "name": "#df-name",
    "central_concept": "#df-concept",
    "definition": "#df-definition",
    "scope": "#df-scope",
    "narrative": "#df-narrative",
}


class ThemeFields(ThemeActions):
    view: DefineView | None
    base: ThemeInfo | None  # what the fields were loaded from (its version)
    _warned_stale: int | None  # the version a "changed elsewhere" warning was given for

    def _load_fields(self, theme: ThemeInfo | None) -> None:
        another = theme is None or self.base is None or self.base.id != theme.id
        self.base = theme
        if another:
            self._keeper = None if theme is None else DraftKeeper(
                self.app, self.wb, DRAFT_EDITOR, f"theme:{theme.id}")
        self._warned_stale = None
        values = text_fields(theme) if theme else dict.fromkeys(FIELDS, "")
        for name, selector in WIDGET_OF.items():
            widget = self.query_one(selector)
            if isinstance(widget, Input):
                if widget.value != values[name]:
                    widget.value = values[name]
                    widget.cursor_position = 0
            elif isinstance(widget, TextArea) and widget.text != values[name]:
                widget.load_text(values[name])  # (clears the editor's own undo history)
            widget.disabled = theme is None
            if another and isinstance(widget, EditableArea | EditableInput):
                widget.editing = False  # another theme's text opens read-only
        if another and theme is not None and self._keeper is not None:
            self._keeper.offer(f"{theme.name}", self._draft_differs, self._restore_draft)

    # -- drafts: what is typed is kept in the project until it is saved or discarded -------
    _keeper: DraftKeeper | None = None

    def _draft_differs(self, draft: DraftInfo) -> bool:
        return self.base is not None and bool(
            edited_fields(self.base, {k: v for k, v in draft.content.items() if k in FIELDS}))

    def _restore_draft(self, draft: DraftInfo) -> None:
        base = self.base
        if base is None:
            return
        for name, selector in WIDGET_OF.items():
            if name not in draft.content:
                continue
            widget = self.query_one(selector)
            if isinstance(widget, Input):
                widget.value = draft.content[name]
            elif isinstance(widget, TextArea):
                widget.load_text(draft.content[name])
        self._fill_title()
        if draft.content.get("version") != str(base.version):
            self.notify(f"{base.name} was changed after this draft was written: check the "
                        "fields before saving (ctrl+r drops the draft's text)",
                        severity="warning", timeout=10)

    def _draft_edited(self) -> None:
        """The researcher typed: keep the text as a draft once typing pauses."""
        if self._keeper is None or self.base is None:
            return
        if self.dirty:
            self._keeper.changed({**self.fields(), "version": str(self.base.version)})
        else:
            self._keeper.drop()

    # -- leaving with unsaved text (tui.unsaved.HoldsEdits) --------------------------------
    def unsaved(self) -> str | None:
        edits = self.edits()
        if not edits or self.base is None:
            return None
        return f"the {field_words(edits)} of {self.base.name}"

    def save_unsaved(self) -> bool:
        return self.action_save()

    def discard_unsaved(self) -> None:
        if self._keeper is not None:
            self._keeper.drop()
        self._load_fields(self.base)  # the stored text, read-only again
        for selector in WIDGET_OF.values():
            field = self.query_one(selector)
            if isinstance(field, EditableArea | EditableInput):
                field.editing = False
        self._fill_title()

    def fields(self) -> dict[str, str]:
        """What the text fields hold now."""
        out = {}
        for name, selector in WIDGET_OF.items():
            widget = self.query_one(selector)
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

    def _fill_title(self) -> None:
        title = self.query_one("#df-title", Static)
        t = self.base
        if t is None:
            title.update("No themes to define: make candidate themes in phase 3 (key 3).")
            return
        title.update(title_text(t, self.edits()))

    # -- saving ----------------------------------------------------------------------------
    def action_save(self) -> bool:
        """Save the edited fields; whether all of them were saved."""
        theme = self.base
        if theme is None:
            return False
        edits = self.edits()
        if not edits:
            self.notify("nothing to save: no field differs from the stored theme")
            return True
        name = edits.pop("name", None)
        if name is not None:
            name = name.strip()
            if not name:
                self.notify("a theme needs a name", severity="error")
                return False
            clash = name_clash(self.view.themes if self.view else (), theme.id, name)
            if clash is not None:
                self.notify(f"a theme named {name!r} already exists; nothing was saved",
                            severity="error", timeout=8)
                return False
        result: ThemeChange | None = None
        version = theme.version
        try:
            if edits:
                result = self.wb.themes.define(theme.id, version=version, **edits)
                version = result.theme.version
            if name is not None:
                result = self.wb.themes.rename(theme.id, name, version)
        except Conflict as exc:
            what = "the name was not saved" if result is not None else "nothing was saved"
            self.notify(f"Conflict, {what}: {exc}. Your edits are still here; ctrl+r drops "
                        "them and loads the stored theme.", severity="error", timeout=12)
            if result is not None:
                self.base = result.theme
                self.changed(f"defined {result.theme.name}")
            return False
        except Exception as exc:  # every error ends as a notification
            self.notify(describe(exc), severity="error", timeout=8)
            if result is not None:
                self.base = result.theme
                self.changed(f"defined {result.theme.name}")
            return False
        assert result is not None
        self.base = result.theme
        if self._keeper is not None:
            self._keeper.drop()
        self._fill_title()
        saved = field_words([*edits, *(["name"] if name else [])])
        self.changed(f"saved {saved} of {result.theme.name}")
        self.notify(f"saved {saved} of {result.theme.name}")
        return True

    def action_revert(self) -> None:
        if self._keeper is not None:
            self._keeper.drop()
        self.base = None
        self.reload()

    # -- status ----------------------------------------------------------------------------
    def _theme(self) -> ThemeInfo | None:
        return self.base

    def _after(self, change: ThemeChange | None, summary: Callable[[ThemeChange], str]) -> bool:
        if (
            change is not None
            and self.base is not None
            and text_fields(self.base) == text_fields(change.theme)
        ):
            self.base = change.theme  # the version moved on; the text did not
        return super()._after(change, summary)
