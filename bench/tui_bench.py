"""The TUI section of bench/run.py: the workbench app headless (``App.run_test``) over the
bench project, against issue 11's speed targets.

"Ready" means the screen's data is on screen: the key is pressed, then the app paints and
every background load (the 2 s poll excepted) finishes and is painted, as in
``themework.tui.settle`` (shared with the tests: bench code does not import the tests).
The reader's figures (open, page-down, apply) wait for their change to be painted instead
(``until_painted``): settle's pauses alone take longer than a page-down's target.
Times are wall clock; each figure also carries the CPU time of this process (worker threads
included), the steadier number on a busy machine.

    python bench/tui_bench.py PROJECT [LONG_TRANSCRIPT]   # on an existing project
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from themework.tui.settle import settle

SIZE = (160, 48)
SCREENS = {1: "Familiarise", 2: "Code", 3: "Themes", 4: "Review", 5: "Define", 6: "Report"}


@dataclass
class Result:
    key: str
    label: str
    samples: list[float]
    cpu: list[float]
    target: float | None
    note: str = ""
    error: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Clock:
    """Wall and CPU time of one awaited step."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    async def time(self, step: Callable[[], Awaitable[Any]]) -> None:
        c0, t0 = time.process_time(), time.perf_counter()
        await step()
        self.wall.append(time.perf_counter() - t0)
        self.cpu.append(time.process_time() - c0)


def _shown(app: Any, phase: int) -> str:
    """Why the screen for ``phase`` does not show its data yet ("" when it does)."""
    screen = app.screen
    if getattr(screen, "PHASE", None) != phase:
        return f"screen is {type(screen).__name__}, not phase {phase}"
    probe = {
        1: lambda s: s.overview is not None and s.overview.rows,
        2: lambda s: s.view is not None and s.view.text is not None,
        3: lambda s: getattr(s, "view", None) is not None,
        4: lambda s: getattr(s, "view", None) is not None,
        5: lambda s: getattr(s, "view", None) is not None,
        6: lambda s: getattr(s, "view", None) is not None,
    }[phase]
    try:
        return "" if probe(screen) else "no data shown"
    except Exception as exc:  # a renamed attribute should not stop the bench
        return f"could not check ({type(exc).__name__})"


async def run_tui(project: str, long_name: str | None, coder: str = "bench") -> list[Result]:
    from themework.services.workbench import Workbench
    from themework.store.location import from_string
    from themework.tui.app import create_app

    # "After imports": the screens' modules (imported when the app mounts) load first.
    for module in ("code", "define", "familiarise", "report", "review", "themes"):
        importlib.import_module(f"themework.tui.screens.{module}")
    results: list[Result] = []
    wb = Workbench.open(from_string(project), coder=coder)
    try:
        app = create_app(wb, start_mode="familiarise")
        first = Clock()
        c0, t0 = time.process_time(), time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            first.wall.append(time.perf_counter() - t0)
            first.cpu.append(time.process_time() - c0)
            results.append(Result("tui_first_paint", "TUI first paint (after imports)",
                                  first.wall[:1], first.cpu[:1], 0.5,
                                  f"{SIZE[0]}x{SIZE[1]}, run_test"))
            await settle(app, pilot)
            first.wall.append(time.perf_counter() - t0)
            first.cpu.append(time.process_time() - c0)
            results.append(Result(
                "tui_screen_1", "TUI screen 1 Familiarise ready (from start)", first.wall[-1:],
                first.cpu[-1:], 1.0, "first paint, then its data", error=_shown(app, 1)))
            for phase in range(2, 7):
                clock = Clock()
                await clock.time(lambda p=phase: _press_settle(app, pilot, str(p)))
                results.append(Result(
                    f"tui_screen_{phase}", f"TUI screen {phase} {SCREENS[phase]} ready",
                    clock.wall, clock.cpu, 1.0, "first visit: key to data shown",
                    error=_shown(app, phase)))
            results += await _switches(app, pilot)
            results += await _reader(app, pilot, long_name, coder)
            quit_clock = Clock()
            c0, t0 = time.process_time(), time.perf_counter()
            await pilot.press("ctrl+q")
        quit_clock.wall.append(time.perf_counter() - t0)
        quit_clock.cpu.append(time.process_time() - c0)
        results.append(Result("tui_quit", "TUI quit (ctrl+q to exit)", quit_clock.wall,
                              quit_clock.cpu, 0.5))
    finally:
        wb.close()
    return results


