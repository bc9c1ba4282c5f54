"""The Define screen (phase 5), driven by keys: definitions, narratives, exemplars, status."""

from __future__ import annotations

import threading
from typing import Any

from textual.widgets import Input, TextArea

from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.dialogs.unsaved import DecideScreen
from themework.tui.screens.define import DefineScreen
from themework.tui.widgets.define_editor import NarrativeEditor
from themework.tui.widgets.define_exemplars import ExemplarList
from themework.tui.widgets.define_preview import NarrativePreview, narrative_markdown

FIRST = "relationship-based-practice"  # the demo's first theme: narrative and 2 exemplars
BARE = "child-centred-practice"  # no narrative yet


def _top(app: Any) -> Any:
    return app.screen


def _focused(screen: Any) -> Any:
    return screen.focused


async def _open(app: Any, pilot: Any, ready: Any, theme: str) -> DefineScreen:
    screen = app.screen
    assert isinstance(screen, DefineScreen)
    screen.open(theme)
    await ready(app, pilot)
    assert screen.base is not None and screen.base.id == theme
    return screen


async def test_edit_definition_and_narrative_with_an_extract_reference(
    demo_wb: Workbench, ready: Any, typing: Any,
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        await pilot.press("o")  # choose the theme from a picker
        assert isinstance(app.screen, ChooseScreen)
        await typing(pilot, "Child-centred")
        await pilot.press("enter")
        await ready(app, pilot)
        assert screen.base is not None and screen.base.id == BARE
        before = demo_wb.themes.get(BARE)

        definition = screen.query_one("#df-definition", TextArea)
        definition.focus()
        await pilot.press("e")  # start editing
        await pilot.press("f7")  # select all: typing replaces it
        await typing(pilot, "Young people lead.")
        editor = screen.query_one(NarrativeEditor)
        editor.focus()
        await pilot.press("e")  # start editing
        await typing(pilot, "Choice matters. ")
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ChooseScreen)
        first = screen.extracts.options()[0][1]
        await pilot.press("enter")
        await pilot.pause()
        assert _top(app) is screen and screen.focused is editor
        await typing(pilot, " Then more.")
        assert "unsaved" in str(screen.query_one("#df-title").render())
        await pilot.press("ctrl+s")
        await ready(app, pilot)

        after = demo_wb.themes.get(BARE)
        assert after.definition == "Young people lead."
        assert after.narrative == f"Choice matters. {{{{extract:{first}}}}} Then more."
        assert after.version == before.version + 1
        assert after.scope == before.scope and after.name == before.name
        assert not screen.dirty
        screen.refresh_preview()
        await pilot.pause()
        shown = screen.query_one(NarrativePreview).shown
        extract = demo_wb.coding.extracts(ids=[int(first)])[0]
        assert " ".join(extract.text.split()[:3]) in shown and "{{extract" not in shown


async def test_rename_through_the_name_field(demo_wb: Workbench, ready: Any, typing: Any) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = await _open(app, pilot, ready, FIRST)
        name = screen.query_one("#df-name", Input)
        name.focus()
        await pilot.press("e")  # start editing
        await pilot.press("end")
        await typing(pilot, " first")
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).name == "Relationship-based practice first"


