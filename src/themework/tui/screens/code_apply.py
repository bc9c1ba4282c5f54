"""The Code screen's coding: where a code goes (the selection, else the turn under the
cursor), applying it in a worker, code-and-advance, recent codes (``r`` then a digit, alt+digit)
and in-vivo codes. The bindings stay on the screen, which owns this helper; the picker
(``code_picker``) applies through it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from themework.domain.spans import span_in_words
from themework.services.coding import CodingRequest, Extract, Target
from themework.tui.screens.code_data import next_participant_turn
from themework.tui.screens.code_view import with_coding
from themework.tui.widgets.coding_reader import CodingReader
from themework.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from textual.events import Key

    from themework.tui.dialogs.choose import ChooseScreen
    from themework.tui.screens.code import CodeScreen

RECENT = 9
DIGITS = "123456789"
# What alt+1..9 send on macOS (US layout) when Option is not Meta, as Textual names the keys.
OPTION_DIGITS = (
    "inverted_exclamation_mark", "trade_mark_sign", "pound_sign", "cent_sign", "infinity",
    "section_sign", "pilcrow_sign", "bullet", "ª",
)


class CodeApplier:
    """Applies codes where the researcher stands, and remembers the codes recently used."""

    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen
        # r opened no picker (no recent code, nothing to code): the digit that follows was
        # meant for it, and must not switch phase instead.
        self.digit_for_r = False
        self._shown: str | None = None  # the transcript of the coding just made and shown
        self.picker: ChooseScreen | None = None  # the code picker (c, r), installed once

    def target(self) -> Target | None:
        screen = self.screen
        sel = screen.query_one(TranscriptView).selection_offsets()
        if sel is not None:
            return None if screen.filtering.refused(sel) else Target(span=sel)
        turn = screen.turn_here()
        if turn is None:
            screen.notify("select some text or stand on a turn", severity="warning")
            return None
        return Target(turn=turn.index)

    def apply(self, code: str, target: Target, origin: str = "manual",
              then: Callable[[Extract], object] | None = None) -> None:
        """Apply the code in a worker; once saved, say so and hand the coding to ``then``."""
        screen = self.screen
        assert screen.transcript is not None
        req = CodingRequest(screen.transcript, code, target)

        def applied(e: Extract) -> None:
            screen.recent = [code, *[c for c in screen.recent if c != code]][:RECENT]
            screen.query_one(CodingReader).visual = False  # coded: the selection is done with
            self._show(e)
            screen.changed(f"coded {e.transcript} {_where(screen, e)} as {e.code_name}",
                           codings_in=e.transcript)
            if then is not None:
                then(e)

        screen.write(lambda: screen.wb.coding.apply(req, origin=origin), applied)

    def _show(self, e: Extract) -> None:
        """Show the coding just made from what saving it returned: reading the transcript's
        codings again (the reload after a change) took as long as saving it, on a
        5,000-turn transcript, before the researcher saw it."""
        screen = self.screen
        view = None if screen.view is None else with_coding(screen.view, e)
        if view is not None and screen.transcript == e.transcript:
            screen.show_changed(view)
            self._shown = e.transcript

    def shown(self, transcript: str) -> bool:
        """Whether the change to ``transcript``'s codings the screen is told of is the coding
        made here and shown already (then there is nothing to reload)."""
        shown, self._shown = self._shown, None
        return shown == transcript

    def after_apply(self, target: Target) -> None:
        screen = self.screen
        if not screen.advance or screen.view is None or screen.view.text is None:
            return
        nxt = next_participant_turn(screen.view.text.turns, screen.turn_here())
        if nxt is not None:
            reader = screen.query_one(TranscriptView)
            reader.move_cursor(reader.location_of(nxt.start))

    def recent_options(self) -> list[tuple[str, str]]:
        """Recent codes still in the codebook, last used first (the numbers r and alt use)."""
        if self.screen.view is None:
            return []
        by_id = {value: label for label, value in self.screen.codebook.options()}
        return [(by_id[c], c) for c in self.screen.recent if c in by_id]

    def recent_first(self) -> list[tuple[str, str]]:
        """The code picker's options with recent codes first, so their numbers are theirs."""
        recent = self.recent_options()
        ids = {c for _, c in recent}
        return recent + [o for o in self.screen.codebook.options() if o[1] not in ids]

    def pick(self) -> None:
        from themework.tui.screens.code_picker import CodePicker

        target = self.target()
        if target is None or self.screen.view is None:
            return
        CodePicker(self.screen, target).open(self.recent_first())

    def pick_recent(self) -> None:
        from themework.tui.screens.code_picker import CodePicker

        options = self.recent_options()
        target = None
        if not options:
            self.screen.notify("no recent codes yet: c applies a code and remembers it",
                               severity="warning")
        else:
            target = self.target()
        if target is None:
            self.digit_for_r = True
            return
        CodePicker(self.screen, target, once=True).open(options, "Apply which recent code?")

    def after_recent_key(self, key: Key) -> None:
        """The key after an r that opened no picker: a digit goes nowhere (said already)."""
        if not self.digit_for_r or key.key == "r":
            return
        self.digit_for_r = False
        if key.character is not None and key.character in DIGITS:
            key.stop()
            key.prevent_default()

    def apply_recent(self, n: int) -> None:
        from themework.tui.screens.code_picker import CodePicker

        recent = self.recent_options()
        if n > len(recent):
            self.screen.notify(f"no recent code {n} yet", severity="warning")
            return
        target = self.target()
        if target is not None and self.screen.view is not None:
            CodePicker(self.screen, target, once=True).choose(recent[n - 1][1])

    def in_vivo(self) -> None:
        screen = self.screen
        reader = screen.query_one(TranscriptView)
        sel = reader.selection_offsets()
        if sel is None:
            screen.notify("select the participant's words first", severity="warning")
            return
        if screen.filtering.refused(sel):
            return
        words = " ".join(reader.selected_text.split())[:60]

        def code_it(code: str) -> None:
            self.apply(code, Target(span=sel), origin="in-vivo")

        screen.codebook.new_code(words, in_vivo=True, then=code_it)


def _where(screen: CodeScreen, e: Extract) -> str:
    """The coding's turns in the log's words, from the turns the screen holds."""
    turns = screen.view.text.turns if screen.view and screen.view.text else ()
    touched = [t.index for t in turns if t.label_start < e.end and t.end > e.start]
    return span_in_words(touched, e.start, e.end)
