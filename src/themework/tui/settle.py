"""Waiting until a headless app (``App.run_test``) is ready: painted, its background loads
done. One home for the tests (tests/support.py) and the benchmarks (bench/tui_bench.py),
so that "ready" means the same in both."""

from __future__ import annotations

from typing import Any


async def workers_done(app: Any) -> None:
    """Wait for a Textual app's background work. A worker in an exclusive group is cancelled
    when a newer one replaces it (a second selection while the first loads); the newer one
    is what the caller waits for, so a cancellation means: wait again."""
    from textual.worker import WorkerCancelled

    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
    raise RuntimeError("background work kept being replaced")


async def keys_done(app: Any, pilot: Any) -> None:
    """Wait until the keys typed ahead have all been handled (see tui.typeahead)."""
    queue = getattr(app, "key_queue", None)
    for _ in range(200):
        if queue is None or not queue.busy:
            return
        await pilot.pause(0.01)


async def settle(app: Any, pilot: Any) -> None:
    """Let the app paint and its background work finish (the poll excepted): a load that
    triggers another load (a reload after a change) is waited for too, and so are keys
    typed ahead."""
    await pilot.pause()
    for _ in range(5):
        await keys_done(app, pilot)
        await workers_done(app)
        await pilot.pause()
        if not any(w.is_running for w in app.workers if w.group != "poll") and not (
            getattr(app, "key_queue", None) is not None and app.key_queue.busy
        ):
            break
