"""Styles when screens are shown: each screen's own CSS applies from its first showing, and
a change of theme restyles the screen shown and the screens shown after it (the app skips
Textual's re-parse of all CSS only when nothing it depends on changed)."""

from __future__ import annotations

import pytest

from support import settle
from themework.services.workbench import Workbench
from themework.tui.app import create_app


async def test_screen_css_applies_and_a_theme_change_restyles(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("6")
        await settle(app, pilot)
        assert app.screen.query_one("#rp-side").outer_size.width == 52  # report.tcss
        dark = app.screen.styles.background
        app.theme = "textual-light"
        await settle(app, pilot)
        light = app.screen.styles.background
        assert light != dark
        await pilot.press("3")  # a screen first shown after the change
        await settle(app, pilot)
        assert app.screen.styles.background == light
        await pilot.press("6")
        await settle(app, pilot)
        assert app.screen.styles.background == light
        app.theme = "textual-dark"
        await settle(app, pilot)
        assert app.screen.styles.background == dark


async def test_showing_screens_parses_the_css_again_only_after_a_theme_change(
    demo_wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pins ``ThemeworkApp.refresh_css``: Textual re-parses all CSS for each screen shown the
    first time, which was most of the time to show one. A Textual that stops calling
    ``refresh_css`` (or renames it) re-parses again, and this test fails."""
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        parses: list[int] = []
        reparse = app.stylesheet.reparse
        monkeypatch.setattr(app.stylesheet, "reparse", lambda: (parses.append(1), reparse()))
        for key in "63":  # two screens shown the first time
            await pilot.press(key)
            await settle(app, pilot)
        assert parses == []
        app.theme = "textual-light"
        await settle(app, pilot)
        assert parses  # a theme change still restyles (see the test above)