async def test_a_stale_version_is_a_conflict_and_stores_nothing(
    demo_wb: Workbench, ready: Any, notes: Any, typing: Any,
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        notes = notes(app)
        await ready(app, pilot)
        screen = await _open(app, pilot, ready, FIRST)
        loaded = demo_wb.themes.get(FIRST)
        scope = screen.query_one("#df-scope", TextArea)
        scope.focus()
        await pilot.press("e")  # start editing
        await pilot.press("f7")
        await typing(pilot, "Mine.")
        editor = screen.query_one(NarrativeEditor)
        editor.focus()
        await pilot.press("e")  # start editing
        await typing(pilot, "Also mine. ")
        # Someone else defines the theme in between.
        demo_wb.themes.define(FIRST, definition="Theirs.", version=loaded.version)
        await pilot.press("ctrl+s")
        await ready(app, pilot)

        stored = demo_wb.themes.get(FIRST)
        assert stored.definition == "Theirs."
        assert stored.scope == loaded.scope and stored.narrative == loaded.narrative
        assert stored.version == loaded.version + 1
        errors = [m for sev, m in notes if sev == "error"]
        assert any("conflict" in m.lower() and "nothing was saved" in m for m in errors)
        assert scope.text == "Mine." and editor.text.startswith("Also mine. ")  # kept
        # ctrl+r drops the edits and loads what is stored.
        screen.query_one(ExemplarList).focus()
        await pilot.press("ctrl+r")
        await ready(app, pilot)
        assert screen.query_one("#df-definition", TextArea).text == "Theirs."
        assert not screen.dirty


async def test_exemplars_add_reorder_remove_and_trim(
    demo_wb: Workbench, ready: Any, notes: Any,
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        notes = notes(app)
        await ready(app, pilot)
        screen = await _open(app, pilot, ready, FIRST)
        order = [x.coding_id for x in demo_wb.themes.get(FIRST).exemplars]
        assert len(order) == 2
        lst = screen.query_one(ExemplarList)
        lst.focus()

        await pilot.press("asterisk")
        assert isinstance(app.screen, ChooseScreen)
        new = int(screen.extracts.options({*order})[0][1])
        await pilot.press("enter")
        await ready(app, pilot)
        assert [x.coding_id for x in demo_wb.themes.get(FIRST).exemplars] == [*order, new]
        assert lst.coding_id == new

        await pilot.press("K")  # up
        await ready(app, pilot)
        assert [x.coding_id for x in demo_wb.themes.get(FIRST).exemplars] == [
            order[0], new, order[1]]
        assert lst.coding_id == new
        await pilot.press("K")
        await ready(app, pilot)
        assert [x.coding_id for x in demo_wb.themes.get(FIRST).exemplars] == [new, *order]
        await pilot.press("J")  # down again
        await ready(app, pilot)
        assert [x.coding_id for x in demo_wb.themes.get(FIRST).exemplars] == [
            order[0], new, order[1]]

        await pilot.press("minus")
        await ready(app, pilot)
        assert [x.coding_id for x in demo_wb.themes.get(FIRST).exemplars] == order

        # Trim the first: whole words cut, each cut marked [...].
        lst.highlighted = 0
        full = demo_wb.themes.get(FIRST).exemplars[0].text
        words = full.split()
        trimmed = " ".join(words[:4]) + " [...] " + " ".join(words[-3:])
        await pilot.press("T")
        assert isinstance(app.screen, PromptScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == full.strip()
        area.load_text(trimmed)
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).exemplars[0].trimmed == trimmed

        # A "trim" that adds words is refused by the service: its message, nothing stored.
        await pilot.press("T")
        app.screen.query_one(TextArea).load_text(words[0] + " [...] invented words")
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).exemplars[0].trimmed == trimmed
        assert any(sev == "error" and "only cut words" in m for sev, m in notes)

        # Empty restores the full quote.
        await pilot.press("T")
        app.screen.query_one(TextArea).load_text("")
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).exemplars[0].trimmed is None


async def test_status_and_undo_inside_and_outside_the_editor(
    demo_wb: Workbench, ready: Any, typing: Any,
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = await _open(app, pilot, ready, FIRST)
        assert demo_wb.themes.get(FIRST).status == "defined"
        screen.query_one(ExemplarList).focus()
        await pilot.press("t")
        assert isinstance(app.screen, ChooseScreen)
        await typing(pilot, "final")
        await pilot.press("enter")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).status == "final"

        # In the editor ctrl+z undoes typing, not the status change.
        editor = screen.query_one(NarrativeEditor)
        editor.focus()
        await pilot.press("e")  # start editing
        text = editor.text
        await typing(pilot, "xyz")
        assert editor.text != text
        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert editor.text == text
        assert demo_wb.themes.get(FIRST).status == "final"

        # Anywhere else ctrl+z is the app's undo.
        screen.query_one(ExemplarList).focus()
        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).status == "defined"

        # The status change moved the version on; saving text afterwards is no conflict.
        await pilot.press("t")
        await typing(pilot, "final")
        await pilot.press("enter")
        await ready(app, pilot)
        editor.focus()
        await pilot.press("e")  # start editing
        await typing(pilot, "Now. ")
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).narrative.startswith("Now. ")


async def test_switching_theme_with_unsaved_edits_asks_first(
    demo_wb: Workbench, ready: Any, typing: Any,
) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = await _open(app, pilot, ready, FIRST)
        screen.query_one("#df-concept", Input).focus()
        await pilot.press("e")  # start editing
        await typing(pilot, "!")
        screen.open(BARE)
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)  # Save / Discard / Cancel
        await pilot.press("c")
        await ready(app, pilot)
        assert screen.base is not None and screen.base.id == FIRST and screen.dirty
        screen.open(BARE)
        await pilot.pause()
        await pilot.press("d")
        await ready(app, pilot)
        assert screen.base is not None and screen.base.id == BARE and not screen.dirty
        assert demo_wb.themes.get(FIRST).central_concept == "The relationship is the intervention."


