"""The status line's counts: live themes only, and fresh on every screen after a change."""

from __future__ import annotations

import pytest

from support import pause_for_workers as _ready
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.widgets.status import StatusLine
from themework.tui.widgets.transcript_view import TranscriptView


def _status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(StatusLine).render())


async def test_counts_follow_changes_made_on_another_screen(demo_wb: Workbench) -> None:
    before = demo_wb.projects.info()
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        assert f"{before.codings} codings" in _status(app)
        await pilot.press("2")
        await _ready(app, pilot)
        screen = app.screen
        screen.open("P02")
        await _ready(app, pilot)
        turn = demo_wb.transcripts.text("P02").turns[3]
        screen.query_one(TranscriptView).select_offsets(turn.start, turn.start + 12)
        screen.recent = ["choice-and-control"]
        await pilot.press("alt+1")
        await _ready(app, pilot)
        assert f"{before.codings + 1} codings" in _status(app)
        await pilot.press("5")  # back to a screen that counted before the change
        await _ready(app, pilot)
        assert f"{before.codings + 1} codings" in _status(app)


async def test_a_change_made_under_a_dialog_still_recounts(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        n = demo_wb.projects.info().codings
        await pilot.press("question_mark")  # a dialog on top while the change lands
        await _ready(app, pilot)
        turn = demo_wb.transcripts.text("P01").turns[2]
        demo_wb.coding.apply(CodingRequest("P01", "choice-and-control", Target(turn=turn.index)))
        app.changed("coded from elsewhere")
        await _ready(app, pilot)
        await pilot.press("escape")
        await _ready(app, pilot)
        assert f"{n + 1} codings" in _status(app)


async def test_merged_and_discarded_themes_are_not_counted(demo_wb: Workbench) -> None:
    themes = demo_wb.themes.list()
    demo_wb.themes.merge([themes[0].id], into=themes[1].id)
    live = len(themes) - 1
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        assert f"· {live} themes" in _status(app)


async def test_counts_over_a_thousand_are_grouped(
    demo_wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Walkthrough on the 1,000-transcript project: "1001 transcripts · 60 codes · 50006
    # codings", where the command line prints "50,006".
    import dataclasses

    info = demo_wb.projects.info
    monkeypatch.setattr(demo_wb.projects, "info", lambda: dataclasses.replace(
        info(), transcripts=1001, codings=50006))
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        assert "1,001 transcripts" in _status(app) and "50,006 codings" in _status(app), \
            _status(app)
