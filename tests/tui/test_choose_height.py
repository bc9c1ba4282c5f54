"""A picker is as tall as what it shows: the list stops at its height limit and the hint line
sits right under it, with no blank rows between the hint and the dialog's bottom border.

The list's limit was in ``vh``, which Textual leaves out when it sizes an auto-height
container, so at 160x48 a list of long (wrapping) options made the dialog 8 rows too tall.
"""

from __future__ import annotations

import pytest
from textual.app import App
from textual.containers import Vertical
from textual.widgets import OptionList

from themework.tui.dialogs.choose import ChooseScreen

LONG = ("Feeling safe enough with the worker to say what is really happening at home, at "
        "school and online, and who else the family trusts to hear it ")
OPTIONS = [(f"C{i} {LONG * 2}", f"c{i}") for i in range(40)]


class _Host(App[None]):
    def __init__(self, details: bool) -> None:
        super().__init__()
        self.details = details

    def on_mount(self) -> None:
        details = {v: LONG for _, v in OPTIONS} if self.details else None
        self.push_screen(ChooseScreen("Which code?", OPTIONS, numbered=True, details=details))


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
@pytest.mark.parametrize("details", [False, True])
async def test_the_picker_is_no_taller_than_its_list_and_hint(
    size: tuple[int, int], details: bool,
) -> None:
    app = _Host(details)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChooseScreen)
        box = screen.query_one(Vertical).region
        options = screen.query_one(OptionList).region
        hint = screen.query_one("#hint").region
        # The list is capped (it scrolls) and still takes most of the screen.
        assert size[1] // 3 <= options.height < size[1]
        if details:
            assert screen.query_one("#detail").region.y == options.bottom
        else:
            assert hint.y == options.bottom
        # The hint's row is the last inside the box: the bottom border follows it.
        assert hint.bottom == box.bottom - 1
