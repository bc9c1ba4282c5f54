"""Styles when screens are shown: each screen's own CSS applies from its first showing, and
a change of theme restyles the screen shown and the screens shown after it (the app skips
Textual's re-parse of all CSS only when nothing it depends on changed)."""

from __future__ import annotations

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
