"""Going back to a phase screen: it reloads when the data changed since it loaded (here, on
another screen, or in another process), and not otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from support import as_coder, settle
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.screens import familiarise
from themework.tui.screens.familiarise import FamiliariseScreen


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Familiarise overview loads made from now on."""
    seen: list[str] = []
    real = familiarise.load_overview

    def counted(wb: Workbench, me: str = "") -> Any:
        seen.append(me)
        return real(wb, me)

    monkeypatch.setattr(familiarise, "load_overview", counted)
    return seen


async def test_back_to_an_unchanged_screen_without_loading_again(
    demo_wb: Workbench, loads: list[str]
) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        assert len(loads) == 1
        for key in ("3", "1", "4", "1"):
            await pilot.press(key)
            await settle(app, pilot)
        assert isinstance(app.screen, FamiliariseScreen)
        assert len(loads) == 1
        await pilot.press("3")
        await settle(app, pilot)
        app.changed("a change made on the Themes screen")
        await pilot.press("1")
        await settle(app, pilot)
        assert len(loads) == 2


async def test_another_coders_work_shows_when_going_back(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FamiliariseScreen) and screen.overview is not None
        assert "dave" not in screen.overview.coders
        await pilot.press("3")
        await settle(app, pilot)
        dave = as_coder(demo_wb, "dave")
        name = demo_wb.transcripts.list()[0].name
        dave.coding.apply(CodingRequest(name, demo_wb.codes.list()[0].id, Target(turn=2)))
        await pilot.press("1")
        await settle(app, pilot)
        assert app.screen is screen and "dave" in screen.overview.coders
        row = screen.overview.row(name)
        assert row is not None and row.by_coder["dave"] == 1
