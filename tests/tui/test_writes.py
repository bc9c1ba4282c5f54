"""Changes run in workers, off the app thread, one at a time in the order they were asked
for; a failed one is one notification and leaves the screen as it was; long work shows a
moving bar while it runs."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label

from support import SENTINEL, running, workers_done
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.screens.report import ReportScreen
from themework.tui.services_bridge import write
from themework.tui.widgets.busy import BusyLine
from themework.tui.widgets.status import StatusLine


async def _started(event: threading.Event) -> None:
    """Wait, without holding the app's loop, until a worker says it has started."""
    assert await asyncio.to_thread(event.wait, 10)


async def test_writes_run_off_the_app_thread_one_at_a_time_in_order(
    demo_wb: Workbench, ready: Any
) -> None:
    async with running(demo_wb, "themes", (80, 24)) as (app, pilot):
        started, gate = threading.Event(), threading.Event()
        ran: list[tuple[str, int]] = []
        finished: list[int] = []

        def first() -> int:
            ran.append(("first", threading.get_ident()))
            started.set()
            gate.wait(120)  # held until the test has looked (see the export test below)
            return 1

        def second() -> int:
            ran.append(("second", threading.get_ident()))
            return 2

        write(app, first, finished.append)
        write(app, second, finished.append)
        try:
            await _started(started)
            await pilot.pause()
            assert [name for name, _ in ran] == ["first"]  # the second waits its turn
            assert app.is_running and finished == []  # the app goes on meanwhile
        finally:
            gate.set()
        await workers_done(app)
        await pilot.pause()
        assert [name for name, _ in ran] == ["first", "second"]
        assert finished == [1, 2]
        assert all(ident != threading.get_ident() for _, ident in ran)


async def test_a_failed_change_is_one_line_and_changes_nothing_on_screen(
    demo_wb: Workbench, ready: Any, notes: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> list[Any]:
        raise RuntimeError(SENTINEL)  # a driver's message can quote data

    monkeypatch.setattr(demo_wb.history, "undo", broken)
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=(80, 24)) as pilot:
        seen = notes(app)
        await ready(app, pilot)
        status = app.screen.query_one(StatusLine)
        before = str(status.render())
        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert app.is_running
        assert seen == [("error", "something went wrong (RuntimeError); nothing was changed")]
        assert str(status.render()) == before
        assert app.last_action == ""


async def test_an_export_shows_a_moving_bar_until_it_is_written(
    demo_wb: Workbench, ready: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from themework.tui.screens import report

    started, gate = threading.Event(), threading.Event()
    real = report.export_report
    held: list[bool] = []

    def slow_export(*args: Any) -> Any:
        started.set()
        # Held until the test has looked at the bar. A short timeout here let the export
        # finish (and the bar go) while a loaded machine was still between the two checks.
        held.append(gate.wait(120))
        return real(*args)

    monkeypatch.setattr(report, "export_report", slow_export)
    target = tmp_path / "report.md"
    async with running(demo_wb, "report", (80, 24)) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        busy = screen.query_one(BusyLine)
        assert not busy.display or not busy.has_class("-busy")
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        try:
            await _started(started)
            await pilot.pause()
            assert busy.has_class("-busy")
            assert "exporting the report" in str(busy.query_one(Label).render())
        finally:
            gate.set()  # a failed check must not leave the export waiting
        await ready(app, pilot)
        assert held == [True]
        assert target.exists()
        assert not busy.has_class("-busy")


async def test_quitting_lets_a_change_under_way_finish_first(
    demo_wb: Workbench, ready: Any
) -> None:
    async with running(demo_wb, "themes", (80, 24)) as (app, pilot):
        started, gate = threading.Event(), threading.Event()
        saved: list[str] = []

        def slow_change() -> str:
            started.set()
            gate.wait(120)  # held until the test has looked
            saved.append("saved")
            return "saved"

        write(app, slow_change, lambda _: None)
        try:
            await _started(started)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app.is_running  # it waits for the change
        finally:
            gate.set()
        await workers_done(app)
        await pilot.pause()
        assert saved == ["saved"]
        assert not app.is_running
