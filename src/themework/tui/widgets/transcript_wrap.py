"""Wrapping the reader's lines fast enough for a 5,000-turn transcript.

Textual's ``WrappedDocument.wrap`` measures every line chunk by chunk through a generator,
tabs and cell widths included: half a second for the 10,000 lines of a 5,000-turn
transcript, every time it is opened or the reader changes width. Transcript lines are mostly
plain printable ASCII without tabs, where a character is a cell and a space is the only
space: there the same breaks come from looking back from each line's width for the start of a
word. Anything else (a tab, a wide or combining character, a word longer than the width) goes
to Textual's own ``compute_wrap_offsets``, so the breaks are Textual's in every case
(tests/tui/test_reader_wrap.py compares them).
"""

from __future__ import annotations

from textual._wrap import compute_wrap_offsets
from textual.document._wrapped_document import WrappedDocument
from textual.expand_tabs import get_tab_widths

from themework.gcpause import gc_paused


def _plain_offsets(line: str, width: int) -> list[int] | None:
    """Where Textual breaks ``line`` at ``width``, for plain printable ASCII (None: a word is
    longer than the width, which Textual folds: left to it)."""
    breaks: list[int] = []
    start, size = 0, len(line)
    while size - start > width:
        # Textual keeps whole chunks (a word and the spaces after it) while they end within
        # the width, and breaks before the first that does not: the last word start that
        # the width reaches.
        i = start + width
        while i > start and not (line[i - 1] == " " and line[i] != " "):
            i -= 1
        if i == start:
            return None
        breaks.append(i)
        start = i
    return breaks


def wrap_offsets(line: str, width: int, tab_width: int) -> tuple[list[int], list[int]]:
    """The wrap offsets and tab widths of one line, as ``WrappedDocument.wrap`` keeps them."""
    plain = line.isascii() and line.isprintable()
    if plain:
        tabs = [0] if line else []
        if not width or len(line) <= width:
            return [], tabs
        offsets = _plain_offsets(line, width)
        if offsets is not None:
            return offsets, tabs
    sections = get_tab_widths(line, tab_width)
    offsets = (compute_wrap_offsets(line, width, tab_size=tab_width,
                                    precomputed_tab_sections=sections) if width else [])
    return offsets, [w for _, w in sections]


class KnownHeight(WrappedDocument):
    """A wrapped document that wraps plain lines fast, once per width, and remembers its
    height.

    Textual's TextArea asks ``height`` for every line it paints, and each answer sums the wrap
    offsets of every line: 3 ms a line at 5,000 turns, half a second a screen. The sum only
    changes when the document is wrapped, so it is kept until then.
    """

    _known: int | None = None
    _wrapped_as: tuple[int, int] | None = None  # (width, tab width) of the last wrap

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        # TextArea rewraps on every resize, the height alone changing too (the status line
        # under the reader growing a line): the same width gives the same lines.
        if self._wrapped_as == (width, tab_width or self._tab_width):
            return
        # Four lists a line: at 10,000 lines the collector, set off every few hundred and
        # walking the app's whole heap, took 115 ms of a wrap that takes 9 (gcpause).
        with gc_paused():
            self._wrap(width, tab_width)

    def _wrap(self, width: int, tab_width: int | None) -> None:
        # WrappedDocument.wrap's bookkeeping, with the offsets from wrap_offsets.
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        all_offsets: list[list[int]] = []
        line_info: list[tuple[int, int]] = []
        line_offsets: list[list[int]] = []
        tab_widths: list[list[int]] = []
        y = 0
        for index, line in enumerate(self.document.lines):
            if (not width or len(line) <= width) and line.isascii() and line.isprintable():
                # most lines (all of them, unwrapped): one row, no tab
                all_offsets.append([])
                tab_widths.append([0] if line else [])
                line_info.append((index, 0))
                line_offsets.append([y])
                y += 1
                continue
            offsets, tabs = wrap_offsets(line, width, self._tab_width)
            all_offsets.append(offsets)
            tab_widths.append(tabs)
            rows = len(offsets) + 1
            line_info.extend((index, section) for section in range(rows))
            line_offsets.append(list(range(y, y + rows)))
            y += rows
        self._wrap_offsets = all_offsets
        self._offset_to_line_info = line_info
        self._line_index_to_offsets = line_offsets
        self._tab_width_cache = tab_widths
        self._known = y
        self._wrapped_as = (width, self._tab_width)

    def wrap_range(self, start: tuple[int, int], old_end: tuple[int, int],
                   new_end: tuple[int, int]) -> None:
        super().wrap_range(start, old_end, new_end)
        self._known = None

    def line_at(self, y: int) -> tuple[int, int]:
        """The document line shown on screen line ``y`` and which of its wrapped parts
        (0: the first): ``offset_to_location`` less the column it works out by measuring
        the part's text, which a margin beside the reader does not need."""
        info = self._offset_to_line_info
        return info[min(max(y, 0), len(info) - 1)]

    def rows_of(self, line_index: int) -> tuple[int, int]:
        """The first screen line of document line ``line_index`` and how many it wraps to."""
        offsets = self._line_index_to_offsets[line_index]
        return offsets[0], len(offsets)

    @property
    def height(self) -> int:
        if self._known is None:
            self._known = super().height
        return self._known
