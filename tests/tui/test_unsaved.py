"""No lost text: leaving a screen or the app with unsaved edits asks Save / Discard / Cancel,
and what was typed survives a crash as a draft, offered back the next time."""

from __future__ import annotations

from typing import Any

from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.dialogs.unsaved import DecideScreen
from themework.tui.screens.define import DefineScreen
from themework.tui.unsaved import DRAFT_DELAY
from themework.tui.widgets.define_editor import NarrativeEditor

FIRST = "relationship-based-practice"  # the theme the Define screen opens on


async def _type_in_narrative(app: Any, pilot: Any, ready: Any, typing: Any,
                             words: str) -> NarrativeEditor:
    await ready(app, pilot)
    screen = app.screen
    assert isinstance(screen, DefineScreen)
    editor = screen.query_one(NarrativeEditor)
    editor.focus()
    await pilot.press("e", "home")
    await typing(pilot, words)
    assert screen.dirty
    return editor


async def test_quitting_with_unsaved_text_asks_and_cancel_keeps_it(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    stored = demo_wb.themes.get(FIRST).narrative
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _type_in_narrative(app, pilot, ready, typing, "Half a thought. ")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)  # not gone with exit 0
        assert "narrative" in app.screen.question and "quitting" in app.screen.question
        await pilot.press("c")  # Cancel: where we were, text intact
        await pilot.pause()
        assert app.return_code is None and isinstance(app.screen, DefineScreen)
        assert app.screen.focused is editor and editor.text == "Half a thought. " + stored

        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # Save: the screen's own save, then quit
        await ready(app, pilot)
        assert app.return_code == 0
    assert demo_wb.themes.get(FIRST).narrative == "Half a thought. " + stored
    assert demo_wb.drafts.get("define", f"theme:{FIRST}") is None


async def test_a_phase_key_asks_and_discard_drops_the_text(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    stored = demo_wb.themes.get(FIRST).narrative
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        editor = await _type_in_narrative(app, pilot, ready, typing, "Gone. ")
        await pilot.press("escape")  # stop editing, so that the digit is a phase key
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen) and app.current_mode == "define"
        await pilot.press("d")
        await ready(app, pilot)
        assert app.current_mode == "themes"
        await pilot.press("5")
        await ready(app, pilot)
        assert isinstance(app.screen, DefineScreen) and not app.screen.dirty
        assert editor.text == stored
    assert demo_wb.themes.get(FIRST).narrative == stored


async def test_a_draft_survives_a_crash_and_is_offered_back(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    stored = demo_wb.themes.get(FIRST).narrative
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await _type_in_narrative(app, pilot, ready, typing, "Typed before the crash. ")
        await pilot.pause(DRAFT_DELAY + 0.3)  # a pause in typing: the draft is written
        await ready(app, pilot)
        app.exit()  # as a crash would: no question asked, nothing saved
    assert demo_wb.themes.get(FIRST).narrative == stored
    draft = demo_wb.drafts.get("define", f"theme:{FIRST}")
    assert draft is not None and draft.content["narrative"].startswith("Typed before")

    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        offer = app.screen
        assert isinstance(offer, DecideScreen) and "was not saved" in offer.question
        await pilot.press("r")  # Restore
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, DefineScreen)
        assert screen.query_one(NarrativeEditor).text == "Typed before the crash. " + stored
        assert screen.dirty  # restored, still unsaved
        await pilot.press("ctrl+s")
        await ready(app, pilot)
    assert demo_wb.themes.get(FIRST).narrative == "Typed before the crash. " + stored
    assert demo_wb.drafts.get("define", f"theme:{FIRST}") is None


async def test_a_note_being_written_is_asked_about_on_quit(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        name = app.screen.transcript
        before = len(demo_wb.memos.list(kind="note", on=f"transcript:{name}"))
        await pilot.press("n")
        assert isinstance(app.screen, PromptScreen)
        await typing(pilot, "worth a second read")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)
        await pilot.press("s")
        await ready(app, pilot)
        assert app.return_code == 0
    notes = demo_wb.memos.list(kind="note", on=f"transcript:{name}")
    assert len(notes) == before + 1 and notes[-1].text == "worth a second read"


