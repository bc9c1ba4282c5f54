"""The Review screen lists each code's first extracts and says how many more there are;
Enter on that line lists more, with the cursor on the first of them."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from support import pause_for_workers as _ready
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.screens import review, review_data
from themework.tui.screens.review import ReviewScreen


async def test_more_extracts_of_a_code_on_enter(demo_wb: Workbench,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (review, review_data):
        monkeypatch.setattr(module, "PER_CODE", 2)
    monkeypatch.setattr(review, "MORE_STEP", 3)
    monkeypatch.setattr(review_data, "MORE_STEP", 3)
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.view is not None
        ol = screen.query_one("#rv-extracts", OptionList)
        ids = [ol.get_option_at_index(i).id or "" for i in range(ol.option_count)]
        first = screen.view.extracts[0].code
        mine = [e for e in screen.view.extracts if e.code == first]
        assert len(mine) > 5
        listed = [i for i in ids if i.startswith("x") and int(i[1:]) in {e.id for e in mine}]
        assert listed == [f"x{e.id}" for e in mine[:2]]
        more = ids.index(f"more:{first}")
        line = str(ol.get_option_at_index(more).prompt)
        assert f"{len(mine) - 2} more extracts of this code" in line
        assert "the next 3" in line
        ol.focus()
        ol.highlighted = more
        await pilot.press("enter")
        await _ready(app, pilot)
        assert screen.highlighted_extract() == mine[2]
        ids = [ol.get_option_at_index(i).id or "" for i in range(ol.option_count)]
        assert [i for i in ids if i in {f"x{e.id}" for e in mine}] == [
            f"x{e.id}" for e in mine[:5]]
        assert f"{len(mine) - 5} more extract" in str(
            ol.get_option_at_index(ids.index(f"more:{first}")).prompt)


def _visible_text(ol: OptionList) -> str:
    """The list's lines as the researcher sees them (only the scrolled-to part)."""
    return "\n".join(ol.render_line(y).text for y in range(ol.scrollable_content_region.height))


async def test_enter_on_more_scrolls_to_the_first_new_extract(demo_wb: Workbench) -> None:
    """At 80x24, Enter on the more-line moved the cursor to the first newly listed extract
    but the list stayed where it was, showing extracts above it, until the next arrow key."""
    code = demo_wb.themes.get("relationship-based-practice").codes[0]
    demo_wb.coding.apply_many(
        [CodingRequest("P01", code, Target(turn=t)) for t in range(1, 37)]
        + [CodingRequest("FG01-site-b", code, Target(turn=t)) for t in range(1, 40)])
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.view is not None
        ol = screen.query_one("#rv-extracts", OptionList)
        ids = [ol.get_option_at_index(i).id or "" for i in range(ol.option_count)]
        first = screen.view.extracts[0].code
        assert sum(e.code == first for e in screen.view.extracts) > review.PER_CODE
        ol.focus()
        ol.highlighted = ids.index(f"more:{first}")
        await pilot.pause()
        await pilot.press("enter")
        await _ready(app, pilot)
        shown = screen.highlighted_extract()
        assert shown is not None and shown.code == first
        assert f"#{shown.id}" in _visible_text(ol)
