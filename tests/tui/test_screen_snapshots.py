"""Snapshot tests of key screens (pytest-textual-snapshot; Textual is pinned exactly).

Regenerate after an intended change with ``pytest tests/tui/test_screen_snapshots.py
--snapshot-update`` and review the SVGs in tests/tui/__snapshots__/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from support import pause_for_workers, settle
from themework.services.workbench import Workbench
from themework.tui.app import create_app


async def _settle(pilot: Any) -> None:
    await pause_for_workers(pilot.app, pilot)


def _opening(transcript: str) -> Callable[[Any], Awaitable[None]]:
    """Before the picture: open ``transcript`` in the screen's reader."""

    async def ready(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.screen.open(transcript)
        await _settle(pilot)

    return ready


def test_code_screen_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_opening("P01"))


def test_code_screen_wide_with_codebook(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_opening("P03"))


def test_themes_screen(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="themes")
    assert snap_compare(app, terminal_size=(160, 48), run_before=_settle)


# -- 160x48: every screen (the Code and Themes screens above) -------------------------------
WIDE = (160, 48)


def test_familiarise_at_160x48(snap_compare: Any, demo_wb: Workbench) -> None:
    # On the Words tab: the Notes tab dates the demo's notes with the day it was built.
    app = create_app(demo_wb, start_mode="familiarise")

    async def ready(pilot: Any) -> None:
        await _settled(pilot)
        await pilot.press("w")
        await _settled(pilot)

    assert snap_compare(app, terminal_size=WIDE, run_before=ready)


def test_review_at_160x48(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    assert snap_compare(app, terminal_size=WIDE, run_before=_settled)


def test_define_at_160x48(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="define")
    assert snap_compare(app, terminal_size=WIDE, run_before=_settled)


def test_report_at_160x48_at_a_theme(snap_compare: Any, demo_wb: Workbench) -> None:
    # At the first theme, as at 80x24: the report's top carries today's date; the snapshots
    # panel (t hides it) the times the demo's snapshots were taken.
    app = create_app(demo_wb, start_mode="report")

    async def ready(pilot: Any) -> None:
        await _settled(pilot)
        await pilot.press("t")
        await _at_first_theme(pilot)

    assert snap_compare(app, terminal_size=WIDE, run_before=ready)


# -- 80x24: every screen, the code picker, the keys and a dialog fit ------------------------
SMALL = (80, 24)


async def _settled(pilot: Any) -> None:
    """Settle, waiting also for work that starts more work (the report renders after it
    is built)."""
    await settle(pilot.app, pilot)


def test_familiarise_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    assert snap_compare(app, terminal_size=SMALL, run_before=_settled)


def test_themes_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="themes")
    assert snap_compare(app, terminal_size=SMALL, run_before=_settled)


def test_review_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    assert snap_compare(app, terminal_size=SMALL, run_before=_settled)


def test_define_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="define")
    assert snap_compare(app, terminal_size=SMALL, run_before=_settled)


def test_report_at_80x24_at_a_theme(snap_compare: Any, demo_wb: Workbench) -> None:
    # At the first theme, chosen from the contents: the report's top carries today's date.
    app = create_app(demo_wb, start_mode="report")
    assert snap_compare(app, terminal_size=SMALL, run_before=_at_first_theme)


async def _at_first_theme(pilot: Any) -> None:
    await _settled(pilot)
    await pilot.press("c")
    await _settled(pilot)
    await pilot.press("down", "down", "down", "enter")
    await _settled(pilot)


async def _on_p01_turn(pilot: Any) -> None:
    from themework.tui.widgets.transcript_view import TranscriptView

    await _settled(pilot)
    screen = pilot.app.screen
    screen.open("P01")
    await _settled(pilot)
    reader = screen.query_one(TranscriptView)
    turn = screen.view.text.turns[3]
    reader.move_cursor(reader.location_of(turn.start))
    await pilot.pause()


def test_code_picker_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")

    async def ready(pilot: Any) -> None:
        await _on_p01_turn(pilot)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=ready)


def test_new_code_form_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")

    async def ready(pilot: Any) -> None:
        await _on_p01_turn(pilot)
        await pilot.press("plus", *"Feeling safe", "enter", *"Safe with the worker")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=ready)


def test_keys_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")

    async def ready(pilot: Any) -> None:
        await _on_p01_turn(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=ready)


def test_confirm_dialog_at_80x24(snap_compare: Any, demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")

    async def ready(pilot: Any) -> None:
        await _settled(pilot)
        await pilot.press("D")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=ready)