async def _press_settle(app: Any, pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)


async def _switches(app: Any, pilot: Any) -> list[Result]:
    """Back to screens already open: the key to the screen painted (with what it showed),
    and to its data reloaded."""
    painted, reloaded = Clock(), Clock()
    for phase in (1, 2, 3, 4, 5, 6, 2):
        c0, t0 = time.process_time(), time.perf_counter()
        await pilot.press(str(phase))
        await pilot.pause()
        painted.wall.append(time.perf_counter() - t0)
        painted.cpu.append(time.process_time() - c0)
        await settle(app, pilot)
        reloaded.wall.append(time.perf_counter() - t0)
        reloaded.cpu.append(time.process_time() - c0)
    note = "median of 7 switches between open screens"
    return [
        Result("tui_switch", "TUI phase switch (key to screen painted)", painted.wall,
               painted.cpu, 0.3, note, extra={"max": max(painted.wall)}),
        Result("tui_switch_reloaded", "TUI phase switch, data reloaded", reloaded.wall,
               reloaded.cpu, 1.0, note + f"; slowest {max(reloaded.wall):.2f} s"),
    ]


def _coded_here(screen: Any, coder: str) -> bool:
    """Whether the turn under the cursor carries a coding of the coder's (a project an
    earlier run coded): choosing that code again asks whether to remove it, and codes
    nothing."""
    turn = screen.turn_here()
    if turn is None or screen.view is None:
        return False
    return any(e.coder == coder and e.start <= turn.start and e.end >= turn.end
               for e in screen.view.extracts)


async def _uncoded_turn(app: Any, pilot: Any, screen: Any, coder: str) -> None:
    for _ in range(200):
        if not _coded_here(screen, coder):
            return
        await _press_settle(app, pilot, "down")


async def _reader(app: Any, pilot: Any, long_name: str | None,
                  coder: str = "bench") -> list[Result]:
    """In the Code screen: open the long transcript, page down, apply a code by key."""
    from themework.tui.widgets.transcript_view import TranscriptView

    out: list[Result] = []
    screen = app.screen
    paints = Paints(app)
    if long_name is not None:
        opening = Clock()

        async def open_long() -> None:
            screen.open(long_name)
            await until_painted(app, lambda: screen.view.text.name == long_name, paints)

        await opening.time(open_long)
        turns = len(screen.view.text.turns) if screen.view and screen.view.text else 0
        out.append(Result("tui_open_long", f"TUI open a {turns:,}-turn transcript",
                          opening.wall, opening.cpu, 0.5, f"{long_name}, Code screen"))
    reader = screen.query_one(TranscriptView)
    reader.focus()
    await pilot.pause()
    scrolled = [reader.scroll_y]

    def paged() -> bool:
        return bool(reader.scroll_y != scrolled[-1])

    async def page_down() -> None:
        await key_to_paint(app, "pagedown", paged, paints)
        scrolled.append(reader.scroll_y)

    paging = Clock()
    for _ in range(15):
        if reader.scroll_y >= reader.max_scroll_y:  # a short transcript's end: no repaint
            break
        await paging.time(page_down)
    out.append(Result("tui_pagedown", "TUI page-down in the reader", paging.wall, paging.cpu,
                      0.05, f"median of {len(paging.wall)}: key to repaint"))
    # The first code through the picker makes it recent; then `r` and its number apply it
    # to the turn under the cursor: timed from the number to the new coding painted.
    await _uncoded_turn(app, pilot, screen, coder)
    await _press_settle(app, pilot, "c")
    await _press_settle(app, pilot, "enter")
    await _press_settle(app, pilot, "escape")
    applying = Clock()
    for _ in range(5):
        await _press_settle(app, pilot, "down", "down", "down", "down")
        await _uncoded_turn(app, pilot, screen, coder)
        await _press_settle(app, pilot, "r")
        before = len(screen.view.extracts) if screen.view else 0

        def coded(before: int = before) -> bool:
            return screen.view is not None and len(screen.view.extracts) == before + 1

        with contextlib.suppress(RuntimeError):  # never shown: said below
            await applying.time(lambda coded=coded: key_to_paint(app, "1", coded, paints))
        after = len(screen.view.extracts) if screen.view else 0
        if after != before + 1:
            return [*out, Result("tui_apply", "TUI key to repaint after applying a code", [],
                                 [], 0.1, error=f"codings here went {before} -> {after}"
                                 f" ({type(app.screen).__name__} on top)")]
    out.append(Result("tui_apply", "TUI key to repaint after applying a code", applying.wall,
                      applying.cpu, 0.1, "median of 5: r 1 on a turn, to the coding shown"))
    return out


