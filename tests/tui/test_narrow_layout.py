"""At 80x24 everything a researcher needs is on screen: keys, pickers, dialogs, the words.

Each test drives the app at the smallest supported size and asserts on the rendered screen
(``screen_text``), never on how a widget is built.
"""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.widgets import MarkdownViewer

from screen_text import flat, region_text, screen_lines
from support import workers_done
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.tui.app import create_app
from themework.tui.dialogs.choose import ChooseScreen
from themework.tui.dialogs.keys import KeysScreen
from themework.tui.dialogs.prompt import ConfirmScreen
from themework.tui.screens.code_view import tags_for
from themework.tui.widgets.transcript_view import TranscriptView
from themework.tui.widgets.words_panel import WordsPanel

SMALL = (80, 24)


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    for _ in range(5):
        await workers_done(pilot.app)
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers if w.group != "poll"):
            break


def _within_screen(app: Any, widget: Any) -> bool:
    """The widget is shown: it has a size and its top-left corner is on the screen."""
    region = widget.region
    return (region.width > 0 and region.height > 0
            and app.screen.region.contains(region.x, region.y))


async def test_words_key_shows_the_words_at_80x24(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        await pilot.press("w")
        await _settle(pilot)
        panel = app.screen.query_one(WordsPanel)
        assert _within_screen(app, panel) and panel.region.width >= 40
        assert "most frequent words" in flat(region_text(app, panel.region))


async def _code_screen(app: Any, pilot: Any, transcript: str = "P01") -> Any:
    await _settle(pilot)
    app.screen.open(transcript)
    await _settle(pilot)
    return app.screen


async def test_code_picker_shows_its_hint_at_80x24(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=SMALL) as pilot:
        screen = await _code_screen(app, pilot)
        reader = screen.query_one(TranscriptView)
        turn = demo_wb.transcripts.text("P01").turns[3]
        reader.move_cursor(reader.location_of(turn.start))
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        hint = flat(screen_lines(app))
        assert "Enter chooses" in hint and "Esc cancels" in hint
        await pilot.press("escape")
        await pilot.press("R")  # the rename picker
        await pilot.pause()
        assert isinstance(app.screen, ChooseScreen)
        text = flat(screen_lines(app))
        assert "Rename which code?" in text
        assert "Enter chooses" in text and "Esc cancels" in text


async def test_keys_list_fits_80_columns(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=SMALL) as pilot:
        await _code_screen(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        text = flat(screen_lines(app))
        # The first entries show key, whole description and id, with no sideways scrolling.
        assert "code.apply" in text
        assert "code.invivo" in text
        for word in ["Apply", "codes", "to", "the", "selection", "or", "turn"]:
            assert word in text
        assert "…" not in text


async def test_keys_list_shows_the_characters_option_digits_send_not_key_names(
    demo_wb: Workbench,
) -> None:
    # Walkthrough at 80x24: the alt+1..9 rows showed Textual's key names, cut in three
    # ("inverted_exc", "lamation_mar", "k") in the key column.
    import io

    from rich.console import Console

    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=SMALL) as pilot:
        await _code_screen(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        console = Console(width=76, record=True, file=io.StringIO())
        console.print(app.screen._table())
        rows = [line for line in console.export_text().splitlines() if "code.recent" in line]
        assert len(rows) == 10  # r, then alt+1 to alt+9, one line each
        assert any(line.split()[:2] == ["alt+1", "¡"] for line in rows)
        text = console.export_text()
        for name in ["exclamation", "pilcrow", "section_sign", "pound_sign", "cent_sign"]:
            assert name not in text


async def test_keys_list_only_the_keys_usable_on_the_screen_now(demo_wb: Workbench) -> None:
    # Walkthrough at 80x24: `?` on the Code screen listed the hidden codebook tree's keys
    # ("Cursor to parent", "Expand or collapse all") and Textual's scrolling keys.
    import io

    from rich.console import Console

    def listed(app: Any) -> str:
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen._table())  # every row, as the ? screen shows them
        return console.export_text()

    tree_keys = ["Cursor to parent", "Expand or collapse all"]
    for size, panel_shown in [(SMALL, False), ((160, 48), True)]:
        app = create_app(demo_wb, start_mode="code")
        async with app.run_test(size=size) as pilot:
            await _code_screen(app, pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, KeysScreen)
            text = listed(app)
            assert "code.apply" in text and "reader.goto" in text and "app.keys" in text
            assert all((key in text) is panel_shown for key in tree_keys), (size, text)
            for common in ["Scroll Up", "Cursor Up", "Page Down", "Delete character"]:
                assert common not in text
            # Walkthrough: the reader's ctrl+z (handed to the app's undo) was listed beside
            # the app's own, so undo showed twice.
            assert "app.undo" in text and "reader.undo" not in text


async def test_side_panels_end_cut_names_with_an_ellipsis_and_keep_counts(
    demo_wb: Workbench,
) -> None:
    # Walkthrough: the codebook tree read "Consistency of worker (2" at 160 columns and the
    # Themes list "… candidat" at 80, cut at the edge with the count lost.
    from textual.widgets import Tree

    def tree_rows(app: Any, selector: str) -> list[str]:
        return [row.rstrip() for row in region_text(app, app.screen.query_one(selector).region)
                if row.strip()]

    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        rows = tree_rows(app, "#th-tree")
        themes = [app.screen.query_one("#th-tree", Tree).get_node_at_line(i) for i in
                  range(len(rows))]
        assert any("…" in row for row in rows), rows
        for row, node in zip(rows, themes, strict=True):
            theme = demo_wb.themes.get(node.data)
            assert row.endswith(f"{theme.status} · {len(theme.codes)}"), row
            assert theme.name in row or row.split("…")[0][2:] in theme.name, row
        heading = flat(region_text(app, app.screen.query_one("#th-info").region))
        assert heading.startswith(demo_wb.themes.get(themes[0].data).name)  # the name whole

    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=(160, 48)) as pilot:
        await _code_screen(app, pilot)
        rows = tree_rows(app, "#codebook")
        codes = {c.id: c for c in demo_wb.codes.list()}
        consistency = next(r for r in rows if "Consistency of" in r)
        assert "…" in consistency and consistency.endswith(
            f"({codes['consistency-of-worker'].codings})"), consistency


