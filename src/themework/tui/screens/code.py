"""Phase 2, Generate codes: read a transcript, select text or stand on a turn, code it.

``c`` opens a fuzzy code picker (several codes in a row), ``n`` makes an in-vivo code,
``x`` removes the coding under the cursor, ``m`` adds a memo to it, ``]``/``[`` jump between
codings and ``}``/``{`` between the codings of one code (``F`` chooses it); codebook editing
works on the code highlighted in the tree. The reader itself goes to a turn (``:``) and to
the start or end of a line, turn or transcript (Home/End, ctrl+Home/ctrl+End), and selects
by motions (``w`` word, ``s`` sentence, ``u`` turn, ``e`` to the turn's end, ``v`` visual mode:
see ``widgets/coding_reader.py``).

Code-and-advance moved from ``v`` to ``A`` so that ``v`` starts visual mode, as it does in the
editors people know; advance stays one key away and ``?`` lists it.

Recent codes: ``r`` then a digit applies recent code N, and both pickers list recent codes
first, numbered, so ``c 1`` works too. These are plain keys on purpose: alt+digit (kept as
a bonus) does not survive every terminal (through tmux, or macOS's Option key, alt+1 arrives
as ``¡``), so ``r`` is no longer reject: ``X`` rejects a suggestion, as ``x`` removes a coding.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key, Resize
from textual.reactive import reactive
from textual.widgets import OptionList, Static

from themework.services.dto import TurnInfo
from themework.tui.messages import JumpTo
from themework.tui.screens.base import PhaseScreen
from themework.tui.screens.code_apply import OPTION_DIGITS, RECENT, CodeApplier
from themework.tui.screens.code_data import here_line, turn_at
from themework.tui.screens.code_filter import TurnFilter, stripe_rows
from themework.tui.screens.code_filter_glue import FilterGlue
from themework.tui.screens.code_here import CodingsHere
from themework.tui.screens.code_jumps import CodeJumps
from themework.tui.screens.code_transcripts import TranscriptList
from themework.tui.screens.code_view import CodeView, Codings, load, load_codings, with_codings
from themework.tui.screens.codebook_actions import CodebookEdits
from themework.tui.screens.suggestion_actions import Suggestions
from themework.tui.services_bridge import in_thread
from themework.tui.widgets.code_codebook import CodebookPanel, CodebookTree
from themework.tui.widgets.coding_reader import CodingReader
from themework.tui.widgets.margin import CodeMargin
from themework.tui.widgets.static_text import update_text
from themework.tui.widgets.stripes import CodeStripes
from themework.tui.widgets.transcript_view import Mark, TranscriptView, TurnSpan


class CodeScreen(PhaseScreen):
    CSS_PATH = "code.tcss"
    PHASE = 2
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c", "apply", "Code", id="code.apply", tooltip="Apply codes to the selection or turn"
        ),
        Binding(
            "n", "in_vivo", "In vivo", id="code.invivo", tooltip="New code named by the selection"
        ),
        Binding("x", "remove_coding", "Uncode", id="code.remove", tooltip="Remove the coding here"),
        Binding("m", "memo", "Memo", id="code.memo", tooltip="Memo on the coding here"),
        Binding("right_square_bracket", "jump(1)", "Next", id="code.next", tooltip="Next coding"),
        Binding(
            "left_square_bracket",
            "jump(-1)",
            "Prev",
            id="code.prev",
            tooltip="Previous coding",
            show=False,
        ),
        Binding("right_curly_bracket", "jump_code(1)", "Next of code", id="code.next_of",
                show=False, tooltip="Next coding of the followed code (asks which the first time)"),
        Binding("left_curly_bracket", "jump_code(-1)", "Prev of code", id="code.prev_of",
                show=False, tooltip="Previous coding of the followed code"),
        Binding("F", "follow_code", "Follow code", id="code.follow", show=False,
                tooltip="Choose the code that { and } jump between"),
        Binding(
            "A",
            "toggle_advance",
            "Advance",
            id="code.advance",
            tooltip="Code and move to the next turn",
        ),
        Binding("o", "open_transcript", "Open", id="code.open", tooltip="Open another transcript"),
        Binding("t", "toggle_side", "Panel", id="code.side", tooltip="Show or hide the side panel"),
        Binding("a", "suggestion(True)", "Accept", id="code.accept",
                tooltip="Accept the suggestion under the cursor"),
        Binding("X", "suggestion(False)", "Reject", id="code.reject",
                tooltip="Reject the suggestion under the cursor (it will not come back)"),
        # Off the footer, which is full at 80 columns; ? lists it and the picker numbers codes.
        Binding("r", "recent", "Recent", id="code.recent", show=False,
                tooltip="Apply a recent code: r then its number (1 is the last used)"),
        Binding("G", "suggest", "Suggest", id="code.suggest",
                tooltip="Suggest codings for this transcript from codebook keywords"),
        Binding("B", "toggle_blind", "Blind", id="code.blind",
                tooltip="Hide other coders' codings and counts while you code"),
        Binding("vertical_line", "toggle_stripes", "Stripes", id="code.stripes", show=False,
                tooltip="Show or hide the coding stripes: a column per code beside the reader"),
        Binding("f", "filter_code", "Filter", id="code.filter", show=False,
                tooltip="Show only the turns carrying a code; f again shows every turn"),
        Binding("plus", "add_code", "Add code", id="code.add", show=False),
        Binding("E", "edit_code", "Edit code", id="code.edit", show=False),
        Binding("R", "rename_code", "Rename code", id="code.rename", show=False),
        Binding("M", "merge_code", "Merge code", id="code.merge", show=False),
        Binding("S", "split_code", "Split code", id="code.split", show=False),
        Binding("D", "retire_code", "Retire code", id="code.retire", show=False),
        Binding("V", "move_code", "Move code", id="code.move", show=False),
        *(
            Binding(
                f"alt+{n},{OPTION_DIGITS[n - 1]}", f"apply_recent({n})", f"Recent {n}",
                id=f"code.recent{n}", show=False, tooltip=f"Apply recent code {n} (alt+{n})",
            )
            for n in range(1, RECENT + 1)
        ),
    ]

    advance: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__()
        self.transcript: str | None = None
        self.view: CodeView | None = None
        self.recent: list[str] = []
        self._pending_jump: tuple[int, int | None] | None = None
        # The shown transcript's turn label starts, kept for turn_here.
        self._starts: tuple[object, list[int]] = (None, [])
        self.filter = TurnFilter()  # f: only the turns carrying one code
        # The screen's groups of actions, each a helper it owns; the bindings stay here.
        self.applier = CodeApplier(self)
        self.here = CodingsHere(self)
        self.jumps = CodeJumps(self)
        self.filtering = FilterGlue(self)
        self.transcripts = TranscriptList(self)
        self.codebook = CodebookEdits(self)
        self.suggestions = Suggestions(self)

    def compose_body(self) -> ComposeResult:
        reader = CodingReader(id="reader")
        with Horizontal(id="body"):
            with Vertical(id="side"):
                yield OptionList(id="transcripts")
                yield CodebookPanel()
            yield reader
            yield CodeMargin(reader, id="margin")
            yield CodeStripes(reader, id="stripes")
        yield Static("", id="legend", markup=False)
        yield Static("", id="filter-bar", markup=False)
        yield Static("", id="here", markup=False)

    def on_mount(self) -> None:
        # PhaseScreen.on_mount runs too (Textual calls each class's handler): no super().
        self.query_one(TranscriptView).focus()
        self._counts()
        self.filtering.place_stripes()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        wb, name = self.wb, self.transcript
        blind_as = self.blind_as
        in_thread(
            self.app, lambda: load(wb, name, blind_as), lambda v: self.show_view(v, name),
            group="code-load",
        )

    def reload_codings(self, transcript: str) -> None:
        if self.applier.shown(transcript):
            return  # the one coding made is on screen already, from what saving it returned
        if self.view is None or self.view.text is None or self.view.text.name != transcript:
            self.reload()
            return
        wb, blind_as = self.wb, self.blind_as
        in_thread(self.app, lambda: load_codings(wb, transcript, blind_as),
                  self._show_codings_again, group="code-codings")

    def _show_codings_again(self, codings: Codings) -> None:
        view = self.view
        if (view is None or view.text is None or view.text.name != codings.transcript
                or self.transcript != codings.transcript):
            return  # another transcript was opened meanwhile: its own load shows it
        self.show_changed(with_codings(view, codings))

    def show_changed(self, view: CodeView) -> None:
        """``view``, the one shown with its transcript's codings changed, on screen."""
        if self.filter.code is not None:
            self.show_view(view, self.transcript)  # the turns carrying the code may have changed
            return
        self.view = view
        self.transcripts.fill(only=self.transcript)
        self._show_codings(view)

    def show_view(self, view: CodeView, requested: str | None = None) -> None:
        """Show a loaded view, unless another transcript was asked for since."""
        if requested != self.transcript:
            return  # a newer request (another transcript, a jump) is on its way
        self.view = view
        reader = self.query_one(TranscriptView)
        if view.text is not None:
            self.filtering.show_text(view)
            self.transcript = view.text.name
            self.sub_title = view.text.name
            turns = self.filter.turns(view.text.turns)
            self.query_one(CodeMargin).set_turns(
                {reader.row_of(t.label_start): t.index for t in turns}
            )
            reader.set_turns([TurnSpan(t.index, t.label_start, t.end, t.start) for t in turns])
        self.transcripts.fill()
        self._show_codings(view)
        if self._pending_jump is not None:
            start, end = self._pending_jump
            self._pending_jump = None
            reader.select_offsets(start, end if end is not None else start)

    def _show_codings(self, view: CodeView) -> None:
        """The marks, stripes, codebook tree and status line of ``view``'s codings."""
        reader = self.query_one(TranscriptView)
        colours = {c.id: c.colour for c in view.codes}
        clip = self.filter.clip  # the whole span, or the part a filtered view shows
        suggested = [
            Mark(*part, view.tags.get(sg.code, "?"), colours.get(sg.code, ""), "suggestion",
                 sg.id)
            for sg in view.suggestions if (part := clip(sg.start, sg.end)) is not None
        ]
        reader.set_marks(
            suggested + [
                Mark(*part, view.tags.get(e.code, "?"), colours.get(e.code, ""), "coding", e.id,
                     e.id in view.memos)
                for e in view.extracts if (part := clip(e.start, e.end)) is not None
            ]
        )
        # Its tags are read from the marks as it paints: the lines whose marks changed.
        self.query_one(CodeMargin).refresh_rows(reader.changed_rows)
        if view.text is not None:
            self.query_one(CodeStripes).show(
                stripe_rows(view, self.filter, reader.line_starts),
                {c.id: i for i, c in enumerate(view.codes)}, view.tags, colours,
            )
            self.filtering.show_bar()
        self._fill_tree()
        self._update_here()

    def _fill_tree(self) -> None:
        assert self.view is not None
        self.query_one("#codebook", CodebookTree).show(
            self.view.codes, self.view.tags, {e.code for e in self.view.extracts}
        )

    def _update_here(self) -> None:
        if self.view is None:
            return
        marks = self.here.marks_here()
        # Codings and suggestions number their ids apart: only coding marks are codings.
        refs = [(m.ref, m.tag) for m in marks if m.kind == "coding"]
        suggested = sum(m.kind == "suggestion" for m in marks)
        here = self.query_one("#here", Static)
        # Its text's width: the screen's, less its padding (it may not be laid out yet).
        width = self.size.width - here.styles.gutter.width
        update_text(here, here_line(self.view, self.transcript, refs, self.turn_here(),
                                    self.advance, suggested, width,
                                    self.query_one(CodingReader).selection_note()))

    @on(TranscriptView.SelectionChanged)
    def _moved(self) -> None:
        self._update_here()

    @on(OptionList.OptionSelected, "#transcripts")
    def _pick_transcript(self, event: OptionList.OptionSelected) -> None:
        self.transcripts.open_to_read(str(event.option.id))

    def open(self, name: str, offset: int | None = None, end: int | None = None) -> None:
        self.transcript = name
        if offset is not None:
            self._pending_jump = (offset, end)
        self.reload()

    @on(JumpTo)
    def _jump_to(self, event: JumpTo) -> None:
        self.open(event.transcript, event.offset, event.end)

    def turn_here(self) -> TurnInfo | None:
        if self.view is None or self.view.text is None:
            return None
        text = self.view.text
        if self._starts[0] is not text:
            self._starts = (text, [t.label_start for t in text.turns])
        return turn_at(text.turns, self.query_one(TranscriptView).cursor_offset,
                       self._starts[1])

    @on(Resize)
    def _resized(self) -> None:
        self.filtering.place_stripes()

    @on(CodeStripes.LegendChanged)
    def _legend(self, event: CodeStripes.LegendChanged) -> None:
        update_text(self.query_one("#legend", Static), event.legend)

    # -- actions: thin, so that ? and keys.yaml find them; the helpers do the work ---------
    def action_apply(self) -> None:
        self.applier.pick()

    def action_recent(self) -> None:
        self.applier.pick_recent()

    def on_key(self, event: Key) -> None:
        self.applier.after_recent_key(event)  # r's digit is never a phase key

    def action_apply_recent(self, n: int) -> None:
        self.applier.apply_recent(n)

    def action_in_vivo(self) -> None:
        self.applier.in_vivo()

    def action_remove_coding(self) -> None:
        self.here.remove()

    def action_memo(self) -> None:
        self.here.memo()

    def action_jump(self, direction: int) -> None:
        self.jumps.jump(direction)

    def action_follow_code(self, then: int = 0) -> None:
        self.jumps.follow_code(then)

    def action_jump_code(self, direction: int) -> None:
        self.jumps.jump_code(direction)

    def action_open_transcript(self) -> None:
        self.transcripts.choose()

    def action_suggest(self) -> None:
        self.suggestions.suggest()

    def action_suggestion(self, accept: bool) -> None:
        self.suggestions.decide(accept)

    def action_add_code(self) -> None:
        self.codebook.new_code()

    def action_edit_code(self) -> None:
        self.codebook.edit()

    def action_rename_code(self) -> None:
        self.codebook.rename()

    def action_merge_code(self) -> None:
        self.codebook.merge()

    def action_split_code(self) -> None:
        self.codebook.split()

    def action_retire_code(self) -> None:
        self.codebook.retire()

    def action_move_code(self) -> None:
        self.codebook.move()

    def action_toggle_stripes(self) -> None:
        self.filtering.toggle_stripes()

    def action_filter_code(self) -> None:
        self.filtering.choose_code()

    def action_toggle_advance(self) -> None:
        self.advance = not self.advance
        self._update_here()
        self.notify("code-and-advance " + ("on" if self.advance else "off"))

    def action_toggle_side(self) -> None:
        side = self.query_one("#side")
        side.display = not side.display
        if side.display:
            self.query_one("#codebook").focus()
        elif self.focused is None or side in self.focused.ancestors:
            # A hidden widget kept the focus: the arrows did nothing until Tab.
            self.query_one(TranscriptView).focus()

    def action_toggle_blind(self) -> None:
        app = self.workbench_app
        if app.blind_required:
            self.notify("the project records blind coding: it stays on "
                        "(themework project blind off to end it)")
            return
        app.blind = not app.blind
        self.notify("blind coding on: only your codings and counts show" if app.blind
                    else "blind coding off")
        self.reload()
        self._counts()
