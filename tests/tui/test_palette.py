"""The command palette finds transcripts, codes, themes and actions."""

from __future__ import annotations

import pytest

from support import workers_done
from themework.services.workbench import Workbench
from themework.tui.app import create_app


async def _settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await workers_done(app)
    await pilot.pause()


async def _run(app, pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await _settle(app, pilot)
    await pilot.press(*query)
    await _settle(app, pilot)
    await pilot.press("enter")
    await _settle(app, pilot)


async def test_palette_opens_a_theme_and_a_transcript(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await _run(app, pilot, "theme: review ethically")
        assert type(app.screen).__name__ == "ReviewScreen"
        assert app.screen.current == "ethically-grounded-approach"  # type: ignore[attr-defined]
        await _run(app, pilot, "transcript: open P07")
        assert type(app.screen).__name__ == "CodeScreen"
        assert app.screen.transcript == "P07"  # type: ignore[attr-defined]


async def test_a_project_that_cannot_be_read_is_said_and_a_defect_is_not_hidden(
    demo_wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    from themework.domain.errors import ProjectError
    from themework.tui.commands import TranscriptCommands

    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        provider = TranscriptCommands(app.screen)

        def unreadable() -> None:
            raise ProjectError("the project is locked by another program")

        monkeypatch.setattr(demo_wb.transcripts, "list", unreadable)
        await provider.startup()
        await pilot.pause()
        assert provider.entries == []
        assert [n.message for n in app._notifications] == [
            "the project is locked by another program"
        ]

        def defect() -> None:
            raise KeyError("a bug")

        monkeypatch.setattr(demo_wb.transcripts, "list", defect)
        with pytest.raises(KeyError):
            await provider.startup()
