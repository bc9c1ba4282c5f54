"""The Report screen (phase 6): preview, options, export, snapshots and their differences."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input, MarkdownViewer, Static

from support import record_notes as _notes
from support import settle as _ready
from themework.domain.errors import InputError
from themework.export.markdown import render
from themework.services.files import write_private
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.prompt import ConfirmScreen, PromptScreen
from themework.tui.screens.report import ReportScreen

THEME = "relationship-based-practice"




def _plain(widget: Static) -> str:
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


async def _answer(app: Any, pilot: Any, text: str) -> None:
    assert isinstance(app.screen, PromptScreen)
    app.screen.query_one(Input).value = text
    await pilot.press("enter")


async def test_preview_shows_every_theme(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="report")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        viewer = screen.query_one(MarkdownViewer)
        assert not viewer.loading
        names = [t.name for t in demo_wb.themes.list()]
        assert names
        headings = [label for _, label, _ in viewer.document.table_of_contents]
        for name in names:
            assert any(name in h for h in headings)
        assert viewer.document.source == render(demo_wb.report.build())


async def test_options_and_export_write_an_owner_only_file(demo_wb: Workbench,
                                                           tmp_path: Path) -> None:
    app = create_app(demo_wb, start_mode="report")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        screen.action_toggle_prevalence()  # (called here: nothing runs in between)
        assert screen.query_one(MarkdownViewer).loading  # an indicator while it builds
        await _ready(app, pilot)
        assert not screen.query_one(MarkdownViewer).loading
        assert screen.options.prevalence is False
        await pilot.press("plus")  # 4 quotes per theme
        await _ready(app, pilot)
        await pilot.press("b")  # prevalence by site
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"site", "enter")
        await _ready(app, pilot)
        assert (screen.options.quotes, screen.options.by) == (4, "site")
        expected = render(demo_wb.report.build(quotes=4, by="site", prevalence=True))
        assert screen.query_one(MarkdownViewer).document.source == expected

        target = tmp_path / "out" / "report.md"
        target.parent.mkdir()
        await pilot.press("e")
        await _answer(app, pilot, str(target))
        await _ready(app, pilot)
        assert target.read_text(encoding="utf-8") == expected
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert sorted(p.name for p in target.parent.iterdir()) == ["report.md"]  # no temp left

        await pilot.press("p")  # prevalence off, then export over the file (asks first)
        await _ready(app, pilot)
        await pilot.press("e")
        await _answer(app, pilot, str(target))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await _ready(app, pilot)
        assert target.read_text(encoding="utf-8") == render(
            demo_wb.report.build(quotes=4, by="site", prevalence=False))
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_export_to_a_missing_folder_is_a_notification(demo_wb: Workbench,
                                                            tmp_path: Path) -> None:
    app = create_app(demo_wb, start_mode="report")
    async with app.run_test(size=(160, 48)) as pilot:
        seen = _notes(app)
        await _ready(app, pilot)
        await pilot.press("e")
        await _answer(app, pilot, str(tmp_path / "nowhere" / "r.md"))
        await _ready(app, pilot)
        assert app.is_running and isinstance(app.screen, ReportScreen)
        assert any(sev == "error" and "no folder" in m for sev, m in seen)
        assert not (tmp_path / "nowhere").exists()


async def test_snapshot_then_diff_lists_a_later_rename(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="report")
    async with app.run_test(size=(160, 48)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        await pilot.press("s")
        await _answer(app, pilot, "before-rename")
        await _ready(app, pilot)
        assert "before-rename" in [s.name for s in demo_wb.snapshots.list()]
        assert "before-rename" in [s.name for s in screen.snapshots]

        old = demo_wb.themes.get(THEME).name
        demo_wb.themes.rename(THEME, "Relationship first")

        await pilot.press("d")
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"before-rename", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press(*"now", "enter")
        await _ready(app, pilot)
        assert screen.compared == ("before-rename", "now")
        panel = _plain(screen.query_one("#rp-diff", Static))
        assert "Themes renamed" in panel
        assert f"{old} -> Relationship first" in panel


async def test_works_at_80x24(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="report")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.has_class("-narrow")
        viewer = screen.query_one(MarkdownViewer)
        assert not screen.query_one("#rp-side").display
        assert viewer.size.width >= 70
        await pilot.press("t")  # the snapshots panel takes the preview's place
        await pilot.pause()
        assert screen.query_one("#rp-side").display and not viewer.display
        await pilot.press("enter")  # the first snapshot against now
        await _ready(app, pilot)
        assert screen.compared is not None and screen.compared[1] == "now"
        assert "Theme status" in _plain(screen.query_one("#rp-diff", Static)) or (
            screen.diff is not None and screen.diff.empty)
        await pilot.press("t")
        await pilot.pause()
        assert viewer.display and not screen.query_one("#rp-side").display


def test_write_private_replaces_atomically_with_mode_0600(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_private(target, "new ✓\n")
    assert target.read_text(encoding="utf-8") == "new ✓\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_write_private_leaves_nothing_on_failure(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(InputError, match=r"could not write .*r\.md: No space left on device"):
        write_private(tmp_path / "r.md", "text")
    assert list(tmp_path.iterdir()) == []


def test_bindings_have_ids_and_tooltips() -> None:
    from textual.binding import Binding

    for binding in ReportScreen.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.id and binding.id.startswith("report.") and binding.tooltip
