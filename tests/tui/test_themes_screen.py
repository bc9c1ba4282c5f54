"""The Themes screen (phase 3), driven by keys: themes and their codes as stored."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Label, OptionList

from support import pause_for_workers as _ready
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.screens import themes_data
from themework.tui.screens.themes import ThemesScreen
from themework.tui.widgets.themes_tree import ThemeTree


def _record_notes(app, monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every notification as (severity, message)."""
    seen: list[tuple[str, str]] = []
    real = app.notify

    def notify(message, *, severity="information", **kw):  # type: ignore[no-untyped-def]
        seen.append((severity, str(message)))
        return real(message, severity=severity, **kw)

    monkeypatch.setattr(app, "notify", notify)
    return seen


def _theme(wb: Workbench, name: str):  # type: ignore[no-untyped-def]
    return next(t for t in wb.themes.list() if t.name == name)


async def test_create_a_theme_and_add_a_code_by_keys(demo_wb: Workbench, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_wb, start_mode="themes")
    notes = _record_notes(app, monkeypatch)
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ThemesScreen)
        await pilot.press("n")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"Trust as a process", "enter")
        await _ready(app, pilot)
        theme = _theme(demo_wb, "Trust as a process")
        assert theme.codes == ()
        assert screen.query_one(ThemeTree).current == theme.id  # the new theme is highlighted
        await pilot.press("a")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"repairing trust", "enter")
        await _ready(app, pilot)
        assert isinstance(app.screen, ChooseScreen)  # several codes in a row
        await pilot.press("escape")
        await _ready(app, pilot)
        assert _theme(demo_wb, "Trust as a process").codes == ("repairing-trust",)
        codes = screen.query_one("#th-codes", OptionList)
        assert [codes.get_option_at_index(i).id for i in range(codes.option_count)] == [
            "repairing-trust"
        ]
        # the code is also in another theme: a warning said so, and the list says so
        assert any(sev == "warning" and "also in Ethically grounded approach" in msg
                   for sev, msg in notes)
        assert "also in: Ethically grounded approach" in str(codes.get_option_at_index(0).prompt)


async def test_remove_codes_and_the_unthemed_list_follows(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ThemesScreen)
        unthemed = screen.query_one("#th-unthemed", OptionList)
        assert demo_wb.themes.unthemed_codes() == []
        assert unthemed.get_option_at_index(0).disabled  # "none: every code is placed"
        tree = screen.query_one(ThemeTree)
        assert tree.current == "relationship-based-practice"
        # from the codes list: d removes the highlighted code at once
        codes = screen.query_one("#th-codes", OptionList)
        codes.focus()
        codes.highlighted = 1
        await pilot.press("d")
        await _ready(app, pilot)
        theme = _theme(demo_wb, "Relationship-based practice")
        assert "following-through" not in theme.codes
        assert demo_wb.themes.unthemed_codes() == ["following-through"]
        assert [unthemed.get_option_at_index(i).id for i in range(unthemed.option_count)] == [
            "following-through"
        ]
        # from the tree: d asks which code
        tree.focus()
        await pilot.press("d")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"warmth", "enter")
        await _ready(app, pilot)
        assert set(demo_wb.themes.unthemed_codes()) == {"following-through",
                                                        "warmth-and-informal-contact"}
        assert unthemed.option_count == 2
        # Enter on an unthemed code puts it back into the highlighted theme
        unthemed.focus()
        unthemed.highlighted = 0
        await pilot.press("enter")
        await _ready(app, pilot)
        assert "following-through" in _theme(demo_wb, "Relationship-based practice").codes
        assert demo_wb.themes.unthemed_codes() == ["warmth-and-informal-contact"]