async def test_the_footer_leaves_out_whole_keys_that_do_not_fit(demo_wb: Workbench) -> None:
    # Walkthrough at 80x24: the Code screen's footer ended "A Ad▏", a key cut mid-word.
    for mode in ["code", "themes"]:
        app = create_app(demo_wb, start_mode=mode)
        async with app.run_test(size=SMALL) as pilot:
            await _settle(pilot)
            footer = screen_lines(app)[-1].split("▏")[0].rstrip()
            shown = [b for _, b, _, _ in app.screen.active_bindings.values()
                     if b.show and b.id != "app.keys"]
            entries = [f"{app.get_key_display(b)} {b.description}" for b in shown]
            assert footer.lstrip().startswith("? Keys"), footer
            assert any(footer.endswith(entry) for entry in entries), footer
            words = footer.split()
            assert all(any(w in entry.split() for entry in entries) or w in "?Keys"
                       for w in words), footer


async def test_headings_of_themes_and_define_are_whole_at_80x24(
    demo_wb: Workbench, ready: Any
) -> None:
    # Walkthrough at 80x24: "Not in any theme (60) · Enter" (cut: "adds to the theme") and
    # "Analytic narrative · Enter or e edits · ctrl+e embeds an extract · ctrl+s" (cut: "saves").
    demo_wb.codes.add("Waiting lists")  # a code in no theme
    app = create_app(demo_wb, start_mode="themes")
    async with app.run_test(size=SMALL) as pilot:
        await ready(app, pilot)
        title = app.screen.query_one("#th-unthemed-title")
        shown = flat(region_text(app, title.region))
        assert shown.endswith("Enter adds to the theme"), shown
        await pilot.press("5")
        await ready(app, pilot)
        head = app.screen.query_one("#df-narrative-head")
        shown = flat(region_text(app, head.region))
        assert shown == flat([str(head.render())]), shown
        assert shown.endswith("ctrl+e embeds an extract"), shown


