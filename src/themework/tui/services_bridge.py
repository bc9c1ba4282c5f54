"""Calling services from the TUI: errors become notifications, slow calls run in threads.

Nothing here touches widgets from a worker thread: results come back through
``call_from_thread`` to the callback, which runs on the app's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from themework.domain.errors import ThemeworkError

if TYPE_CHECKING:
    from textual.app import App

log = logging.getLogger(__name__)
T = TypeVar("T")


def describe(error: BaseException) -> str:
    """A message for the researcher: domain errors as they are, others without their text
    (a driver's message can quote data)."""
    if isinstance(error, ThemeworkError):
        return str(error)
    return f"something went wrong ({type(error).__name__}); nothing was changed"


def guard(app: App[Any], fn: Callable[[], T]) -> T | None:
    """Run a quick service call on the app thread; notify instead of raising."""
    try:
        return fn()
    except Exception as exc:
        app.notify(describe(exc), severity="error", timeout=8)
        return None


def in_thread(
    app: App[Any],
    fn: Callable[[], T],
    done: Callable[[T], None],
    *,
    group: str = "service",
    exclusive: bool = True,
) -> None:
    """Run ``fn`` in a thread worker and hand its result to ``done`` on the app thread."""

    def work() -> None:
        try:
            result = fn()
        except Exception as exc:
            app.call_from_thread(app.notify, describe(exc), severity="error", timeout=8)
            return
        app.call_from_thread(done, result)

    app.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)
