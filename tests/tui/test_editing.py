"""Text fields open read-only: phase digits and command letters never land in the text.

Enter or ``e`` starts editing, Esc stops (the focus stays on the field), and the field shows
which state it is in.
"""

from __future__ import annotations

from typing import Any

from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.unsaved import DecideScreen
from themework.tui.screens.define import DefineScreen
from themework.tui.widgets.define_editor import NarrativeEditor
from themework.tui.widgets.editable import EditableInput

FIRST = "relationship-based-practice"


async def test_phase_keys_pass_a_field_that_is_not_being_edited(
    demo_wb: Workbench, ready: Any
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        editor = screen.query_one(NarrativeEditor)
        assert screen.focused is editor  # narrow: the editor has the focus, read-only
        before = editor.text
        for key, mode in [("3", "themes"), ("4", "review"), ("5", "define"), ("6", "report"),
                          ("1", "familiarise"), ("2", "code"), ("5", "define")]:
            await pilot.press(key)
            await ready(app, pilot)
            assert app.current_mode == mode
        assert app.screen is screen and screen.focused is editor
        assert editor.text == before and not screen.dirty
        assert demo_wb.themes.get(FIRST).narrative == before


async def test_enter_or_e_edits_and_esc_stops_with_the_focus_kept(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        editor = screen.query_one(NarrativeEditor)
        editor.focus()
        await pilot.pause()
        before = editor.text
        await pilot.press("o")  # a command letter: the theme picker, not an "o" in the text
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert editor.text == before and not editor.editing and editor.read_only

        await pilot.press("enter")
        assert editor.editing and "editing" in str(editor.border_title)
        assert "EDITING" in str(screen.query_one("#df-narrative-head").render())
        await pilot.press("home")
        await typing(pilot, "o3 ")
        assert editor.text == "o3 " + before
        await pilot.press("escape")  # stops editing; the focus stays
        await pilot.pause()
        assert screen.focused is editor and not editor.editing and editor.read_only
        assert not editor.border_title
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).narrative == "o3 " + before

        # The one-line fields: the same, although Input has no read-only mode of its own.
        name = screen.query_one("#df-name", EditableInput)
        name.focus()
        await pilot.pause()
        await pilot.press("backspace", "z")  # neither edits the name
        assert name.value == demo_wb.themes.get(FIRST).name
        await pilot.press("e", "end")
        await typing(pilot, " 2")
        assert name.value.endswith(" 2") and name.editing
        await pilot.press("escape")
        assert not name.editing and screen.focused is name
        await pilot.press("4")  # the digit leaves the screen, which asks about the name
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)
        await pilot.press("d")
        await ready(app, pilot)
        assert app.current_mode == "review"
        assert demo_wb.themes.get(FIRST).name == "Relationship-based practice"
