"""An option list whose highlighted option stays in view when the list is refilled or
resized."""

from __future__ import annotations

from textual.widgets import OptionList


class FollowingOptionList(OptionList):
    """An ``OptionList`` that scrolls to its highlight once its options are laid out.

    Setting ``highlighted`` scrolls at once, with the lines of the old layout: after the
    options were replaced (the Review screen's "more extracts" line) or the list was resized
    (the line under it wraps differently, a scroll bar appears), the cursor was off screen
    until the next arrow key.
    """

    def follow_highlight(self) -> None:
        """Scroll to the highlight after the next refresh, when the options are laid out."""
        self.call_after_refresh(self.scroll_to_highlight)

    def on_resize(self) -> None:  # OptionList's own resize handler runs too
        self.follow_highlight()
