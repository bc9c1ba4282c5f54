"""An option list whose highlighted option stays in view when the list is refilled or
resized, and whose extract rows (a heading, then the words with a hanging indent) are laid
out without being rendered.

``OptionList`` measures every option's height when options are added and again at each new
width (the scroll bar that a long list brings narrows it): for a Rich renderable that means
rendering it. The Review screen lists hundreds of extracts, and rendering each one twice
for its height took 0.4 s of the screen's first second on a 1,000-transcript project. A
``Hanging`` row knows its height from where Rich breaks its words instead; only the rows on
screen are rendered.
"""

from __future__ import annotations

from rich._wrap import divide_line
from rich.cells import cell_len, get_character_cell_size
from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.css.styles import RulesMap
from textual.visual import RichVisual, Visual
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class Hanging(Group):
    """``Group(head, Padding(body, (0, 0, 0, indent)))``: a heading line, then the body's
    words with a hanging indent."""

    def __init__(self, head: Text, body: Text, indent: int) -> None:
        super().__init__(head, Padding(body, (0, 0, 0, indent)))
        self.head, self.body, self.indent = head, body, indent

    def height(self, width: int) -> int | None:
        """The lines Rich renders at ``width``, from where it breaks the words (as
        ``Text.wrap`` does); None where only rendering tells: a tab, a line break, a Text
        that does not fold, a width the indent leaves no room in."""
        if width <= self.indent:
            return None
        lines = 0
        for text, room in ((self.head, width), (self.body, width - self.indent)):
            plain = text.plain
            if (
                "\n" in plain
                or "\t" in plain
                or text.no_wrap
                or text.end != "\n"
                or text.overflow not in (None, "fold")
            ):
                return None
            lines += wrapped_lines(plain, room)
        return lines


def wrapped_lines(plain: str, width: int) -> int:
    """How many lines Rich's ``Text.wrap`` makes of one line of text (no tab) at ``width``.

    ``divide_line`` measures every word; an extract's words, one space apart and one cell
    a character, need only the last space within each line's width."""
    if cell_len(plain) <= width:
        return 1
    if plain == " ".join(plain.split()) and all(
        get_character_cell_size(c) == 1 for c in set(plain)
    ):
        lines, start = 1, 0
        while len(plain) - start > width:
            end = start + width
            if plain[end] == " ":  # the last word ends at the width: it fits
                start = end + 1
            else:  # the word across the width starts the next line
                start = plain.rfind(" ", start, end) + 1
                if not start:  # none: a word wider than a line, which Rich folds
                    break
            lines += 1
        else:
            return lines
    return len(divide_line(plain, width, fold=True)) + 1


class HangingVisual(RichVisual):
    """A ``Hanging`` row rendered as any Rich renderable is, its height from its words."""

    def __init__(self, widget: Widget, row: Hanging) -> None:
        super().__init__(widget, row)
        self._row = row
        self._heights: dict[int, int] = {}

    def get_height(self, rules: RulesMap, width: int) -> int:
        if (known := self._heights.get(width)) is None:
            known = self._row.height(width)
            if known is None:
                known = super().get_height(rules, width)
            self._heights[width] = known
        return known


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

    def _get_visual(self, option: Option) -> Visual:
        # OptionList keeps each option's visual on the option; a Hanging row's is one that
        # knows its height without rendering.
        if option._visual is None and isinstance(option.prompt, Hanging):
            option._visual = HangingVisual(self, option.prompt)
        return super()._get_visual(option)