def _pending_paint(screen: Any) -> bool:
    """Whether the screen has a change not painted yet (what its update timer is for)."""
    return bool(screen._layout_required or screen._scroll_required
                or screen._repaint_required or screen._dirty_widgets)


class Paints:
    """The screen updates the app hands to its driver (headless: drops them), counted,
    with an event for each to wait on."""

    def __init__(self, app: Any) -> None:
        self.count = 0
        self.event = asyncio.Event()
        display = app._display

        def counted(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.count += 1
                self.event.set()

        app._display = counted


async def until_painted(app: Any, shown: Callable[[], bool], paints: Paints,
                        timeout: float = 30.0) -> None:
    """Wait until ``shown()`` holds, the background work is done (the poll excepted) and
    the screen has painted it: what a key leads to is on screen.

    ``pilot.press`` and ``pilot.pause`` wait for the process to look idle, in 20 ms sleeps,
    three at least: 66 ms for a key on an empty app, more than a page-down's 50 ms target,
    so they cannot measure it. This wakes on each paint and each finished worker instead;
    the only other waiting is Textual's own update timer, which paints at most 60 times a
    second, for a user too."""
    before = paints.count
    deadline = time.perf_counter() + timeout
    while True:
        busy = [w for w in app.workers if w.is_running and w.group != "poll"]
        if (shown() and paints.count > before and not busy
                and not _pending_paint(app.screen)):
            return
        if time.perf_counter() > deadline:
            raise RuntimeError(f"not shown in {timeout:.0f} s (on {type(app.screen).__name__})")
        paints.event.clear()
        waits = [asyncio.ensure_future(paints.event.wait()),
                 *(asyncio.shield(_finished(w)) for w in busy)]
        _, pending = await asyncio.wait(waits, timeout=0.02,
                                        return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()


async def _finished(worker: Any) -> None:
    # Shielded by the caller: Worker.wait awaits the worker's own task, and cancelling a
    # wait that timed out cancelled that task too. A worker whose thread had not started
    # then never ran: the reload after a coding was lost, the coding never shown, and the
    # apply figure failed ("codings here went 7 -> 7") in a run in five.
    with contextlib.suppress(Exception):  # cancelled by a newer one, or failed: shown
        await worker.wait()


async def key_to_paint(app: Any, key: str, shown: Callable[[], bool], paints: Paints) -> None:
    """Press ``key`` (as ``pilot.press`` sends it) and wait until ``shown()`` is painted."""
    from textual import events

    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
    await until_painted(app, shown, paints)


def measure(project: str, long_name: str | None) -> list[Result]:
    return asyncio.run(run_tui(project, long_name))


def long_transcript(folder: Any, turns: int = 5000) -> Any:
    """A 5,000-turn interview in the bench corpus's style, written to ``folder``."""
    import corpus

    person = corpus.participants(1)[0] | {"participant": "L0001"}
    path = folder / "long-5000.txt"
    path.write_bytes(corpus.transcript(1, turns, person, 160, corpus.SEED).encode("utf-8"))
    return path


if __name__ == "__main__":
    for r in measure(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None):
        value = statistics.median(r.samples) if r.samples else float("nan")
        cpu = statistics.median(r.cpu) if r.cpu else float("nan")
        print(f"{r.label:55} {value:8.3f} s  cpu {cpu:7.3f} s  target {r.target}  "
              f"{r.error or r.note}")