async def test_a_note_draft_survives_a_crash(demo_wb: Workbench, ready: Any, typing: Any) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("n")
        await typing(pilot, "half a note")
        await pilot.pause(DRAFT_DELAY + 0.3)
        await ready(app, pilot)
        app.exit()  # a crash: nothing asked, nothing saved

    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("n")
        await ready(app, pilot)
        assert isinstance(app.screen, DecideScreen) and "was not saved" in app.screen.question
        await pilot.press("r")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen) and prompt.typed_text() == "half a note"
        await pilot.press("ctrl+s")
        await ready(app, pilot)
        name = app.screen.transcript
    notes = demo_wb.memos.list(kind="note", on=f"transcript:{name}")
    assert notes[-1].text == "half a note"
    assert demo_wb.drafts.get("note", f"transcript:{name}") is None


async def test_a_memo_on_a_coding_is_asked_about_on_quit(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    from themework.tui.dialogs.choose import ChooseScreen
    from themework.tui.screens.code import CodeScreen

    extract = demo_wb.coding.extracts(transcript="P01")[0]
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, CodeScreen)
        screen.open("P01", extract.start, extract.end)
        await ready(app, pilot)
        await pilot.press("m")
        if isinstance(app.screen, ChooseScreen):  # several codings here: pick one
            await pilot.press("enter")
        assert isinstance(app.screen, PromptScreen)
        await typing(pilot, "why this matters")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)
        await pilot.press("s")
        await ready(app, pilot)
        assert app.return_code == 0
    assert any(m.text == "why this matters" for m in demo_wb.memos.list(kind="memo"))


async def test_the_question_lists_the_unsaved_fields_in_plain_english(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    # Walkthrough: "Unsaved: the central concept, definition, scope, narrative of ...".
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_in_narrative(app, pilot, ready, typing, "More. ")
        scope = app.screen.query_one("#df-scope")
        scope.focus()
        await pilot.press("e", "home")
        await typing(pilot, "Wider. ")
        await pilot.press("escape", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, DecideScreen)
        assert "the scope and narrative of Relationship-based practice" in app.screen.question
        await pilot.press("c")


async def test_reopening_goes_to_the_theme_whose_draft_a_crash_left(
    demo_wb: Workbench, ready: Any
) -> None:
    # Walkthrough: narrative typed for the fifth theme, kill -9, reopen: the Define screen
    # opened on the first theme and said nothing of the draft, offered only if the researcher
    # happened to open that theme again.
    other = demo_wb.themes.list()[2]
    assert other.id != FIRST
    demo_wb.drafts.keep("define", f"theme:{other.id}",
                        {"narrative": "Typed before the crash.", "version": str(other.version)})
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        offer = app.screen
        assert isinstance(offer, DecideScreen) and other.name in offer.question
        await pilot.press("r")
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, DefineScreen) and screen.base is not None
        assert screen.base.id == other.id
        assert screen.query_one(NarrativeEditor).text == "Typed before the crash."


async def test_a_crash_draft_is_told_whichever_screen_opens(
    demo_wb: Workbench, ready: Any
) -> None:
    # Walkthrough: the project's phase opened the Code screen after a crash, and nothing said
    # a narrative was left unsaved until the researcher happened to press 5.
    themes = demo_wb.themes.list()
    other, third = themes[2], themes[3]
    demo_wb.drafts.keep("define", f"theme:{other.id}",
                        {"narrative": "Typed before the crash.", "version": str(other.version)})
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        told = [str(n.message) for n in app._notifications]
        assert any(f"unsaved narrative of '{other.name}'" in m and "5 opens it" in m
                   for m in told), told

    demo_wb.drafts.keep("define", f"theme:{third.id}", {"scope": "Only carers."})
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        told = [str(n.message) for n in app._notifications]
        assert any(f"2 unsaved theme drafts are kept, the newest of '{third.name}'" in m
                   for m in told), told

    app = create_app(demo_wb, start_mode="define")  # that screen offers the draft itself
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert not any("opens it" in str(n.message) for n in app._notifications)
