"""A picker's arrows: Down from the filter moves the highlight off the first option.

The first option is highlighted while the filter has the focus (Enter chooses it); Down only
moved the focus to the list, so the highlight stayed and Enter opened the first transcript
when the researcher had pressed Down to reach the second.
"""

from __future__ import annotations

from typing import Any

from support import pause_for_workers as _ready
from support import reading
from themework.services.workbench import Workbench


async def test_down_then_enter_in_the_transcript_picker_opens_the_second(
    demo_wb: Workbench,
) -> None:
    names = [t.name for t in demo_wb.transcripts.list()]
    async with reading(demo_wb, names[0], size=(80, 24)) as (app, pilot, _):
        await pilot.press("o")
        await _ready(app, pilot)
        await pilot.press("down", "enter")
        await _ready(app, pilot)
        screen: Any = app.screen
        assert screen.transcript == names[1]
        await pilot.press("o")
        await _ready(app, pilot)
        await pilot.press("down", "down", "up", "enter")  # and Up goes back a step
        await _ready(app, pilot)
        assert app.screen.transcript == names[1]
