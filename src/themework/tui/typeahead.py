"""Keys typed ahead land where the keys before them led: one key at a time.

Textual hands a key to the focused widget at once and runs its binding only when the key
has bubbled back up to the app. Keys that arrive together (tmux and ssh send a burst; a
fast typist does too) were all handed to the widget focused before the first one's binding
ran: ``c`` then ``cho`` sent the letters to the reader under the code picker ``c`` opens,
where the picker's bindings then found nothing for them, and they were lost; a digit
typed while a dialog was still being mounted reached nothing either.

So the app lets a key through only once the one before it is done with (``KeyQueue``):
it has been through every widget on its way up, twice (the second pass lets the messages it
caused, such as a picker's choice, be handled), a dialog it pushed is mounted with its
focus set, and a quick change it asked for is saved (``services_bridge.write``). Until then
the next keys wait, in order (ctrl+q too: ctrl+s then ctrl+q saves, then quits). A hold
that is never released would freeze the keyboard, so none lasts beyond ``HOLD_LIMIT``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import events
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.timer import Timer

HOLD_LIMIT = 2.0  # seconds a waiting key waits at most
PASSES = 2


class KeyQueue:
    """The keys waiting for the ones before them, and what they wait for (holds)."""

    def __init__(self, app: App[Any], handle: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.handle = handle  # lets a key through (and holds the next until it is done)
        self.waiting: deque[events.Key] = deque()
        self._holds: set[int] = set()
        self._count = 0
        self._moved = time.monotonic()
        self._timer: Timer | None = None
        self._draining = False

    def waits(self, key: events.Key) -> bool:
        """Whether ``key`` must wait its turn (it is kept, and handled then)."""
        if not (self._holds or self.waiting):
            return False
        self.waiting.append(key)
        if self._timer is None:
            self._timer = self.app.set_timer(HOLD_LIMIT, self._overdue)
        return True

    @property
    def busy(self) -> bool:
        """Keys are waiting, or the last one is not done with yet."""
        return bool(self._holds or self.waiting)

    def hold(self) -> Callable[[], None]:
        """Keys arriving from now on wait until the returned function is called."""
        self._count += 1
        token = self._count
        self._holds.add(token)

        def release() -> None:
            if token in self._holds:
                self._holds.discard(token)
                self._moved = time.monotonic()
                if not self._holds and self.waiting:
                    self.app.call_later(self._drain)

        return release

    def follow(self, path: Sequence[MessagePump], release: Callable[[], None]) -> None:
        """Call ``release`` once a key handed to ``path[0]`` has bubbled through every node
        of ``path`` (the focused widget up to the app), ``PASSES`` times over: a callback
        queued on each node in turn runs after the key has been handled there."""
        nodes = list(path) * PASSES

        def step(at: int) -> None:
            for i in range(at, len(nodes)):
                if nodes[i].call_later(step, i + 1):
                    return
            release()

        step(0)

    async def _drain(self) -> None:
        if self._draining:
            return
        self._draining = True
        try:
            while self.waiting and not self._holds:
                await self.handle(self.waiting.popleft())
        finally:
            self._draining = False

    def _overdue(self) -> None:
        self._timer = None
        if not self.waiting:
            return
        late = time.monotonic() - self._moved
        if late >= HOLD_LIMIT:
            self._holds.clear()  # their releases, should they come, do nothing
            self.app.call_later(self._drain)
        self._timer = self.app.set_timer(max(HOLD_LIMIT - late, 0.05), self._overdue)


def release_after_workers(app: App[Any], start: Callable[[], None],
                          release: Callable[[], None]) -> None:
    """Run ``start``, which starts workers (a screen's reload after a change), and call
    ``release`` once they are done: the keys typed after a change act on what it changed
    (a theme just made is there for ``a`` to add codes to)."""
    before = set(app.workers)
    try:
        start()
    finally:
        started = [w for w in app.workers if w not in before]
        if not started:
            release()
    if not started:
        return

    async def wait() -> None:
        try:
            for worker in started:
                with suppress(Exception):  # cancelled by a newer load, or failed: said
                    await worker.wait()
        finally:
            release()

    app.run_worker(wait(), group="keys-after-change", exclusive=False)


def hold_keys(app: object) -> Callable[[], None]:
    """Hold the keys typed from now on (on an app with a ``KeyQueue`` as ``key_queue``; any
    other app: nothing held) until the returned function is called."""
    queue = getattr(app, "key_queue", None)
    if isinstance(queue, KeyQueue):
        return queue.hold()
    return _nothing


def _nothing() -> None:
    return None
