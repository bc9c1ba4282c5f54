"""Phase 1, Familiarise: read and re-read, note first ideas, search across the data set.

The transcripts table (with each coder's progress) picks what the reader shows; ``n`` adds a
familiarisation note on the turn being read (``N``: on the whole transcript), ``j`` a dated
entry in the reflexive journal, ``/``
searches every turn, Enter on a hit scrolls the reader to it and ``g`` opens it (or the turn
under the reader's cursor) in the Code screen. The side panel is a ``TabbedContent`` so later
panels add a tab; at narrow widths it takes the reader's place while it is open (``t``).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Input, Label, Static, TabbedContent, TabPane
from textual.widgets.text_area import Selection

from themework.domain.plural import plural
from themework.services.dto import SearchHit, TurnInfo
from themework.tui.screens.base import NARROW, PhaseScreen
from themework.tui.screens.familiarise_data import (
    Overview,
    Reading,
    TranscriptTableCells,
    here_line,
    load_overview,
    load_reading,
    transcript_table,
)
from themework.tui.screens.familiarise_notes import NoteWriter
from themework.tui.screens.familiarise_words import WordCounts
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.familiarise_margin import TurnMargin
from themework.tui.widgets.familiarise_notes import MemoList
from themework.tui.widgets.familiarise_table import TranscriptTable
from themework.tui.widgets.search_results import SearchResults
from themework.tui.widgets.static_text import update_text
from themework.tui.widgets.transcript_view import TranscriptView, TurnSpan
from themework.tui.widgets.words_panel import WordsPanel

SEARCH_LIMIT = 100


class FamiliariseScreen(PhaseScreen):
    CSS_PATH = "familiarise.tcss"
    PHASE = 1
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "words", "Words", id="fam.words",
                tooltip="Top words (lemmas) with a bar chart"),
        Binding("b", "words_by", "Words by", id="fam.words_by",
                tooltip="What is distinctive for each group (keyness by an attribute)"),
        Binding("e", "words_english", "vs English", id="fam.words_english", show=False,
                tooltip="Words unusually frequent here compared with general English"),
        Binding("slash", "search", "Search", id="fam.search",
                tooltip="Search every transcript's turns (Enter runs it)"),
        Binding("n", "note", "Note", id="fam.note",
                tooltip="Add a familiarisation note on the turn being read"),
        Binding("N", "note(False)", "Note on transcript", id="fam.note_transcript", show=False,
                tooltip="Add a familiarisation note on the whole transcript"),
        Binding("j", "journal", "Journal", id="fam.journal",
                tooltip="Add a dated entry to the reflexive journal"),
        Binding("g", "to_code", "To Code", id="fam.code",
                tooltip="Open the search hit (or the turn under the cursor) in the Code screen"),
        Binding("t", "toggle_panel", "Panel", id="fam.panel",
                tooltip="Show or hide the notes and search panel"),
        Binding("r,escape", "focus_reader", "Reader", id="fam.reader", show=False,
                tooltip="Back to the reader (at narrow widths the panel closes)"),
        Binding("T", "focus_table", "Transcripts", id="fam.table", show=False,
                tooltip="Move to the transcripts table"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.transcript: str | None = None  # what the reader should show
        self.reading: Reading | None = None  # what it does show
        self.overview: Overview | None = None
        self._fit: tuple[str, ...] = ()  # the table's headers (which coders fit)
        self._pending_turn: tuple[str, int] | None = None
        self._searches = 0
        self.notes = NoteWriter(self)  # n, N and j
        self.words = WordCounts(self)  # the Words tab

    def compose_body(self) -> ComposeResult:
        reader = TranscriptView(id="fam-reader")
        with Vertical(id="fam-body"):
            yield TranscriptTable(id="fam-transcripts")
            with Horizontal(id="fam-main"):
                yield TurnMargin(reader, id="fam-margin")
                yield reader
                with TabbedContent(id="fam-panel"):
                    with TabPane("Notes", id="fam-notes-tab"):
                        yield Label("", id="fam-notes-title", markup=False)
                        yield MemoList(id="fam-notes")
                        yield Label("", id="fam-journal-title", markup=False)
                        yield MemoList(id="fam-journal")
                    with TabPane("Words", id="fam-words-tab"), VerticalScroll():
                        yield WordsPanel(id="fam-words")
                    with TabPane("Search", id="fam-search-tab"):
                        # Not select_on_focus: letters typed on the results go on with
                        # the query (``/`` selects it all to start another).
                        yield Input(placeholder="search all transcripts, Enter", id="fam-search",
                                    select_on_focus=False)
                        yield Label("", id="fam-search-summary", markup=False)
                        yield SearchResults(id="fam-results")
        yield Static("", id="fam-here", markup=False)

    def on_mount(self) -> None:
        # PhaseScreen.on_mount runs after this (Textual dispatches along the MRO) and loads.
        self.query_one(TranscriptTable).focus()
        self._counts()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        # The open transcript reloads once the overview shows it still exists (it may have
        # been renamed or withdrawn meanwhile).
        wb, me = self.wb, self.workbench_app.coder
        in_thread(self.app, lambda: load_overview(wb, me), self._show_overview,
                  group="fam-overview")

    def _load_reading(self, name: str) -> None:
        wb = self.wb
        in_thread(self.app, lambda: load_reading(wb, name), self._show_reading, group="fam-reading")

    def _table(self, overview: Overview) -> TranscriptTableCells:
        table = self.query_one(TranscriptTable)
        width = (self.size.width or self.app.size.width) - table.styles.scrollbar_size_vertical
        return transcript_table(overview, self.has_class("-narrow"), width)

    def _show_overview(self, overview: Overview) -> None:
        self.overview = overview
        table = self.query_one(TranscriptTable)
        cells = self._table(overview)
        self._fit = cells.labels
        table.show(cells.keys, cells.rows, self.transcript, cells.labels)
        names = table.names
        self.query_one("#fam-journal-title", Label).update(
            f"Reflexive journal ({len(overview.journal)}) · j adds a dated entry"
        )
        self.query_one("#fam-journal", MemoList).show(overview.journal)
        if self.transcript in names:
            self._load_reading(self.transcript)
        elif names:
            self.open(table.current or names[0])
        elif self.transcript is not None:  # the last transcript has gone
            self.transcript = self.reading = None
            self.query_one(TranscriptView).show_text("")
            self.query_one(TurnMargin).set_labels({})
            self.query_one("#fam-notes", MemoList).show([])
            self.query_one("#fam-here", Static).update("")
            self.refresh_bindings()

    def _show_reading(self, reading: Reading) -> None:
        if reading.name != self.transcript:
            return  # a newer choice is on its way
        reader = self.query_one(TranscriptView)
        same = self.reading is not None and self.reading.name == reading.name
        if not same or reader.text != reading.text.text:
            cursor = reader.cursor_location if same else (0, 0)
            reader.show_text(reading.text.text)
            reader.move_cursor(cursor)
            reader.set_turns([TurnSpan(t.index, t.label_start, t.end) for t in reading.text.turns])
        margin = self.query_one(TurnMargin)
        labels = reading.margin_labels(reader.row_of)
        if labels != margin.labels:  # a new text, or a note added or removed
            margin.set_labels(labels)
        self.reading = reading
        self.sub_title = reading.name
        self.query_one("#fam-notes-title", Label).update(
            f"Notes on {reading.name} ({len(reading.notes)}) · n adds one"
        )
        self.query_one("#fam-notes", MemoList).show(reading.notes)
        if self._pending_turn is not None and self._pending_turn[0] == reading.name:
            self.go_to_turn(self._pending_turn[1])
            self._pending_turn = None
        self._update_here()
        self.refresh_bindings()

    def open(self, name: str, turn: int | None = None) -> None:
        """Show a transcript in the reader (at a turn, when given)."""
        if turn is not None:
            self._pending_turn = (name, turn)
        if name == self.transcript and self.reading is not None and self.reading.name == name:
            if turn is not None:
                self._pending_turn = None
                self.go_to_turn(turn)
            return
        self.transcript = name
        self.query_one(TranscriptTable).point_at(name)
        self._load_reading(name)

    # -- the reader ------------------------------------------------------------------------
    def go_to_turn(self, index: int) -> None:
        """Select the turn (label and words) and scroll it to the top of the reader."""
        turn = self.reading.turn(index) if self.reading else None
        if turn is None:
            return
        reader = self.query_one(TranscriptView)
        # Cursor at the label, selection over the whole turn.
        reader.selection = Selection(
            reader.location_of(turn.end), reader.location_of(turn.label_start)
        )
        self.call_after_refresh(self._scroll_cursor_to_top)

    def _scroll_cursor_to_top(self) -> None:
        reader = self.query_one(TranscriptView)
        y = reader.wrapped_document.location_to_offset(reader.cursor_location).y
        reader.scroll_to(y=max(0, y - 1), animate=False)

    def turn_here(self) -> TurnInfo | None:
        """The turn under the cursor, if a transcript is open."""
        if self.reading is None:
            return None
        return self.reading.turn_at(self.query_one(TranscriptView).cursor_offset)

    def _update_here(self) -> None:
        if self.reading is None:
            return
        row = self.overview.row(self.reading.name) if self.overview else None
        line = here_line(self.reading, self.turn_here(), row.roles if row else ())
        update_text(self.query_one("#fam-here", Static), line)

    @on(TranscriptView.SelectionChanged, "#fam-reader")
    def _moved(self) -> None:
        self._update_here()

    @on(TranscriptTable.RowHighlighted, "#fam-transcripts")
    def _highlighted(self, event: TranscriptTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.open(str(event.row_key.value))

    @on(TranscriptTable.RowSelected, "#fam-transcripts")
    def _selected(self, event: TranscriptTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open(str(event.row_key.value))
        self.action_focus_reader()

    # -- notes and journal (familiarise_notes writes them) ---------------------------------
    def action_note(self, on_turn: bool = True) -> None:
        self.notes.note(on_turn)

    def action_journal(self) -> None:
        self.notes.journal()

    # -- search ----------------------------------------------------------------------------
    def show_panel(self, tab: str) -> None:
        """Bring the side panel forward on ``tab`` (when narrow, in the reader's place)."""
        self.set_class(True, "-panel")
        self.set_class(False, "-no-panel")
        self.query_one(TabbedContent).active = tab

    def action_search(self) -> None:
        self.show_panel("fam-search-tab")
        box = self.query_one("#fam-search", Input)
        box.focus()
        box.select_all()  # a new search; the box no longer selects all whenever it is focused

    @on(Input.Submitted, "#fam-search")
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        results = self.query_one(SearchResults)
        summary = self.query_one("#fam-search-summary", Label)
        if not query:
            self._searches += 1
            results.show([])
            summary.update("")
            return
        summary.update("searching…")
        wb = self.wb
        self._searches += 1
        mine = self._searches

        def show(hits: list[SearchHit]) -> None:
            if mine != self._searches:
                return  # a newer search is on its way
            results.show(hits)
            more = f" (the best {SEARCH_LIMIT})" if len(hits) >= SEARCH_LIMIT else ""
            summary.update(
                f"{plural(len(hits), 'turn')}{more} · Enter: read · g: Code screen" if hits
                else "no turn matches"
            )
            if hits:
                results.focus()

        in_thread(self.app, lambda: wb.transcripts.search(query, limit=SEARCH_LIMIT), show,
                  group="fam-search")

    @on(SearchResults.TypedAhead, "#fam-results")
    def _type_ahead(self, event: SearchResults.TypedAhead) -> None:
        box = self.query_one("#fam-search", Input)
        box.focus()
        box.cursor_position = len(box.value)
        box.insert_text_at_cursor(event.character)

    @on(SearchResults.OptionSelected, "#fam-results")
    def _read_hit(self, event: SearchResults.OptionSelected) -> None:
        hit = self.query_one(SearchResults).hits[event.option_index]
        if self.has_class("-narrow"):
            self.set_class(False, "-panel")
            self.query_one(TranscriptView).focus()
        self.open(hit.transcript, hit.turn)

    def action_to_code(self) -> None:
        results = self.query_one(SearchResults)
        hit = results.hit if results.has_focus else None
        if hit is not None:
            if self.reading is not None and self.reading.name == hit.transcript:
                self._jump_turn(self.reading.turn(hit.turn), hit.transcript)
                return
            wb = self.wb
            in_thread(self.app, lambda: wb.transcripts.text(hit.transcript),
                      lambda t: self._jump_turn(next((x for x in t.turns if x.index == hit.turn),
                                                     None), t.name),
                      group="fam-jump")
            return
        if self.reading is None:
            return
        sel = self.query_one(TranscriptView).selection_offsets()
        turn = self.turn_here()
        if sel is not None and (turn is None or sel != (turn.label_start, turn.end)):
            self.workbench_app.jump_to(self.reading.name, *sel)
        else:
            self._jump_turn(turn, self.reading.name)

    def _jump_turn(self, turn: TurnInfo | None, transcript: str) -> None:
        if turn is None:
            self.workbench_app.jump_to(transcript, 0)
        else:
            self.workbench_app.jump_to(transcript, turn.start, turn.end)

    # -- moving around ---------------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        # PhaseScreen.on_resize runs after this too; the class is set here first to rebuild.
        narrow = event.size.width < NARROW
        if self.overview is None:
            return
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._show_overview(self.overview)  # cells summarised for the new width
        elif self._table(self.overview).labels != self._fit:
            self._show_overview(self.overview)  # more or fewer coders fit

    def action_toggle_panel(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-panel")
            shown = self.has_class("-panel")
        else:
            self.toggle_class("-no-panel")
            shown = not self.has_class("-no-panel")
        if not shown:
            self.action_focus_reader()
        elif self.query_one(TabbedContent).active == "fam-search-tab":
            results = self.query_one(SearchResults)
            (results if results.option_count else self.query_one("#fam-search", Input)).focus()
        else:
            self.query_one("#fam-notes", MemoList).focus()

    def action_focus_reader(self) -> None:
        if self.has_class("-narrow"):
            self.set_class(False, "-panel")
        self.query_one(TranscriptView).focus()

    def action_focus_table(self) -> None:
        self.set_class(False, "-panel")
        self.query_one(TranscriptTable).focus()

    def action_remove_coding(self) -> None:
        # The reader's ctrl+x removes a coding in the Code screen; here it only says so.
        self.notify("codings are removed in the Code screen: press 2")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("note", "to_code") and self.reading is None:
            return None
        return True

    # -- words (familiarise_words counts them) ---------------------------------------------
    def action_words(self) -> None:
        self.words.show()

    def action_words_english(self) -> None:
        self.words.show(reference="english")

    def action_words_by(self) -> None:
        self.words.by_attribute()
