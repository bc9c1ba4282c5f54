"""The Code screen's jumps: ``]``/``[`` between codings, ``}``/``{`` between the codings of
the followed code, which ``F`` chooses (``}`` asks for it the first time), going on to the
next (previous) transcript holding one past the last (first) here. The bindings stay on the
screen, which owns this helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from themework.tui.screens.code_filter import stops_shown
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from themework.services.workbench import Workbench
    from themework.tui.screens.code import CodeScreen


class CodeJumps:
    """Where the cursor jumps to, and the code that ``}`` and ``{`` follow."""

    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen
        self.follow: str | None = None  # the code { and } jump between

    def jump(self, direction: int) -> None:
        reader = self.screen.query_one(TranscriptView)
        self._among(direction, sorted({m.start for m in reader.marks if m.kind == "coding"}))

    def follow_code(self, then: int = 0) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        screen = self.screen
        if screen.view is None:
            return

        def chosen(code: str | None) -> None:
            if code is not None:
                self.follow = code
                if then:
                    self.jump_code(then)

        screen.app.push_screen(
            ChooseScreen("Jump between the codings of which code?",
                         screen.applier.recent_first(), numbered=True),
            chosen,
        )

    def jump_code(self, direction: int) -> None:
        view = self.screen.view
        if view is None:
            return
        if self.follow is None:
            self.follow_code(then=direction)
            return
        # Under the turn filter (f), only the codings it shows: one it hides is no place
        # for the cursor, which would stand on a line that is not there.
        starts = self.screen.filter.stops(view.extracts, self.follow)
        name = next((c.name for c in view.codes if c.id == self.follow), self.follow)
        if not self._among(direction, starts, f"codings of {name}", quiet=True):
            self._beyond(direction, self.follow, name)

    def _beyond(self, direction: int, code: str, name: str) -> None:
        """On to the next (or previous) transcript in the list holding a coding of
        ``code``, opened at its first (or last) one: the code's codings read across the
        project, as a "next reference" does in other tools. Under the turn filter, the next
        holding one the filter shows, the filter kept; with none, nothing moves."""
        screen = self.screen
        assert screen.view is not None
        order = [t.name for t in screen.view.transcripts]
        here = order.index(screen.transcript) if screen.transcript in order else -1
        ahead = order[here + 1:] if direction > 0 else order[:max(here, 0)][::-1]
        wb, coder, filtered = screen.wb, screen.blind_as, screen.filter.code

        def find() -> tuple[str, list[int]] | None:
            holding = wb.coding.transcripts_with(code, coder)
            if filtered is not None:  # the filter shows nothing where its code is not
                holding &= wb.coding.transcripts_with(filtered, coder)
            for there in (t for t in ahead if t in holding):
                starts = _stops(wb, there, code, filtered, coder)
                if starts:
                    return there, starts
            return None

        def found(result: tuple[str, list[int]] | None) -> None:
            if result is None:
                shown = " in the turns the filter shows (f shows every turn)" if filtered else ""
                screen.notify(f"no more codings of {name} this way{shown}")
                return
            there, starts = result
            at = 0 if direction > 0 else len(starts) - 1
            # At its start, as within a transcript: the cursor at its end (a selection)
            # made the next { land on this same coding's start.
            screen.open(there, starts[at])
            screen.notify(f"{there}: coding {at + 1} of {len(starts)} of {name}")

        in_thread(screen.app, find, found, group="code-jump")

    def _among(self, direction: int, starts: list[int], what: str = "codings",
               quiet: bool = False) -> bool:
        """Move to the next start this way; say there is none unless ``quiet``."""
        reader = self.screen.query_one(TranscriptView)
        here = reader.cursor_offset
        if direction > 0:
            nxt = next((s for s in starts if s > here), None)
        else:
            nxt = next((s for s in reversed(starts) if s < here), None)
        if nxt is None:
            if not quiet:
                self.screen.notify(f"no more {what} this way")
            return False
        reader.move_cursor(reader.location_of(nxt), center=True)
        return True


def _stops(wb: Workbench, transcript: str, code: str, filtered: str | None,
           coder: str | None) -> list[int]:
    """Where ``}`` stops for ``code`` in ``transcript``, not shown yet, under a filter on
    ``filtered`` (``None``: no filter); read in a worker."""
    if filtered is None:
        # One stop per start, as within a transcript (two coders' codings often share it).
        return sorted({e.start for e in wb.coding.extracts([code], coder=coder,
                                                           transcript=transcript)})
    extracts = wb.coding.extracts([code, filtered], coder=coder, transcript=transcript)
    return stops_shown(wb.transcripts.text(transcript), extracts, code, filtered)
