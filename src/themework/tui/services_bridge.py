"""Calling services from the TUI: errors become notifications, calls run in thread workers.

Nothing here touches widgets from a worker thread: results come back through
``call_from_thread`` to the callback, which runs on the app's thread. A failed call is
one notification, and its callback never runs, so nothing on screen changes.

``write`` is for calls that change the project: they run one at a time, in the order they
were asked for (a second key pressed while the first change is saving waits for it), and
long ones show their progress (``ShowsProgress``). ``in_thread`` is for reads: a newer read
in the same group replaces an older one.

Keys typed while a quick change is saving wait for it (``typeahead``): what they do can
depend on it (code-and-advance moves the cursor, the code picker comes back). Long work
(``doing``) leaves the keys free; so do reads, unless their result opens a dialog
(``holds_keys``).
"""

from __future__ import annotations

import logging
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from themework.domain.errors import ThemeworkError
from themework.tui.typeahead import hold_keys

if TYPE_CHECKING:
    from textual.app import App

log = logging.getLogger(__name__)
T = TypeVar("T")
WRITE_GROUP = "write"


def describe(error: BaseException) -> str:
    """A message for the researcher: domain errors as they are, others without their text
    (a driver's message can quote data)."""
    if isinstance(error, ThemeworkError):
        return str(error)
    return f"something went wrong ({type(error).__name__}); nothing was changed"


def _fail(app: App[Any], error: BaseException) -> None:
    app.notify(describe(error), severity="error", timeout=8)


def guard(app: App[Any], fn: Callable[[], T]) -> T | None:
    """Run a service call on the app thread; notify instead of raising. Only for what must
    finish before the app goes on (a draft dropped as the app quits): use ``write`` or
    ``in_thread`` otherwise."""
    try:
        return fn()
    except Exception as exc:
        _fail(app, exc)
        return None


@runtime_checkable
class ShowsProgress(Protocol):
    """An app that shows what long work is under way (empty: none)."""

    busy: str


def _show_progress(app: App[Any], doing: str) -> None:
    if isinstance(app, ShowsProgress):
        app.busy = doing


def in_thread(
    app: App[Any],
    fn: Callable[[], T],
    done: Callable[[T], None],
    *,
    group: str = "service",
    exclusive: bool = True,
    doing: str = "",
    holds_keys: bool = False,
) -> None:
    """Run ``fn`` in a thread worker and hand its result to ``done`` on the app thread.
    ``doing`` (a few words) shows progress while it runs: for work that can take a while.
    ``holds_keys``: the keys typed meanwhile wait for ``done`` (it opens a dialog)."""
    release = hold_keys(app) if holds_keys else _no_hold

    def finish(result: T) -> None:
        try:
            if doing:
                _show_progress(app, "")
            done(result)
        finally:
            release()

    def failed(error: BaseException) -> None:
        release()
        if doing:
            _show_progress(app, "")
        _fail(app, error)

    def work() -> None:
        try:
            result = fn()
        except Exception as exc:
            app.call_from_thread(failed, exc)
            return
        app.call_from_thread(finish, result)

    if doing:
        _show_progress(app, doing)
    app.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def _no_hold() -> None:
    return None


@dataclass
class _Write:
    fn: Callable[[], Any]
    done: Callable[[Any], None]
    doing: str
    release: Callable[[], None]


class _Writes:
    """One app's queue of writes: one worker at a time, in order."""

    def __init__(self) -> None:
        self.queue: deque[_Write] = deque()
        self.running = False


_WRITES: weakref.WeakKeyDictionary[App[Any], _Writes] = weakref.WeakKeyDictionary()


def write(
    app: App[Any], fn: Callable[[], T], done: Callable[[T], None], *, doing: str = ""
) -> None:
    """Run a call that changes the project in a thread worker, after the writes asked for
    before it, and hand its result to ``done`` on the app thread. ``doing`` (a few words)
    shows progress while it runs: for bulk changes that can take a while."""
    writes = _WRITES.setdefault(app, _Writes())
    release = _no_hold if doing else hold_keys(app)
    writes.queue.append(_Write(fn, done, doing, release))
    if not writes.running:
        _next_write(app, writes)


def _next_write(app: App[Any], writes: _Writes) -> None:
    if not writes.queue:
        writes.running = False
        return
    writes.running = True
    item = writes.queue.popleft()

    def finish(ok: bool, value: Any) -> None:
        try:
            if item.doing:
                _show_progress(app, "")
            if ok:
                item.done(value)
            else:
                _fail(app, value)
        finally:
            item.release()
            _next_write(app, writes)

    def work() -> None:
        try:
            result = item.fn()
        except Exception as exc:
            app.call_from_thread(finish, False, exc)
            return
        app.call_from_thread(finish, True, result)

    if item.doing:
        _show_progress(app, item.doing)
    # Not exclusive: a write is never cancelled by the next one, which waits its turn.
    app.run_worker(work, thread=True, group=WRITE_GROUP, exclusive=False, exit_on_error=False)


def after_writes(app: App[Any], go: Callable[[], None]) -> None:
    """Run ``go`` on the app thread once every write asked for so far has finished (before
    quitting, so that a change confirmed on screen is never cut off): at once when none
    is on its way."""
    writes = _WRITES.get(app)
    if writes is None or not (writes.running or writes.queue):
        go()
        return
    write(app, lambda: None, lambda _: go())
