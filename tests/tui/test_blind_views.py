"""Blind coding (``project blind on``, ``--blind``) beyond the Code screen: on the Review and
Themes screens too, a coder sees only their own codings and counts, not the other coders'."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Label, OptionList, Static

from themework.services.coding import CodingRequest, Extract, Target
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.screens.review import ReviewScreen
from themework.tui.screens.themes import ThemesScreen
from themework.tui.widgets.status import StatusLine

RBP = "relationship-based-practice"  # the demo's first theme
CODE = "consistency-of-worker"  # one of its codes, coded 25 times by alice and bob


def _code_once(wb: Workbench) -> Extract:
    """One coding by the session's coder (carol, who has coded nothing in the demo)."""
    return wb.coding.apply(CodingRequest("P01", CODE, Target(turn=3)))


async def test_review_shows_a_blind_coder_only_their_own_extracts_and_counts(
    demo_wb: Workbench, ready: Any,
) -> None:
    mine = _code_once(demo_wb)
    app = create_app(demo_wb, start_mode="review", blind=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.current == RBP
        ol = screen.query_one("#rv-extracts", OptionList)
        ids = [ol.get_option_at_index(i).id for i in range(ol.option_count)]
        assert [i for i in ids if i and i.startswith("x")] == [f"x{mine.id}"]
        title = str(screen.query_one("#rv-title", Static).render())
        assert "1 extract in 1 transcript" in title
        table = screen.query_one("#rv-prevalence", DataTable)
        assert str(table.get_row_at(0)[1]) == "1"  # the whole data set: carol's one stretch


async def test_review_shows_every_coders_extracts_when_not_blind(
    demo_wb: Workbench, ready: Any,
) -> None:
    _code_once(demo_wb)
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.view is not None
        assert {e.coder for e in screen.view.extracts} == {"alice", "bob", "carol"}


async def test_themes_count_a_blind_coders_own_codings_only(
    demo_wb: Workbench, ready: Any,
) -> None:
    _code_once(demo_wb)
    app = create_app(demo_wb, start_mode="themes", blind=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ThemesScreen) and screen.current == RBP
        codes = screen.query_one("#th-codes", OptionList)
        first = str(codes.get_option_at_index(0).prompt)
        assert first.startswith("Consistency of worker  (1 coding)"), first
        # One coding co-occurs with nothing: other coders' pairs are not counted.
        title = str(screen.query_one("#th-cooc-title", Label).render())
        assert "0 pairs" in title, title


async def test_a_blind_coder_who_has_coded_nothing_sees_empty_counts(
    demo_wb: Workbench, ready: Any, notes: Any,
) -> None:
    app = create_app(demo_wb, start_mode="themes", blind=True)
    async with app.run_test(size=(160, 48)) as pilot:
        seen = notes(app)
        await ready(app, pilot)
        title = str(app.screen.query_one("#th-cooc-title", Label).render())
        assert "0 pairs" in title, title
        await pilot.press("4")
        await ready(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.view is not None
        assert screen.view.extracts == ()
        assert not [text for severity, text in seen if severity == "error"]


async def test_the_status_line_counts_a_blind_coders_own_codings(
    demo_wb: Workbench, ready: Any,
) -> None:
    """The demo holds 513 codings by alice and bob: blind, carol's status line says 1."""
    _code_once(demo_wb)
    app = create_app(demo_wb, start_mode="review", blind=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        assert "· 1 coding ·" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("2")  # the Code screen too, and B switches blind off
        await ready(app, pilot)
        assert "· 1 coding ·" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("B")
        await ready(app, pilot)
        assert "· 514 codings ·" in str(app.screen.query_one(StatusLine).render())
