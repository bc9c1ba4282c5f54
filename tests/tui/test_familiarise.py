"""The Familiarise screen, driven as a researcher would: keys in, stored notes and jumps out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, TabbedContent

from screen_text import screen_lines
from themework.services.dto import TurnInfo
from themework.services.workbench import Workbench
from themework.store.location import from_string
from themework.tui.app import WorkbenchApp, create_app
from themework.tui.dialogs.prompt import PromptScreen
from themework.tui.dialogs.unsaved import DecideScreen
from themework.tui.screens.code import CodeScreen
from themework.tui.screens.familiarise import FamiliariseScreen
from themework.tui.screens.familiarise_data import coder_headers, hms, summarise
from themework.tui.widgets.familiarise_margin import TurnMargin
from themework.tui.widgets.familiarise_notes import MemoList
from themework.tui.widgets.search_results import SearchResults, snippet_text
from themework.tui.widgets.transcript_view import TranscriptView

DEMO = ["FG01-site-b", "P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09"]


def _fam(app: WorkbenchApp) -> FamiliariseScreen:
    screen = app.screen
    assert isinstance(screen, FamiliariseScreen)
    return screen


def _code(app: WorkbenchApp) -> CodeScreen:
    assert app.current_mode == "code"
    screen = app.screen
    assert isinstance(screen, CodeScreen)
    return screen


def _turn(wb: Workbench, name: str, index: int) -> TurnInfo:
    return next(t for t in wb.transcripts.text(name).turns if t.index == index)


def _record_jumps(app: WorkbenchApp) -> list[tuple[object, ...]]:
    """Every jump the screen asks the app for, still carried out."""
    calls: list[tuple[object, ...]] = []
    jump = app.jump_to

    def recording(*args: object) -> None:
        calls.append(args)
        jump(*args)  # type: ignore[arg-type]

    app.jump_to = recording  # type: ignore[method-assign,assignment]
    return calls


def _visible_row(reader: TranscriptView, offset: int) -> bool:
    y = reader.wrapped_document.location_to_offset(reader.location_of(offset)).y
    return reader.scroll_y <= y < reader.scroll_y + reader.scrollable_content_region.height


def test_formatting_helpers() -> None:
    assert hms(None) == ""
    assert hms(3725.9) == "[01:02:05]"
    assert summarise(["Site A", "Site B"], 40) == "Site A, Site B"
    assert summarise(["a long role", "another"], 8) == "a long…"
    text = snippet_text("…building [trust] with [them]")
    assert text.plain == "…building [trust] with [them]"
    assert [text.plain[s.start:s.end] for s in text.spans] == ["[trust]", "[them]"]


async def test_table_lists_transcripts_and_progress_by_coder(
    demo_wb: Workbench, ready: Any,
) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        assert isinstance(screen, FamiliariseScreen)
        table = screen.query_one("#fam-transcripts", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == DEMO
        columns = [str(c.label) for c in table.columns.values()]
        assert columns[:7] == ["transcript", "participants", "role", "site", "turns", "words",
                               "codings"]
        assert columns[7:] == ["alice", "bob", "carol"]  # every coder, and whoever is coding now
        p01 = [c if isinstance(c, int) else str(c) for c in table.get_row("P01")]
        by_coder = [len(demo_wb.coding.extracts(transcript="P01", coder=c))
                    for c in ("alice", "bob")]
        assert p01[2:] == ["Senior social worker", "Site A", 36, 1393, sum(by_coder), *by_coder, 0]
        # The first transcript is open from the start.
        assert screen.reading is not None and screen.reading.name == "FG01-site-b"


async def test_table_shows_square_brackets_as_written(demo_wb: Workbench, ready: Any) -> None:
    # The cells were read as Rich markup: a role "Social worker [senior]" showed as
    # "Social worker ", the bracketed part taken for a style and dropped.
    demo_wb.participants.set("P01", {"role": "Social worker [senior]"})
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        assert "Social worker [senior]" in "\n".join(screen_lines(app))


async def test_end_and_home_go_to_the_last_and_first_transcript(
    demo_wb: Workbench, ready: Any,
) -> None:
    # Walkthrough at 80x24 (1,000 transcripts): End scrolled the table sideways, cutting the
    # transcript names to their last letters, and stayed on the first row.
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        table = _fam(app).query_one("#fam-transcripts", DataTable)
        table.focus()
        await pilot.press("end")
        await ready(app, pilot)
        assert table.cursor_row == len(DEMO) - 1 and table.scroll_x == 0
        await pilot.press("home")
        await ready(app, pilot)
        assert table.cursor_row == 0 and table.scroll_x == 0


async def test_the_table_fits_80_columns_and_says_which_coders_it_leaves_out(
    demo_wb: Workbench, ready: Any,
) -> None:
    # Walkthrough at 80x24: the table scrolled sideways and its last coder's header read
    # "benc", cut with nothing to say so.
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        table = _fam(app).query_one("#fam-transcripts", DataTable)
        assert table.max_scroll_x == 0, table.virtual_size
        heads = [str(c.label) for c in table.columns.values()][7:]
        coders = ["alice", "bob", "carol"]
        assert heads and heads[-1] == f"+{len(coders) - len(heads) + 1}", heads
        assert all(c == h or (h.endswith("…") and c.startswith(h[:-1]))
                   for c, h in zip(coders, heads[:-1], strict=False)), heads
        top = next(line for line in screen_lines(app) if line.startswith(" transcript "))
        assert top.rstrip().endswith(f"codings  {heads[-1]}"), top

        await pilot.resize_terminal(160, 48)  # wider: every coder, named whole
        await ready(app, pilot)
        assert [str(c.label) for c in table.columns.values()][7:] == coders
        assert table.max_scroll_x == 0


async def test_selecting_a_transcript_shows_its_turns(demo_wb: Workbench, ready: Any) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        await pilot.press("down", "down", "down", "down", "down", "down", "down")  # P07
        await ready(app, pilot)
        await pilot.press("enter")
        await ready(app, pilot)
        reader = screen.query_one(TranscriptView)
        text = demo_wb.transcripts.text("P07")
        assert reader.text == text.text
        assert reader.has_focus
        # Turn numbers and [hh:mm:ss] stand level with each turn's first line.
        margin = screen.query_one(TurnMargin)
        first = text.turns[0]
        assert margin.labels[reader.row_of(first.label_start)] == f"  1 {hms(first.start_s)}"
        assert hms(first.start_s).startswith("[00:")
        reader.move_cursor(reader.location_of(text.turns[3].start + 2))
        await pilot.pause()
        here = str(screen.query_one("#fam-here").render())
        assert here.startswith(f"P07 · turn 4 of {len(text.turns)} · {text.turns[3].speaker}")
        # The read-only reader still hands undo to the app: nothing breaks, nothing is lost.
        await pilot.press("ctrl+z", "ctrl+x")
        await ready(app, pilot)
        assert app.is_running and reader.text == text.text


async def test_note_and_journal_entry_are_stored_and_listed(demo_wb: Workbench, ready: Any) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        screen.open("P03")
        await ready(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"nurse sees trust as access", "ctrl+s")
        await ready(app, pilot)
        notes = demo_wb.memos.list(kind="note", on="transcript:P03")
        assert [(n.text, n.coder) for n in notes] == [("nurse sees trust as access", "carol")]
        assert screen.query_one("#fam-notes", MemoList).option_count == 1
        assert screen.query_one(TabbedContent).active == "fam-notes-tab"

        journal_before = len(demo_wb.memos.list(kind="journal", on="project"))
        await pilot.press("j")
        await pilot.press(*"my own social work background colours this", "ctrl+s")
        await ready(app, pilot)
        journal = demo_wb.memos.list(kind="journal", on="project")
        assert len(journal) == journal_before + 1
        assert journal[-1].entry_date is not None and journal[-1].coder == "carol"
        assert screen.query_one("#fam-journal", MemoList).option_count == journal_before + 1

        # Esc asks about the typed text; Discard stores nothing. Undo takes the journal
        # entry back out.
        await pilot.press("n", "x", "escape")
        assert isinstance(app.screen, DecideScreen)
        await pilot.press("d")
        await ready(app, pilot)
        assert len(demo_wb.memos.list(kind="note", on="transcript:P03")) == 1
        await pilot.press("ctrl+z")
        await ready(app, pilot)
        assert len(demo_wb.memos.list(kind="journal", on="project")) == journal_before
        assert screen.query_one("#fam-journal", MemoList).option_count == journal_before


async def test_search_reads_a_hit_then_jumps_to_the_code_screen(
    demo_wb: Workbench, ready: Any,
) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        await pilot.press("slash")
        search = screen.query_one("#fam-search", Input)
        assert search.has_focus
        await pilot.press(*"saying no", "enter")
        await ready(app, pilot)
        results = screen.query_one(SearchResults)
        assert results.has_focus
        found = [(h.transcript, h.turn) for h in results.hits]
        assert ("P01", 26) in found
        index = found.index(("P01", 26))
        results.highlighted = index
        await pilot.press("enter")
        await ready(app, pilot)
        reader = screen.query_one(TranscriptView)
        turn = _turn(demo_wb, "P01", 26)
        assert screen.reading is not None and screen.reading.name == "P01"
        assert reader.cursor_offset == turn.label_start
        assert _visible_row(reader, turn.label_start)
        assert "turn 26" in str(screen.query_one("#fam-here").render())

        jumps = _record_jumps(app)
        await pilot.press("g")
        await ready(app, pilot)
        assert jumps == [("P01", turn.start, turn.end)]  # the turn's words, not its label
        assert app.current_mode == "code"


async def test_g_from_a_hit_in_another_transcript_and_from_the_reader(
    demo_wb: Workbench, ready: Any,
) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        await pilot.press("slash", *"residential setting", "enter")
        await ready(app, pilot)
        hit = screen.query_one(SearchResults).hit
        assert hit is not None and hit.transcript != "FG01-site-b"
        jumps = _record_jumps(app)
        await pilot.press("g")  # straight from the list, without reading it first
        await ready(app, pilot)
        turn = _turn(demo_wb, hit.transcript, hit.turn)
        assert jumps == [(hit.transcript, turn.start, turn.end)]
        assert app.current_mode == "code"

        await pilot.press("1")
        await ready(app, pilot)
        assert app.screen is screen
        reader = screen.query_one(TranscriptView)
        reader.focus()
        assert screen.reading is not None
        second = screen.reading.text.turns[1]
        reader.move_cursor(reader.location_of(second.start + 1))
        await pilot.press("g")
        await ready(app, pilot)
        assert jumps[-1] == (screen.reading.name, second.start, second.end)
        assert app.current_mode == "code"


async def test_a_note_written_after_reading_a_hit_shows_in_the_notes_tab(
    demo_wb: Workbench, ready: Any,
) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        await pilot.press("slash", *"saying no", "enter")
        await ready(app, pilot)
        await pilot.press("enter")  # read the first hit; the list keeps the focus
        await ready(app, pilot)
        assert screen.query_one(SearchResults).has_focus
        # Letters typed on the results go on with the search; Esc goes to the reader,
        # where n writes a note on the transcript being read.
        await pilot.press("escape", "n", *"boundaries as trust", "ctrl+s")
        await ready(app, pilot)
        assert screen.query_one(TabbedContent).active == "fam-notes-tab"
        assert screen.query_one("#fam-notes", MemoList).option_count == 1
        assert screen.query_one(TranscriptView).has_focus
        await pilot.press("j")  # a key for the screen, not text typed into the search box
        assert isinstance(app.screen, PromptScreen)


async def test_nothing_found_and_an_empty_search(demo_wb: Workbench, ready: Any) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        await pilot.press("slash", *"zzqxv", "enter")
        await ready(app, pilot)
        assert screen.query_one(SearchResults).option_count == 0
        assert "no turn matches" in str(screen.query_one("#fam-search-summary").render())
        await pilot.press(*["backspace"] * 5, "enter")
        await ready(app, pilot)
        assert str(screen.query_one("#fam-search-summary").render()) == ""


async def test_works_at_80x24_without_a_mouse(demo_wb: Workbench, ready: Any) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        assert screen.has_class("-narrow")
        table = screen.query_one("#fam-transcripts", DataTable)
        reader = screen.query_one(TranscriptView)
        panel = screen.query_one(TabbedContent)
        assert table.size.height >= 4 and table.has_focus
        assert reader.size.width >= 50 and reader.size.height >= 6
        assert not panel.display
        await pilot.press("down", "enter")
        await ready(app, pilot)
        assert reader.has_focus and reader.text == demo_wb.transcripts.text("P01").text

        # Search takes the reader's place; reading a hit gives it back.
        await pilot.press("slash")
        await pilot.pause()
        assert panel.display and panel.size.width >= 70 and not reader.display
        await pilot.press(*"saying no", "enter")
        await ready(app, pilot)
        results = screen.query_one(SearchResults)
        assert results.has_focus and results.size.height >= 4
        await pilot.press("enter")
        await ready(app, pilot)
        assert reader.display and reader.has_focus
        hit = results.hits[0]
        turn = _turn(demo_wb, hit.transcript, hit.turn)
        assert reader.cursor_offset == turn.label_start and _visible_row(reader, turn.label_start)

        # Notes in the panel, then back to the reader.
        await pilot.press("n", *"first read", "ctrl+s")
        await ready(app, pilot)
        notes = demo_wb.memos.list(kind="note", on=f"transcript:{hit.transcript}")
        assert [n.text for n in notes] == ["first read"]
        await pilot.press("t")
        await pilot.pause()
        assert panel.display and panel.active == "fam-notes-tab"
        assert screen.query_one("#fam-notes", MemoList).size.height >= 2
        await pilot.press("t")
        await pilot.pause()
        assert reader.display and reader.has_focus and not panel.display
        assert app.is_running


async def test_an_empty_project_still_takes_a_journal_entry(tmp_path: Path, ready: Any) -> None:
    wb = Workbench.init(from_string(str(tmp_path / "empty.themework")), name="empty",
                        coder="dana")
    try:
        app = create_app(wb, start_mode="familiarise")
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(app, pilot)
            screen = _fam(app)
            assert screen.query_one("#fam-transcripts", DataTable).row_count == 0
            await pilot.press("n")  # no transcript: nothing to note on, and no crash
            assert app.screen is screen
            await pilot.press("j", *"before any data", "ctrl+s")
            await ready(app, pilot)
            assert [m.text for m in wb.memos.list(kind="journal")] == ["before any data"]
            await pilot.press("slash", *"anything", "enter", "g")
            await ready(app, pilot)
            assert app.screen is screen and app.is_running
    finally:
        wb.close()


async def test_a_transcript_with_timestamps_and_one_table_row_more(
    demo_wb: Workbench, tmp_path: Path, ready: Any,
) -> None:
    vtt = tmp_path / "P10.vtt"
    vtt.write_text(
        "WEBVTT\n\n1\n01:02:03.000 --> 01:02:04.000\n<v Interviewer>Tell me.</v>\n\n"
        "2\n01:02:05.000 --> 01:02:08.000\n<v P10>It took months.</v>\n",
        encoding="utf-8",
    )
    assert demo_wb.transcripts.import_files([vtt]).failed == ()
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        screen = _fam(app)
        screen.open("P10")
        await ready(app, pilot)
        margin = screen.query_one(TurnMargin)
        assert sorted(margin.labels.values()) == ["  1 [01:02:03]", "  2 [01:02:05]"]
        table = screen.query_one("#fam-transcripts", DataTable)
        assert table.row_count == 11 and str(table.get_row_at(table.cursor_row)[0]) == "P10"


async def test_the_code_screen_opens_the_jumped_to_turn(demo_wb: Workbench, ready: Any) -> None:
    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        turn = _turn(demo_wb, "P01", 26)
        await pilot.press("slash", *"saying no", "enter")
        await ready(app, pilot)
        results = _fam(app).query_one(SearchResults)
        results.highlighted = [(h.transcript, h.turn) for h in results.hits].index(("P01", 26))
        await pilot.press("g")
        await ready(app, pilot)
        code = _code(app)
        assert code.transcript == "P01"
        assert code.query_one(TranscriptView).selection_offsets() == (turn.start, turn.end)


async def test_words_tab_charts_top_words_and_keyness(demo_wb: Workbench, ready: Any) -> None:
    from themework.tui.widgets.words_panel import WordsPanel

    app = create_app(demo_wb, start_mode="familiarise")
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(app, pilot)
        await pilot.press("w")
        await ready(app, pilot)
        panel = app.screen.query_one("#fam-words", WordsPanel)
        assert panel.rows[0].word == demo_wb.language.words(top=1)[0].word
        assert panel.rows[0].g2 is None  # plain counts
        await pilot.press("b")
        await pilot.press(*"site", "enter")
        await ready(app, pilot)
        assert {r.group for r in panel.rows} == {"Site A", "Site B", "Site C"}
        assert all(r.g2 is not None and r.g2 > 0 for r in panel.rows)


def test_coder_headers_cut_then_leave_out_what_does_not_fit() -> None:
    coders, digits = ["alice", "benchmarker", "carol"], [2, 2, 3]
    assert coder_headers(coders, digits, 40) == (coders, 0)  # 7 + 13 + 7
    assert coder_headers(coders, digits, 16) == (["al…", "be…", "ca…"], 0)  # 5 each
    assert coder_headers(coders, digits, 14) == (["al…", "be…"], 1)  # and "+1" (4)
    assert coder_headers(coders, digits, 4) == ([], 3)