async def test_works_at_80x24(demo_wb: Workbench, ready: Any, typing: Any) -> None:
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        assert screen.has_class("-narrow")
        assert not screen.query_one("#df-side").display
        assert not screen.query_one("#df-right").display
        editor = screen.query_one(NarrativeEditor)
        assert screen.focused is editor
        assert editor.size.width >= 60 and editor.size.height >= 5

        await pilot.press("escape")  # leave the editor: the exemplars come up
        await pilot.pause()
        lst = screen.query_one(ExemplarList)
        assert _focused(screen) is lst and lst.display and not screen.query_one("#df-main").display
        before = len(demo_wb.themes.get(FIRST).exemplars)
        await pilot.press("asterisk")
        await pilot.press("enter")
        await ready(app, pilot)
        assert len(demo_wb.themes.get(FIRST).exemplars) == before + 1

        await pilot.press("v")  # back to the editor
        await pilot.pause()
        assert screen.focused is editor and screen.query_one("#df-main").display
        await pilot.press("e")  # start editing
        await typing(pilot, "Narrow. ")
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        assert demo_wb.themes.get(FIRST).narrative.startswith("Narrow. ")


def test_preview_markdown_resolves_and_escapes_references(demo_wb: Workbench) -> None:
    e = demo_wb.coding.extracts(transcript="P01")[0]
    md = narrative_markdown(f"Before.\n\n{{{{extract:{e.id}}}}}\n\nAfter {{{{extract:999999}}}}",
                            {e.id: e})
    assert md.startswith("Before.")
    assert "> " in md and f"turn {e.turn}" in md
    assert "extract 999999 does not exist" in md
    assert "{{extract" not in md


def test_bindings_have_ids_and_tooltips() -> None:
    from textual.binding import Binding

    for binding in [*DefineScreen.BINDINGS, *NarrativeEditor.BINDINGS]:
        assert isinstance(binding, Binding)
        assert binding.id and binding.id.startswith("define.") and binding.tooltip


async def test_saving_runs_in_a_worker_says_so_and_a_quit_sent_with_it_keeps_it(
    demo_wb: Workbench, ready: Any, typing: Any, burst: Any,
) -> None:
    """ctrl+s stored the fields on the app thread (the screen froze while it wrote); now it
    saves in a worker, the title says "saving…", and ctrl+q sent right after it waits for
    the save instead of asking about text that is being saved."""
    stored = demo_wb.themes.get(FIRST).narrative
    gate, threads = threading.Event(), []
    define = demo_wb.themes.define

    def slow(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        gate.wait(2)
        return define(*args, **kwargs)

    demo_wb.themes.define = slow  # type: ignore[method-assign]
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.screen.query_one(NarrativeEditor).focus()
        await pilot.press("e", "home")
        await typing(pilot, "Kept. ")
        burst(app, "ctrl+s", "ctrl+q")
        for _ in range(20):
            await pilot.pause(0.02)
            if threads:
                break
        assert threads and threads[0] is not threading.main_thread()
        assert "saving…" in str(app.screen.query_one("#df-title").render())
        gate.set()
        await ready(app, pilot)
        assert not isinstance(app.screen, DecideScreen)
        assert app.return_code == 0
    assert demo_wb.themes.get(FIRST).narrative == "Kept. " + stored


async def test_tab_from_a_field_being_edited_edits_the_next(
    demo_wb: Workbench, ready: Any, burst: Any,
) -> None:
    """Tab from the name being edited went to a read-only Concept, where "Trust is earned"
    ran commands (t opened the status picker) instead of being typed."""
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = await _open(app, pilot, ready, BARE)
        screen.query_one("#df-name", Input).focus()
        burst(app, "e", "tab", "end", "ctrl+u", *"Trust", "tab", *"It takes time")
        await ready(app, pilot)
        assert isinstance(app.screen, DefineScreen)
        assert screen.query_one("#df-concept", Input).value == "Trust"
        assert screen.query_one("#df-definition", TextArea).text.startswith("It takes time")
        burst(app, "ctrl+s")
        await ready(app, pilot)
    stored = demo_wb.themes.get(BARE)
    assert stored.central_concept == "Trust" and stored.definition.startswith("It takes time")


async def test_d_edits_the_definition_as_the_hint_says(
    demo_wb: Workbench, ready: Any, burst: Any,
) -> None:
    """Walkthrough at 80x24: "d definition" edited the name, so " More words." went in front
    of the theme's name ("More words.Relationship-based practice")."""
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        name = screen.query_one("#df-name", Input).value
        burst(app, "d", *"Kept ")
        await ready(app, pilot)
        definition = screen.query_one("#df-definition", TextArea)
        assert screen.focused is definition and definition.text.startswith("Kept ")
        assert screen.query_one("#df-name", Input).value == name
