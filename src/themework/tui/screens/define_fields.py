"""The Define screen's text fields: name, central concept, definition, scope and narrative.

They are loaded from a stored theme (``base``) and saved with the version they were loaded
from, so that someone else's edit in between is reported as a conflict and nothing is
stored. The layout and the bindings stay on the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Static, TextArea

from themework.domain.errors import Conflict
from themework.services.themes import ThemeChange, ThemeInfo
from themework.tui.screens.define_data import (
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
from themework.tui.widgets.editable import EditableArea, EditableInput

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

    def fields(self) -> dict[str, str]:
        """What the text fields hold now."""
        out = {}
        for name, selector in WIDGET_OF.items():
            widget = self.query_one(selector)
            out[name] = widget.value if isinstance(widget, Input) else widget.text  # type: ignore[attr-defined]
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
    def action_save(self) -> None:
        theme = self.base
        if theme is None:
            return
        edits = self.edits()
        if not edits:
            self.notify("nothing to save: no field differs from the stored theme")
            return
        name = edits.pop("name", None)
        if name is not None:
            name = name.strip()
            if not name:
                self.notify("a theme needs a name", severity="error")
                return
            clash = name_clash(self.view.themes if self.view else (), theme.id, name)
            if clash is not None:
                self.notify(f"a theme named {name!r} already exists; nothing was saved",
                            severity="error", timeout=8)
                return
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
            return
        except Exception as exc:  # every error ends as a notification
            self.notify(describe(exc), severity="error", timeout=8)
            if result is not None:
                self.base = result.theme
                self.changed(f"defined {result.theme.name}")
            return
        assert result is not None
        self.base = result.theme
        self._fill_title()
        saved = field_words([*edits, *(["name"] if name else [])])
        self.changed(f"saved {saved} of {result.theme.name}")
        self.notify(f"saved {saved} of {result.theme.name}")

    def action_revert(self) -> None:
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
