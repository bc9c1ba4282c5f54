"""Text fields that open read-only: Enter or ``e`` starts editing, Esc stops.

A field that takes every printable key as text would swallow the keys that move between
phases and run commands (``3 4 5 6 1 2`` typed "612" into a narrative). So a field only
takes typing while it is being edited; until then its keys reach the screen and the app.
Esc stops editing and leaves the focus on the field; the field's ``-editing`` class and
border title show which state it is in, and ``Editing`` tells the screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, TextArea

EDITING_TITLE = "editing — Esc to stop"
# Input's own actions that change its text: refused while the field is read-only.
INPUT_EDIT_ACTIONS = frozenset({
    "delete_left", "delete_right", "delete_left_word", "delete_right_word",
    "delete_left_all", "delete_right_all", "cut", "paste",
})
EDIT_BINDINGS: list[BindingType] = [
    Binding("enter,e", "start_editing", "Edit", id="edit.start",
            tooltip="Start editing this field (Esc stops)"),
    Binding("escape", "stop_editing", "Stop editing", id="edit.stop",
            tooltip="Stop editing: the field is read-only again, the focus stays"),
    # Tab through a form being edited edits the next field: a read-only one took "Trust"
    # as commands (t opened the status picker).
    Binding("tab", "edit_next(1)", "Next field", id="edit.next", show=False,
            tooltip="While editing: edit the next field"),
    Binding("shift+tab", "edit_next(-1)", "Previous field", id="edit.previous", show=False,
            tooltip="While editing: edit the previous field"),
]
EDITABLE_CSS = """
{cls}.-editing {{ background: $accent 15%; }}
{cls}:focus.-editing {{ background: $accent 25%; }}
"""


class Editing(Message):
    """A field started or stopped being edited."""

    def __init__(self, field: Widget, editing: bool) -> None:
        super().__init__()
        self.field = field
        self.editing = editing

    @property
    def control(self) -> Widget:
        return self.field


def is_editing(widget: Widget | None) -> bool:
    """Whether this widget is a text field being edited (a plain one always is)."""
    if isinstance(widget, EditableArea | EditableInput):
        return widget.editing
    return isinstance(widget, Input | TextArea) and not getattr(widget, "read_only", False)


def edit_next(field: EditableArea | EditableInput, step: int) -> None:
    """Move the focus on (Tab) from a field being edited; a field reached is edited too."""
    after = field.screen.focus_next() if step > 0 else field.screen.focus_previous()
    if isinstance(after, EditableArea | EditableInput) and not after.disabled:
        after.editing = True


def stop_on_blur(field: EditableArea | EditableInput) -> None:
    """Focus moved to another widget of the screen: the field is read-only again. (A dialog
    on top, or the terminal losing focus, leaves the screen's focus where it was.)"""
    if field.is_attached and field.screen.focused is not field:
        field.editing = False


class EditableArea(TextArea):
    """A TextArea that is read-only until Enter or ``e``."""

    DEFAULT_CSS = EDITABLE_CSS.format(cls="EditableArea")
    BINDINGS: ClassVar[list[BindingType]] = EDIT_BINDINGS
    editing: reactive[bool] = reactive(False, init=False)

    def on_mount(self) -> None:
        self.read_only = not self.editing

    def watch_editing(self, editing: bool) -> None:
        self.read_only = not editing
        self.set_class(editing, "-editing")
        self.border_title = EDITING_TITLE if editing else None
        self.post_message(Editing(self, editing))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_editing":
            return not self.editing and not self.disabled
        if action in ("stop_editing", "edit_next"):
            return self.editing
        return super().check_action(action, parameters)

    def action_start_editing(self) -> None:
        self.editing = True

    def action_stop_editing(self) -> None:
        self.editing = False

    def action_edit_next(self, step: int) -> None:
        edit_next(self, step)

    def _on_blur(self, event: events.Blur) -> None:
        stop_on_blur(self)


class EditableInput(Input):
    """An Input that is read-only until Enter or ``e`` (Input has no read-only mode)."""

    DEFAULT_CSS = EDITABLE_CSS.format(cls="EditableInput")
    BINDINGS: ClassVar[list[BindingType]] = EDIT_BINDINGS
    editing: reactive[bool] = reactive(False, init=False)

    def watch_editing(self, editing: bool) -> None:
        self.set_class(editing, "-editing")
        self.border_title = EDITING_TITLE if editing else None
        self.post_message(Editing(self, editing))

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return self.editing and super().check_consume_key(key, character)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_editing":
            return not self.editing and not self.disabled
        if action in ("stop_editing", "edit_next"):
            return self.editing
        if action in INPUT_EDIT_ACTIONS and not self.editing:
            return False
        if action == "submit" and not self.editing:
            return False
        return super().check_action(action, parameters)

    async def _on_key(self, event: events.Key) -> None:
        if not self.editing:
            # Skip Input's handler (it inserts printable keys); the key still bubbles up
            # to the screen's and the app's bindings.
            event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:
        if not self.editing:
            event.prevent_default()

    def action_start_editing(self) -> None:
        self.editing = True

    def action_stop_editing(self) -> None:
        self.editing = False

    def action_edit_next(self, step: int) -> None:
        edit_next(self, step)

    def _on_blur(self, event: events.Blur) -> None:
        stop_on_blur(self)