async def test_define_title_with_unsaved_fields_keeps_the_theme_name_at_80x24(
    demo_wb: Workbench, ready: Any, typing: Any
) -> None:
    # Walkthrough at 80x24: "unsaved: central concept, definition, scope, narrative ○ Working
    # across" (cut: the theme's name, status and version).
    app = create_app(demo_wb, start_mode="define")
    async with app.run_test(size=SMALL) as pilot:
        await ready(app, pilot)
        screen = app.screen
        for field in ("#df-concept", "#df-definition", "#df-scope", "#df-narrative"):
            screen.query_one(field).focus()
            await pilot.press("e", "home")
            await typing(pilot, "More ")
            await pilot.press("escape")
        await ready(app, pilot)
        title = screen.query_one("#df-title")
        shown = flat(region_text(app, title.region))
        assert "unsaved: central concept, definition, scope and narrative" in shown
        assert "Relationship-based practice defined · version" in shown, shown


async def test_report_contents_leave_the_report_readable(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="report")
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        viewer = app.screen.query_one(MarkdownViewer)
        await pilot.press("c")
        await _settle(pilot)
        toc = viewer.table_of_contents
        # The contents take the report's place rather than squeezing it.
        assert _within_screen(app, toc) and toc.region.width >= 60
        assert not viewer.document.region.width or viewer.document.region.width >= 60
        await pilot.press("down", "enter")  # Enter on a heading: back to the report, there
        await _settle(pilot)
        assert viewer.document.region.width >= 60
        await pilot.press("c")
        await _settle(pilot)
        await pilot.press("c")  # c again: the contents close
        await _settle(pilot)
        assert viewer.document.region.width >= 60


async def test_dialog_text_wraps_at_80x24(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="review")
    async with app.run_test(size=SMALL) as pilot:
        await _settle(pilot)
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        dialog = app.screen.query_one(Vertical)
        text = flat(region_text(app, dialog.region))
        assert "Its codes and codings stay; ctrl+z undoes it." in text
        assert "y: yes · n: no" in text


async def test_status_line_shows_every_coding_under_the_cursor(demo_wb: Workbench) -> None:
    app = create_app(demo_wb, start_mode="code")
    async with app.run_test(size=SMALL) as pilot:
        screen = await _code_screen(app, pilot)
        reader = screen.query_one(TranscriptView)
        # the place in P01 with the most codings on it
        extracts = demo_wb.coding.extracts(transcript="P01")
        best = max((e.start for e in extracts),
                   key=lambda s: sum(x.start <= s < x.end for x in extracts))
        here = [x for x in extracts if x.start <= best < x.end]
        assert len(here) >= 3
        reader.move_cursor(reader.location_of(best))
        await pilot.pause()
        shown = flat(region_text(app, screen.query_one("#here").region))
        for x in here:
            assert f"#{x.id}" in shown, shown
        for name in {x.code_name for x in here}:
            assert name in shown, shown
        # more codes than the names leave room for: every one still shows, by its tag
        more = ["following-through", "continuity-through-transitions", "time-and-persistence",
                "warmth-and-informal-contact", "repairing-trust", "choice-and-control"]
        for code in more:
            demo_wb.coding.apply(CodingRequest("P01", code, Target(span=(best, best + 5))))
        screen.reload()
        await _settle(pilot)
        shown = flat(region_text(app, screen.query_one("#here").region))
        for x in demo_wb.coding.extracts(transcript="P01"):
            if x.start <= best < x.end:
                assert f"#{x.id}" in shown, shown
        for tag in [tags_for(demo_wb.codes.list())[c] for c in more]:
            assert f"{tag} " in shown, shown
