"""The Review screen (phase 4), driven by keys: extracts read, themes changed as stored."""

from __future__ import annotations

from textual.widgets import DataTable, OptionList

from support import pause_for_workers as _ready
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.prompt import ConfirmScreen, PromptScreen
from themework.tui.screens.code import CodeScreen
from themework.tui.screens.review import ReviewScreen
from themework.tui.widgets.review_split import SplitScreen
from themework.tui.widgets.themes_tree import ThemeTree

RBP = "relationship-based-practice"


def _extract_ids(screen: ReviewScreen) -> list[int]:
    ol = screen.query_one("#rv-extracts", OptionList)
    ids = [ol.get_option_at_index(i).id for i in range(ol.option_count)]
    return [int(i[1:]) for i in ids if i and i.startswith("x")]


async def _open(screen: ReviewScreen, app, pilot, theme_id: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("o")
    assert isinstance(app.screen, ChooseScreen)
    name = next(t.name for t in screen.wb.themes.list() if t.id == theme_id)
    await pilot.press(*name, "enter")
    await _ready(app, pilot)
    assert screen.current == theme_id


async def test_a_theme_lists_every_extract_of_its_codes_and_sub_themes(demo_wb: Workbench) -> None:
    demo_wb.themes.create("Keeping limits", parent=RBP, codes=["professional-boundaries"])
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.query_one(ThemeTree).current == RBP
        codes = [*demo_wb.themes.get(RBP).codes, "professional-boundaries"]
        expected = demo_wb.coding.extracts(codes)
        shown = _extract_ids(screen)
        assert sorted(shown) == sorted(e.id for e in expected)
        assert len(shown) == len(expected) > 0
        # grouped by code (the theme's own first, the sub-theme's last), then transcript
        by_id = {e.id: e for e in expected}
        order = [by_id[i].code for i in shown]
        assert order[-1] == "professional-boundaries"
        runs = [c for k, c in enumerate(order) if k == 0 or order[k - 1] != c]
        assert len(runs) == len(set(runs))  # each code's extracts are together
        first_code = [by_id[i] for i in shown if by_id[i].code == order[0]]
        assert [e.transcript for e in first_code] == sorted(e.transcript for e in first_code)
        # another theme, by keys
        await _open(screen, app, pilot, "child-centred-practice")
        expected = demo_wb.coding.extracts(demo_wb.themes.get("child-centred-practice").codes)
        assert len(_extract_ids(screen)) == len(expected)


async def test_prevalence_hidden_in_reflexive_projects_until_asked(demo_wb: Workbench) -> None:
    demo_wb.projects.update(approach="reflexive")
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        panel = screen.query_one("#rv-prev-panel")
        table = screen.query_one("#rv-prevalence", DataTable)
        assert not panel.display
        await pilot.press("b")  # grouping is not offered while prevalence is hidden
        assert not isinstance(app.screen, ChooseScreen)
        await pilot.press("p")
        await _ready(app, pilot)
        assert panel.display
        assert table.row_count == 1  # the whole data set
        await pilot.press("b")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"site", "enter")
        await _ready(app, pilot)
        rows = [r for r in demo_wb.analysis.prevalence("theme", by="site").rows if r.item == RBP]
        assert table.row_count == len(rows)
        labels = [str(table.get_row_at(i)[0]) for i in range(len(rows))]
        assert labels == [r.group or "whole data set" for r in rows]
        assert {"Site A", "Site B", "Site C"} <= set(labels)
        assert [str(table.get_row_at(i)[1]) for i in range(len(rows))] == [
            str(r.extracts) for r in rows
        ]
        await pilot.press("p")
        await pilot.pause()
        assert not panel.display


async def test_prevalence_shown_by_default_in_a_codebook_project(demo_wb: Workbench) -> None:
    assert demo_wb.projects.info().approach != "reflexive"
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        assert app.screen.query_one("#rv-prev-panel").display
        assert app.screen.query_one("#rv-prevalence", DataTable).row_count == 1