async def test_subtheme_rename_reorder_and_move(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ThemesScreen)
        await pilot.press("s")
        await pilot.press(*"Being there", "enter")
        await _ready(app, pilot)
        sub = _theme(demo_wb, "Being there")
        assert sub.parent == "relationship-based-practice"
        assert screen.query_one(ThemeTree).current == sub.id
        await pilot.press("r")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"Turning up", "enter")  # clear, then type
        await _ready(app, pilot)
        assert demo_wb.themes.get(sub.id).name == "Turning up"
        # reorder the top-level themes: the second goes up
        screen.query_one(ThemeTree).focus()
        screen.current = "ethically-grounded-approach"
        await _ready(app, pilot)
        screen.reload()
        await _ready(app, pilot)
        assert screen.query_one(ThemeTree).current == "ethically-grounded-approach"
        await pilot.press("K")
        await _ready(app, pilot)
        top = [t.id for t in demo_wb.themes.list() if t.parent is None]
        assert top[:2] == ["ethically-grounded-approach", "relationship-based-practice"]
        await pilot.press("ctrl+down")
        await _ready(app, pilot)
        top = [t.id for t in demo_wb.themes.list() if t.parent is None]
        assert top[:2] == ["relationship-based-practice", "ethically-grounded-approach"]
        # move under another theme, then back to the top level
        await pilot.press("m")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"child-centred", "enter")
        await _ready(app, pilot)
        assert demo_wb.themes.get("ethically-grounded-approach").parent == "child-centred-practice"


async def test_cooccurrence_table_and_unit_toggle(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ThemesScreen)
        table = screen.query_one("#th-cooc", DataTable)
        overlap = demo_wb.analysis.cooccurrence("overlap").pairs
        assert table.row_count == len(overlap) > 0
        first = table.get_row_at(0)
        assert str(first[2]) == str(overlap[0].n)
        assert str(first[3]) == f"{overlap[0].jaccard:.2f}"
        await pilot.press("u")
        await _ready(app, pilot)
        assert screen.unit == "turn"
        assert table.row_count == len(demo_wb.analysis.cooccurrence("turn").pairs) > 0
        await pilot.press("c")  # hide it on a wide screen
        await pilot.pause()
        assert not screen.query_one("#th-cooc-panel").display


async def test_works_at_80x24(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ThemesScreen)
        assert screen.has_class("-narrow")
        tree = screen.query_one(ThemeTree)
        codes = screen.query_one("#th-codes", OptionList)
        assert tree.display and tree.size.width >= 30 and tree.size.height >= 5
        assert codes.display and codes.size.width >= 30
        assert not screen.query_one("#th-cooc-panel").display
        await pilot.press("c")  # the co-occurrence table takes the codes' place
        await _ready(app, pilot)
        assert screen.query_one("#th-cooc-panel").display
        assert not screen.query_one("#th-middle").display
        assert screen.query_one("#th-cooc", DataTable).row_count > 0
        await pilot.press("c")
        await pilot.pause()
        assert screen.query_one("#th-middle").display
        tree.focus()
        await pilot.press("n", *"Narrow theme", "enter")
        await _ready(app, pilot)
        assert app.is_running
        assert any(t.name == "Narrow theme" for t in demo_wb.themes.list())


async def test_errors_are_notifications(demo_wb: Workbench, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_wb, start_mode="themes")
    notes = _record_notes(app, monkeypatch)
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        await pilot.press("n", *"Child-centred practice", "enter")  # the name is taken
        await _ready(app, pilot)
        assert app.is_running
        assert len([t for t in demo_wb.themes.list() if t.name == "Child-centred practice"]) == 1
        assert any(sev == "error" and "already exists" in msg for sev, msg in notes)


async def test_cooccurrence_lists_the_most_alike_pairs_and_says_how_many_there_are(
    demo_wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    from themework.tui.screens import themes

    monkeypatch.setattr(themes, "COOC_ROWS", 10)
    monkeypatch.setattr(themes_data, "COOC_ROWS", 10)
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        table = app.screen.query_one("#th-cooc", DataTable)
        overlap = demo_wb.analysis.cooccurrence("overlap").pairs
        assert len(overlap) > 10 and table.row_count == 10
        assert [str(table.get_row_at(i)[3]) for i in range(10)] == [
            f"{p.jaccard:.2f}" for p in overlap[:10]]
        title = str(app.screen.query_one("#th-cooc-title", Label).render())
        assert f"{len(overlap)} pairs, the 10 most alike listed" in title
