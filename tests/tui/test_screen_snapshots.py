"""Snapshot tests of key screens (pytest-textual-snapshot; Textual is pinned exactly).

Regenerate after an intended change with ``pytest tests/tui/test_screen_snapshots.py
--snapshot-update`` and review the SVGs in tests/tui/__snapshots__/.
"""

from __future__ import annotations

from typing import Any

from support import workers_done
from themework.services.workbench import Workbench
from themework.tui.app import create_app


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def test_code_screen_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")

    async def ready(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.screen.open("P01")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


def test_code_screen_wide_with_codebook(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")

    async def ready(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.screen.open("P03")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(160, 48), run_before=ready)


def test_themes_screen(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="themes")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_settle)
