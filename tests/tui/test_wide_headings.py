"""Panel headings are whole at 160x48 too, not only at 80x24 (where they span the screen).

Walkthrough at 160x48: the Define screen's "Analytic narrative · Enter or e edits · ctrl+e
embeds an" (cut: "extract") in its middle column, and the Themes screen's co-occurrence
heading "Co-occurrence (overlap) · 41 pairs · ● in Adults who" (the theme's name cut, to
nothing for a long one).
"""

from __future__ import annotations

from typing import Any

from screen_text import flat, region_text
from themework.services.workbench import Workbench
from themework.tui.app import create_app

WIDE = (160, 48)


def _whole(app: Any, selector: str) -> str:
    """The heading as shown, asserted equal to its whole text."""
    head = app.screen.query_one(selector)
    shown = flat(region_text(app, head.region))
    assert shown == flat([str(head.render())]), shown
    return shown


async def test_define_narrative_heading_is_whole_at_160x48(
    demo_wb: Workbench, ready: Any
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=WIDE) as pilot:
        await ready(app, pilot)
        assert _whole(app, "#df-narrative-head").endswith("ctrl+e embeds an extract")
        await pilot.press("n")  # editing: the heading says so, whole too
        await ready(app, pilot)
        assert "EDITING" in _whole(app, "#df-narrative-head")


async def test_cooccurrence_heading_is_whole_at_160x48(demo_wb: Workbench, ready: Any) -> None:
    # The first theme, "Relationship-based practice", is highlighted.
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=WIDE) as pilot:
        await ready(app, pilot)
        assert _whole(app, "#th-cooc-title").endswith("● in this theme")
