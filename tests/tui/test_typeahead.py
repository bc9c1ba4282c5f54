"""Keys typed ahead of a dialog (a burst, as tmux send-keys and ssh deliver them) land in the
dialog the keys before them opened, never on the screen underneath nor nowhere."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from support import reading, running
from themework.services.coding import Extract
from themework.services.workbench import Workbench
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.code_edit import CodeEditScreen
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.screens.code import CodeScreen

SMALL = (80, 24)
Ready = Callable[[Any, Any], Awaitable[None]]


def _mine(wb: Workbench) -> list[tuple[int, int, str]]:
    return sorted((e.start, e.end, e.code) for e in wb.coding.extracts(coder="carol"))


def _spaced(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def test_letters_sent_with_c_filter_the_picker_it_opens(
    demo_wb: Workbench, burst: Callable[..., None], ready: Ready,
) -> None:
    turn = demo_wb.transcripts.text("P02").turns[3]
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        reader.select_offsets(turn.start, turn.start + 12)
        burst(app, "c", *"cho")
        await ready(app, pilot)
        assert isinstance(app.screen, ChooseScreen)
        assert app.screen.query_one(Input).value == "cho"


async def test_a_burst_codes_then_filters_the_picker_that_comes_back(
    demo_wb: Workbench, burst: Callable[..., None], ready: Ready,
) -> None:
    turns = demo_wb.transcripts.text("P02").turns
    turn, later = turns[3], turns[5]
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        reader.select_offsets(turn.start, turn.start + 12)
        # The letters after Enter come before the code is saved and the picker is back.
        burst(app, "c", *_spaced("choice and control"), "enter", *"pro")
        await ready(app, pilot)
        assert _mine(demo_wb) == [(turn.start, turn.start + 12, "choice-and-control")]
        assert isinstance(app.screen, ChooseScreen)
        assert app.screen.query_one(Input).value == "pro"
        burst(app, "escape")
        await ready(app, pilot)
        # A digit at once after c takes the first listed code (recent first); Esc is done.
        reader.select_offsets(later.start, later.start + 9)
        burst(app, "c", "1", "escape")
        await ready(app, pilot)
        assert isinstance(app.screen, CodeScreen)
        assert _mine(demo_wb) == [(turn.start, turn.start + 12, "choice-and-control"),
                                  (later.start, later.start + 9, "choice-and-control")]


def _alices_alone(wb: Workbench) -> Extract:
    extracts = wb.coding.extracts(transcript="P01")
    return next(e for e in extracts if e.coder == "alice"
                and sum(o.start <= e.start < o.end for o in extracts) == 1)


async def test_the_answers_sent_with_x_and_c_answer_their_questions(
    demo_wb: Workbench, burst: Callable[..., None], ready: Ready,
) -> None:
    theirs = _alices_alone(demo_wb)
    async with reading(demo_wb, "P01", size=SMALL) as (app, pilot, reader):
        reader.move_cursor(reader.location_of(theirs.start))
        # n answers no: it must not reach the Code screen, where it names an in-vivo code;
        # then the second x asks again, and y answers that.
        burst(app, "x", "n", "x", "y")
        await ready(app, pilot)
        assert isinstance(app.screen, CodeScreen)
        assert theirs.id not in {e.id for e in demo_wb.coding.extracts(transcript="P01")}
        # Choosing a code already applied asks whether to remove it instead; y removes it,
        # the picker comes back once that is saved, and the Esc sent with them closes it.
        reader.select_offsets(theirs.start, theirs.start + 4)
        burst(app, "c", "1", "escape")
        await ready(app, pilot)
        assert len(_mine(demo_wb)) == 1
        burst(app, "c", "1", "y", "escape")
        await ready(app, pilot)
        assert _mine(demo_wb) == []
        assert isinstance(app.screen, CodeScreen)


async def test_text_sent_with_m_goes_into_the_memo(
    demo_wb: Workbench, burst: Callable[..., None], ready: Ready,
) -> None:
    theirs = _alices_alone(demo_wb)
    async with reading(demo_wb, "P01", size=SMALL) as (app, pilot, reader):
        reader.move_cursor(reader.location_of(theirs.start))
        burst(app, "m", *_spaced("ask her 2 more"))
        await ready(app, pilot)
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(TextArea).text == "ask her 2 more"


async def test_text_sent_with_e_goes_into_the_code_form_read_meanwhile(
    demo_wb: Workbench, burst: Callable[..., None], ready: Ready,
) -> None:
    """E reads the code in a worker before its form opens: the keys sent with it wait
    (they reached the Code screen, where n started an in-vivo code)."""
    get = demo_wb.codes.get

    def slow(code_id: str) -> Any:
        time.sleep(0.3)
        return get(code_id)

    demo_wb.codes.get = slow  # type: ignore[method-assign]
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, _):
        burst(app, "E", *_spaced("choice and control"), "enter", "ctrl+a", *_spaced("new "))
        await ready(app, pilot)
        assert isinstance(app.screen, CodeEditScreen)
        assert app.screen.query_one("#definition", TextArea).text.startswith("new ")


async def test_a_theme_made_by_a_burst_takes_the_codes_sent_after_it(
    demo_wb: Workbench, burst: Callable[..., None], ready: Ready,
) -> None:
    """After n made a theme, a (add codes) came before the screen had reloaded: a did
    nothing, and the n in "honesty" made a theme named "esty"."""
    before = {t.name for t in demo_wb.themes.list()}
    unthemed = demo_wb.themes.unthemed_codes

    def slow() -> Any:  # the reload after a change, as slow as in a terminal at 1,000
        time.sleep(0.3)
        return unthemed()

    demo_wb.themes.unthemed_codes = slow  # type: ignore[method-assign]
    async with running(demo_wb, "themes", size=SMALL) as (app, pilot):
        burst(app, "n", *_spaced("Honesty and limits"), "enter",
              "a", *_spaced("honesty about"), "enter", "escape")
        await ready(app, pilot)
    made = {t.name: t for t in demo_wb.themes.list() if t.name not in before}
    assert list(made) == ["Honesty and limits"]
    assert list(made["Honesty and limits"].codes) == ["honesty-about-information-sharing"]


@pytest.mark.parametrize("slow", ["", "apply", "extracts"])
async def test_r_and_a_digit_sent_together_code_each_turn(
    demo_wb: Workbench, burst: Callable[..., None], ready: Ready, slow: str,
) -> None:
    """r 1 typed fast, again and again with code-and-advance on, codes every turn, also
    while the coding before is still being saved (a slow apply) or shown (a slow reload)."""
    turns = [t for t in demo_wb.transcripts.text("P02").turns if t.participant]
    if slow:
        real = getattr(demo_wb.coding, slow)

        def slowly(*args: Any, **kw: Any) -> Any:
            time.sleep(0.1)
            return real(*args, **kw)

        setattr(demo_wb.coding, slow, slowly)
    async with reading(demo_wb, "P02", size=SMALL) as (app, pilot, reader):
        reader.move_cursor(reader.location_of(turns[0].start))
        burst(app, "c", "enter", "escape")  # the code becomes recent code 1
        await ready(app, pilot)
        reader.move_cursor(reader.location_of(turns[1].start))
        burst(app, "A", "r", "1", "r", "1", "r", "1")
        await ready(app, pilot)
        assert isinstance(app.screen, CodeScreen)
        code = _mine(demo_wb)[0][2]
        assert _mine(demo_wb) == [(t.start, t.end, code) for t in turns[:4]]
        shown = app.screen.view.extracts
        assert sum(e.coder == "carol" for e in shown) == 4  # and every one on screen