async def test_rename_status_and_discard_by_keys(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("r")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"Relationships that last", "enter")
        await _ready(app, pilot)
        assert demo_wb.themes.get(RBP).name == "Relationships that last"
        assert "Relationships that last" in str(screen.query_one("#rv-title").render())
        await pilot.press("t")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"final", "enter")
        await _ready(app, pilot)
        assert demo_wb.themes.get(RBP).status == "final"
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # changed my mind
        await _ready(app, pilot)
        assert demo_wb.themes.get(RBP).status == "final"
        await pilot.press("D", "y")
        await _ready(app, pilot)
        assert demo_wb.themes.get(RBP).status == "discarded"
        assert RBP not in [t.id for t in demo_wb.themes.list()]
        assert screen.current == "ethically-grounded-approach"  # on to the next theme


async def test_merge_and_split_by_keys(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first_code = demo_wb.themes.get(RBP).codes[0]
        await pilot.press("S")
        assert isinstance(app.screen, SplitScreen)
        await pilot.press("space", "tab", *"Reliability", "enter")
        await _ready(app, pilot)
        new = next(t for t in demo_wb.themes.list() if t.name == "Reliability")
        assert new.codes == (first_code,)
        assert first_code not in demo_wb.themes.get(RBP).codes
        await _open(screen, app, pilot, new.id)
        await pilot.press("M")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"Relationship-based", "enter")
        await _ready(app, pilot)
        # Issue 11, defect 7: a merge asks first, naming what moves and that ctrl+z undoes.
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert "Merge the theme Reliability into Relationship-based practice?" in question
        # Walkthrough: a count of none reads "no exemplars", never "0 exemplars".
        assert "Its 1 code and no exemplars move" in question and "ctrl+z undoes" in question
        await pilot.press("n")
        await _ready(app, pilot)
        assert demo_wb.themes.get(new.id).status != "discarded"
        await pilot.press("M")
        await _ready(app, pilot)
        await pilot.press(*"Relationship-based", "enter")
        await _ready(app, pilot)
        await pilot.press("y")
        await _ready(app, pilot)
        assert demo_wb.themes.get(new.id).status == "discarded"
        assert first_code in demo_wb.themes.get(RBP).codes
        assert screen.current == RBP


async def test_star_an_extract_as_exemplar_and_unstar_it(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        before = {x.coding_id for x in demo_wb.themes.get(RBP).exemplars}
        ol = screen.query_one("#rv-extracts", OptionList)
        ol.focus()
        target = next(i for i in _extract_ids(screen) if i not in before)
        ol.highlighted = next(k for k in range(ol.option_count)
                              if ol.get_option_at_index(k).id == f"x{target}")
        await pilot.press("asterisk")
        await _ready(app, pilot)
        assert {x.coding_id for x in demo_wb.themes.get(RBP).exemplars} == before | {target}
        assert "★" in str(ol.get_option_at_index(ol.highlighted).prompt.renderables[0])  # type: ignore[union-attr]
        await pilot.press("asterisk")
        await _ready(app, pilot)
        assert {x.coding_id for x in demo_wb.themes.get(RBP).exemplars} == before


async def test_jump_opens_the_extract_in_the_code_screen(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        ol = screen.query_one("#rv-extracts", OptionList)
        ol.focus()
        ol.action_cursor_down()
        await pilot.pause()
        extract = screen.highlighted_extract()
        assert extract is not None
        await pilot.press("g")
        await _ready(app, pilot)
        code = app.screen
        assert isinstance(code, CodeScreen)
        assert code.transcript == extract.transcript
        await pilot.press("4")  # back to review: the same theme and extract
        await _ready(app, pilot)
        assert screen.highlighted_extract() == extract
        back = app.screen
        assert back is screen
        await pilot.press("enter")  # Enter jumps too
        await _ready(app, pilot)
        assert isinstance(app.screen, CodeScreen)


async def test_works_at_80x24(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.has_class("-narrow")
        assert not screen.query_one("#rv-side").display
        ol = screen.query_one("#rv-extracts", OptionList)
        assert ol.has_focus
        assert ol.size.width >= 70 and ol.size.height >= 8
        assert screen.query_one("#rv-title").size.height <= 2  # the title wraps, never cut
        await _open(screen, app, pilot, "skilled-and-knowledgeable-practice")
        expected = demo_wb.coding.extracts(
            demo_wb.themes.get("skilled-and-knowledgeable-practice").codes)
        assert len(_extract_ids(screen)) == len(expected)
        await pilot.press("p")
        await pilot.pause()
        assert ol.size.height >= 8
        assert app.is_running
