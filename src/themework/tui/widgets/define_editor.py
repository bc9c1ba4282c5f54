"""The analytic narrative editor (phase 5): soft-wrapped Markdown with extract references.

It opens read-only, like every text field of the screen (see ``widgets.editable``).
``ctrl+e`` asks the screen for an extract (a message up); the screen answers by calling
``insert_reference``. ``ctrl+z``/``ctrl+y`` stay the editor's own text undo and redo, as in any
TextArea: the app's undo works from every other widget of the screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from themework.tui.widgets.editable import EditableArea


def reference(coding_id: int) -> str:
    """How a narrative embeds an extract (see ``themework.domain.narrative``)."""
    return f"{{{{extract:{coding_id}}}}}"


class NarrativeEditor(EditableArea):
    DEFAULT_CSS = """
    NarrativeEditor { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Replaces TextArea's ctrl+e (end of line; the End key still does that).
        Binding("ctrl+e", "insert_extract", "Extract", id="define.extract",
                tooltip="Insert a reference to one of the theme's extracts at the cursor"),
    ]

    class InsertExtract(Message):
        """The researcher asked to embed an extract at the cursor."""

        def __init__(self, editor: NarrativeEditor) -> None:
            super().__init__()
            self.editor = editor

        @property
        def control(self) -> NarrativeEditor:
            return self.editor

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "", id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
            placeholder="The analytic narrative (Markdown). ctrl+e embeds an extract.",
        )

    def action_insert_extract(self) -> None:
        self.editing = True
        self.post_message(self.InsertExtract(self))

    def insert_reference(self, coding_id: int) -> None:
        """Put ``{{extract:ID}}`` in place of the selection (or at the cursor)."""
        start, end = self.selection
        self.replace(reference(coding_id), start, end, maintain_selection_offset=False)
