"""Unsaved text in the workbench: asking before it is left, and keeping it as a draft.

A screen or dialog that holds text typed and not saved says so through ``HoldsEdits``; the
app asks Save / Discard / Cancel about each one before it switches screens or quits
(``settle_then``). ``DraftKeeper`` keeps the text in the project while it is typed (in a
worker, after a short pause), so that a crash loses nothing, and offers it back next time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from themework.tui.services_bridge import after_writes, guard, in_thread

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from themework.services.drafts import DraftInfo
    from themework.services.workbench import Workbench

DRAFT_DELAY = 1.0  # seconds of no typing before the draft is written
DRAFT_MAX_WAIT = 5.0  # and at least this often while typing goes on


@runtime_checkable
class HoldsEdits(Protocol):
    def unsaved(self) -> str | None:
        """What would be lost by leaving now, in a few words (``None``: nothing)."""

    def save_unsaved(self, then: Callable[[], None]) -> None:
        """Save it through the normal save (in a worker, if it likes), then call ``then``;
        never after a failure (an error was shown, and the text stays)."""

    def discard_unsaved(self) -> None:
        """Drop it, and its draft."""


def settle_then(app: App[Any], holders: Sequence[object], go: Callable[[], None],
                doing: str) -> None:
    """Ask Save / Discard / Cancel about each holder's unsaved text in turn, then ``go``.
    Cancel (or a save that fails) stops there, with everything as it was. The changes on
    their way are saved first: a save asked for just before is not unsaved text."""
    after_writes(app, lambda: _settle(app, list(holders), go, doing))


def _settle(app: App[Any], holders: Sequence[object], go: Callable[[], None],
            doing: str) -> None:
    from themework.tui.dialogs.unsaved import unsaved_screen

    rest = list(holders)
    while rest:
        holder = rest.pop(0)
        what = holder.unsaved() if isinstance(holder, HoldsEdits) else None
        if what:
            break
    else:
        go()
        return

    def answered(choice: str | None) -> None:
        assert isinstance(holder, HoldsEdits)
        if choice == "save":
            holder.save_unsaved(lambda: settle_then(app, rest, go, doing))
        elif choice == "discard":
            holder.discard_unsaved()
            settle_then(app, rest, go, doing)

    app.push_screen(unsaved_screen(what, doing), answered)


class DraftKeeper:
    """One editor's draft on one target (``wb.drafts``): written after a pause in typing,
    dropped once the text is saved or discarded, offered back when the editor opens."""

    def __init__(self, app: App[Any], wb: Workbench, editor: str, on: str,
                 delay: float = DRAFT_DELAY) -> None:
        self.app, self.wb, self.editor, self.on = app, wb, editor, on
        self.delay = delay
        self._timer: Timer | None = None
        self._since: float | None = None  # when the text first changed since the last write
        self._content: dict[str, str] = {}
        # Writes run in threads; the lock and the generation keep them in order, so that a
        # draft written late never comes back after it was dropped.
        self._lock = threading.Lock()
        self._gen = 0

    def changed(self, content: Mapping[str, str]) -> None:
        """The text changed: write it once typing pauses (or has gone on for a while)."""
        self._content = dict(content)
        if self._timer is not None:
            self._timer.stop()
        clock = time.monotonic()
        if self._since is None:
            self._since = clock
        if clock - self._since >= DRAFT_MAX_WAIT:
            self.flush()
        else:
            self._timer = self.app.set_timer(self.delay, self.flush)

    def flush(self) -> None:
        """Write the draft now (in a worker)."""
        self._timer = None
        self._since = None
        self._gen += 1
        gen, content, wb = self._gen, self._content, self.wb

        def keep() -> None:
            with self._lock:
                if gen == self._gen:
                    wb.drafts.keep(self.editor, self.on, content)

        in_thread(self.app, keep, lambda _: None, group=f"draft-{self.editor}",
                  exclusive=False)

    def drop(self) -> None:
        """The text was saved or discarded: forget the draft. This one write runs here,
        not in a worker: it is small, and the app may be about to quit."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._since = None
        self._gen += 1  # a write not started yet is skipped
        with self._lock:  # one under way finishes first
            guard(self.app, lambda: self.wb.drafts.drop(self.editor, self.on))

    def offer(self, what: str, differs: Callable[[DraftInfo], bool],
              restore: Callable[[DraftInfo], None]) -> None:
        """If a draft was left and ``differs`` from what the editor shows, ask Restore /
        Discard (Esc asks again next time)."""
        from themework.tui.dialogs.unsaved import draft_screen

        wb, editor, on = self.wb, self.editor, self.on

        def found(draft: DraftInfo | None) -> None:
            if draft is None:
                return
            if not differs(draft):
                self.drop()
                return

            def answered(choice: str | None) -> None:
                if choice == "restore":
                    restore(draft)
                elif choice == "discard":
                    self.drop()

            when = draft.saved_at.astimezone().strftime("%d %b %Y %H:%M")
            self.app.push_screen(draft_screen(when, what), answered)

        in_thread(self.app, lambda: wb.drafts.get(editor, on), found,
                  group=f"draft-offer-{editor}")
