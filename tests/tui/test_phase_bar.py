"""The chrome of every screen: the phase bar marks the screen you are on and names the
recorded phase apart; the footer always offers ``? Keys``."""

from __future__ import annotations

import re
from typing import Any

import pytest

from screen_text import screen_lines
from support import workers_done
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.widgets.phase_bar import PhaseBar

SHORT_NAMES = ["1 Familiarise", "2 Code", "3 Themes", "4 Review", "5 Define", "6 Report"]


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


def _marked(bar: PhaseBar) -> list[str]:
    """The phase names drawn in reverse video on the bar (the mark that needs no colour)."""
    strip = bar.render_line(0)
    return [seg.text.strip(" []") for seg in strip if seg.style and seg.style.reverse
            and seg.text.strip()]


def _bracketed(top: str) -> list[str]:
    """The phases the bar's plain text marks (what a monochrome terminal or a plain
    ``tmux capture-pane -p`` shows)."""
    return re.findall(r"\[(\d [^]]+)\]", top)


# One visit of the six screens per size checks the bar and the footer together: each visit
# builds every screen (the Report lays out the whole demo report), and a separate run for the
# footer cost as much as the bar's.
@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_bar_marks_the_screen_and_the_recorded_phase_apart_and_the_footer_offers_keys(
    demo_wb: Workbench, size: tuple[int, int]
) -> None:
    assert demo_wb.projects.info().phase == 5  # the demo is recorded in phase 5
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        for n in range(1, 7):
            await pilot.press("escape", str(n))
            await _settle(pilot)
            top = screen_lines(app)[0]
            for name in SHORT_NAMES:
                assert name.split()[0] + " " in top
            assert "recorded: 5" in top, top
            assert len(top.rstrip()) <= size[0]
            marked = _marked(app.screen.query_one(PhaseBar))
            assert len(marked) == 1 and marked[0].startswith(f"{n} "), (n, marked)
            assert _bracketed(top) == marked, top
            # the status line no longer passes the recorded phase off as the screen
            assert "phase 5" not in "\n".join(screen_lines(app)[1:])
            await pilot.press("escape")  # leave any editor the screen opens in
            await _settle(pilot)
            footer = screen_lines(app)[-1]
            assert "? Keys" in footer, (n, footer)


async def test_setting_the_phase_updates_the_bar(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("P")
        await pilot.press(*"2 Generate", "enter")
        await _settle(pilot)
        top = screen_lines(app)[0]
        assert "recorded: 2" in top
        assert _marked(app.screen.query_one(PhaseBar))[0].startswith("1 ")
        assert _bracketed(top) == ["1 Familiarise"], top


async def test_clicking_a_phase_opens_its_screen(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        top = screen_lines(app)[0]
        await pilot.click(PhaseBar, offset=(top.index("3 Themes") + 2, 0))
        await _settle(pilot)
        assert app.current_mode == "themes"
        assert _bracketed(screen_lines(app)[0]) == ["3 Themes"]


async def test_the_phase_picker_marks_the_recorded_phase(demo_wb: Workbench) -> None:
    # Walkthrough at 80x24: P listed the six phases with nothing saying which was recorded.
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("P")
        await _settle(pilot)
        shown = "\n".join(screen_lines(app))
        assert "● 5  Define and name" in shown, shown
        assert "● recorded now" in shown
