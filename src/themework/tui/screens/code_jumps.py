"""The Code screen's jumps: ``]``/``[`` between codings, ``}``/``{`` between the codings of
the followed code, which ``F`` chooses (``}`` asks for it the first time). The bindings stay
on the screen, which owns this helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from themework.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
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
        clip = self.screen.filter.clip
        starts = sorted({part[0] for e in view.extracts if e.code == self.follow
                         and (part := clip(e.start, e.end)) is not None})
        name = next((c.name for c in view.codes if c.id == self.follow), self.follow)
        self._among(direction, starts, f"codings of {name}")

    def _among(self, direction: int, starts: list[int], what: str = "codings") -> None:
        reader = self.screen.query_one(TranscriptView)
        here = reader.cursor_offset
        if direction > 0:
            nxt = next((s for s in starts if s > here), None)
        else:
            nxt = next((s for s in reversed(starts) if s < here), None)
        if nxt is None:
            self.screen.notify(f"no more {what} this way")
            return
        reader.move_cursor(reader.location_of(nxt), center=True)
