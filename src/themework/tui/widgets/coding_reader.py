"""The Code screen's reader: the transcript reader plus selection by motions.

Single plain keys, so they survive tmux and SSH (shift+ctrl+arrows do not always):
``w`` selects the word under the cursor, ``s`` the sentence, ``u`` the turn's utterance (never
the speaker's label), ``e`` selects on to the end of the turn. With a selection, ``w`` and
``s`` extend it to the end of the next word or sentence, ``b`` and ``(`` move its end back a
word or a sentence, ``)`` on a sentence. ``v`` starts a visual mode in which the arrows,
Home/End and PageUp/PageDown extend the selection too; Esc leaves it (the selection stays, for
``c``), and a second Esc drops the selection. shift+arrows and mouse drags select as in any
TextArea. Word and sentence motions stay inside one turn, so a coding never takes in the next
speaker's label by accident; arrows and the mouse cross turns when that is meant.

``v`` was code-and-advance; that is ``A`` now (see code.py), as ``v`` is visual mode wherever
people know it. These keys live here, not on the Familiarise screen's reader, where ``w``,
``b``, ``e`` and ``n`` mean other things.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType

from themework.domain import motions
from themework.domain.plural import plural
from themework.tui.widgets.transcript_view import TranscriptView

Span = tuple[int, int]


class CodingReader(TranscriptView):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "word", "Word", id="select.word", show=False,
                tooltip="Select the word here; with a selection, extend it by a word"),
        Binding("s", "sentence", "Sentence", id="select.sentence", show=False,
                tooltip="Select the sentence here; with a selection, extend it by a sentence"),
        Binding("u", "turn", "Turn", id="select.turn", show=False,
                tooltip="Select the turn here (what was said, not the speaker's label)"),
        Binding("e", "to_turn_end", "To turn end", id="select.turn_end", show=False,
                tooltip="Select from here (or extend the selection) to the end of the turn"),
        Binding("b", "extend_word(-1)", "Word back", id="select.word_back", show=False,
                tooltip="Move the selection's end back a word"),
        Binding("right_parenthesis", "extend_sentence(1)", "Sentence on",
                id="select.sentence_on", show=False,
                tooltip="Extend the selection to the end of the next sentence"),
        Binding("left_parenthesis", "extend_sentence(-1)", "Sentence back",
                id="select.sentence_back", show=False,
                tooltip="Move the selection's end back to the start of a sentence"),
        Binding("v", "visual", "Select", id="select.visual",
                tooltip="Visual mode: arrows and w b s ( ) e extend the selection; Esc leaves"),
        Binding("escape", "leave", "Leave", id="select.leave", show=False,
                tooltip="Leave visual mode; again: drop the selection"),
    ]

    # Class defaults: TextArea's constructor already moves the cursor (move_cursor below).
    source = ""  # the text shown, as stored (offsets into it)
    visual = False

    def show_text(self, text: str, line_starts: Sequence[int] | None = None) -> None:
        super().show_text(text, line_starts)
        self.source = text if line_starts is None else _placed(text, line_starts)
        self.visual = False

    # -- where motions work -----------------------------------------------------------------
    def stretch(self, offset: int) -> Span:
        """The utterance of the turn at ``offset`` (or the preamble, or the whole text)."""
        turn = self.turn_at(offset)
        if turn is None:
            return 0, (self.turns[0].start if self.turns else len(self.source))
        return (turn.body if turn.body is not None else turn.start), turn.end

    def _here(self) -> tuple[int, Span]:
        """The cursor's offset, moved into its turn's utterance, and that utterance."""
        lo, hi = span = self.stretch(self.cursor_offset)
        return min(max(self.cursor_offset, lo), hi), span

    def _select(self, span: Span | None, what: str) -> None:
        if span is None:
            self.app.notify(f"no {what} here", severity="warning")
            return
        self.select_offsets(*span)

    def _extend_to(self, target: int | None, limit: str) -> None:
        if target is None:
            self.app.notify(f"{limit}: arrows or the mouse go further", severity="warning")
            return
        here, _ = self._here()
        if self.selection.is_empty and here != self.cursor_offset:
            self.move_cursor(self.location_of(here))  # from the utterance, not the label
        self.move_cursor(self.location_of(target), select=True)

    def _extending(self) -> bool:
        return self.visual or not self.selection.is_empty

    # -- actions ----------------------------------------------------------------------------
    def action_word(self) -> None:
        if self._extending():
            self.action_extend_word(1)
            return
        here, (lo, hi) = self._here()
        self._select(motions.unit_at(motions.words(self.source, lo, hi), here), "word")

    def action_sentence(self) -> None:
        if self._extending():
            self.action_extend_sentence(1)
            return
        here, (lo, hi) = self._here()
        self._select(motions.unit_at(motions.sentences(self.source, lo, hi), here), "sentence")

    def action_turn(self) -> None:
        if self.turn_at(self.cursor_offset) is None:
            self.app.notify("no turn here: this is the preamble", severity="warning")
            return
        lo, hi = self.stretch(self.cursor_offset)
        self._select((lo, hi) if hi > lo else None, "words in this turn")

    def action_to_turn_end(self) -> None:
        _, hi = self.stretch(self.cursor_offset)
        self._extend_to(hi if hi > self.cursor_offset else None, "this is the end of the turn")

    def action_extend_word(self, direction: int) -> None:
        self._step(direction, motions.words)

    def action_extend_sentence(self, direction: int) -> None:
        self._step(direction, motions.sentences)

    def _step(self, direction: int, units_of: Callable[[str, int, int], list[Span]]) -> None:
        here, (lo, hi) = self._here()
        anchor = here if self.selection.is_empty else self.offset_of(self.selection.start)
        target = motions.step(units_of(self.source, lo, hi), here, anchor, direction)
        self._extend_to(target, "the turn ends here" if direction > 0 else "the turn starts here")

    def action_visual(self) -> None:
        self.visual = not self.visual
        if self.visual and self.selection.is_empty:
            here, _ = self._here()
            self.move_cursor(self.location_of(here))
        self.post_message(self.SelectionChanged(self.selection, self))

    def action_leave(self) -> None:
        if self.visual:
            self.visual = False
        elif not self.selection.is_empty:
            self.move_cursor(self.selection.end)
        else:
            raise SkipAction()
        self.post_message(self.SelectionChanged(self.selection, self))

    # -- visual mode: every cursor move selects -----------------------------------------------
    def move_cursor(self, location: tuple[int, int], select: bool = False, center: bool = False,
                    record_width: bool = True) -> None:
        super().move_cursor(location, select or self.visual, center, record_width)

    def action_cursor_left(self, select: bool = False) -> None:
        super().action_cursor_left(select or self.visual)

    def action_cursor_right(self, select: bool = False) -> None:
        super().action_cursor_right(select or self.visual)

    def action_cursor_up(self, select: bool = False) -> None:
        super().action_cursor_up(select or self.visual)

    def action_cursor_down(self, select: bool = False) -> None:
        super().action_cursor_down(select or self.visual)

    def action_cursor_word_left(self, select: bool = False) -> None:
        super().action_cursor_word_left(select or self.visual)

    def action_cursor_word_right(self, select: bool = False) -> None:
        super().action_cursor_word_right(select or self.visual)

    def action_cursor_line_start(self, select: bool = False) -> None:
        super().action_cursor_line_start(select or self.visual)

    def action_cursor_line_end(self, select: bool = False) -> None:
        super().action_cursor_line_end(select or self.visual)

    # -- what is selected ---------------------------------------------------------------------
    def selection_note(self) -> str:
        """What the selection holds, for the status line ("sentence selected, 14 words")."""
        mode = "VISUAL (Esc leaves) · " if self.visual else ""
        sel = self.selection_offsets()
        if sel is None:
            return mode + "arrows, w b s ( ) e select" if self.visual else ""
        a, b = sel
        first, last = self.turn_at(a), self.turn_at(b - 1)
        if first != last:
            count = len(motions.words(self.source, a, b))
            turns = bisect.bisect_left(self._turn_starts, b) - bisect.bisect_right(
                self._turn_starts, a) + 1
            return f"{mode}{plural(count, 'word')} selected, across {plural(turns, 'turn')}"
        lo, hi = self.stretch(a)
        if first is not None and (a, b) == (lo, hi):
            words = plural(len(motions.words(self.source, a, b)), "word")
            return f"{mode}turn {first.index} selected, {words}"
        return mode + motions.summary(self.source, a, b, lo, hi)


def _placed(text: str, line_starts: Sequence[int]) -> str:
    """The lines of a filtered view at their real offsets, line breaks where lines are hidden.

    Motions work on real offsets (the filter keeps them real), so the text they read must be
    laid out the same way; a hidden stretch reads as blank lines, which end words and sentences.
    """
    parts: list[str] = []
    at = 0
    for start, line in zip(line_starts, text.split("\n"), strict=False):
        parts.append("\n" * max(0, start - at))
        parts.append(line)
        at = max(at, start) + len(line)
    return "".join(parts)
