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

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from themework.services.coding import CodingRequest, Extract, Target
from themework.services.dto import TurnInfo
from themework.tui.messages import JumpTo
from themework.tui.screens.base import NARROW
from themework.tui.screens.code_data import (
    coding_options,
    here_line,
    next_participant_turn,
    others_coding,
    transcript_choice,
    turn_at,
)
from themework.tui.screens.code_filter import TurnFilter, stripe_rows
from themework.tui.screens.code_view import CodeView, load
from themework.tui.screens.codebook_actions import CodebookActions
from themework.tui.screens.suggestion_actions import SuggestionActions
from themework.tui.services_bridge import guard, in_thread
from themework.tui.widgets.code_codebook import CodebookPanel, CodebookTree
from themework.tui.widgets.coding_reader import CodingReader
from themework.tui.widgets.margin import CodeMargin
from themework.tui.widgets.stripes import CodeStripes
from themework.tui.widgets.transcript_view import Mark, TranscriptView, TurnSpan

RECENT = 9
# What alt+1..9 send on macOS (US layout) when Option is not Meta, as Textual names the keys.
OPTION_DIGITS = (
    "inverted_exclamation_mark", "trade_mark_sign", "pound_sign", "cent_sign", "infinity",
    "section_sign", "pilcrow_sign", "bullet", "ª",
)
HERE_LINES = 3  # the status line under the reader wraps to this many (code.tcss)


class CodeScreen(CodebookActions, SuggestionActions):
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
        self.follow: str | None = None  # the code { and } jump between
        self._pending_jump: tuple[int, int | None] | None = None
        self.filter = TurnFilter()  # f: only the turns carrying one code
        self.stripes_on: bool | None = None  # | chooses; None: on when the screen is wide
        self._listed: list[tuple[str, str]] = []  # the transcripts list: (name, label)

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
        self._place_stripes()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        wb, name = self.wb, self.transcript
        blind_as = self.workbench_app.coder if self.workbench_app.blind else None
        in_thread(
            self.app, lambda: load(wb, name, blind_as), lambda v: self._show(v, name),
            group="code-load",
        )

    def _show(self, view: CodeView, requested: str | None = None) -> None:
        if requested != self.transcript:
            return  # a newer request (another transcript, a jump) is on its way
        self.view = view
        reader = self.query_one(TranscriptView)
        if view.text is not None:
            self._show_text(view)
            self.transcript = view.text.name
            self.sub_title = view.text.name
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
        if view.text is not None:
            turns = self.filter.turns(view.text.turns)
            self.query_one(CodeMargin).set_turns(
                {reader.row_of(t.label_start): t.index for t in turns}
            )
            reader.set_turns([TurnSpan(t.index, t.label_start, t.end, t.start) for t in turns])
            self.query_one(CodeStripes).show(
                stripe_rows(view, self.filter, reader.line_starts),
                {c.id: i for i, c in enumerate(view.codes)}, view.tags, colours,
            )
            self._show_filter_bar()
        self._fill_transcripts()
        self._fill_tree()
        self._update_here()
        if self._pending_jump is not None:
            start, end = self._pending_jump
            self._pending_jump = None
            reader.select_offsets(start, end if end is not None else start)

    def _show_text(self, view: CodeView) -> None:
        """Put the transcript (or, filtered, the turns carrying the code) in the reader,
        keeping the cursor where it was in the transcript."""
        assert view.text is not None
        reader = self.query_one(TranscriptView)
        if not self.filter.apply(view.text, view):
            self.notify(f"no turn of {view.text.name} carries the filtered code any more: "
                        "every turn shows again")
            self.filter.code = None
            self.filter.apply(view.text, view)
        text, starts = self.filter.text(view.text)
        same = self.transcript == view.text.name and reader.text == text and (
            starts is None or starts == reader.line_starts)
        if not same:
            here = reader.cursor_offset if self.transcript == view.text.name else 0
            reader.show_text(text, starts)
            reader.move_cursor(reader.location_of(here))

    def _show_filter_bar(self) -> None:
        bar = self.query_one("#filter-bar", Static)
        text = "" if self.view is None or self.view.text is None else self.filter.banner(
            self.view, len(self.view.text.turns))
        bar.update(text)
        bar.display = bool(text)

    def _fill_transcripts(self) -> None:
        assert self.view is not None
        ol = self.query_one("#transcripts", OptionList)
        entries = [(t.name, f"{t.name}  ({t.codings})") for t in self.view.transcripts]
        if [name for name, _ in entries] == [name for name, _ in self._listed]:
            # The same transcripts: only changed counts are redrawn (listing 1,000 again
            # after every coding took a quarter of a second).
            for (name, label), (_, was) in zip(entries, self._listed, strict=True):
                if label != was:
                    ol.replace_option_prompt(name, Text(label))
        else:
            ol.clear_options()
            ol.add_options([Option(Text(label), id=name) for name, label in entries])
        self._listed = entries
        for i, t in enumerate(self.view.transcripts):
            if t.name == self.transcript:
                ol.highlighted = i

    def _fill_tree(self) -> None:
        assert self.view is not None
        self.query_one("#codebook", CodebookTree).show(
            self.view.codes, self.view.tags, {e.code for e in self.view.extracts}
        )

    def _update_here(self) -> None:
        if self.view is None:
            return
        reader = self.query_one(TranscriptView)
        # A selection's codings are where it starts: the cursor stands after its end.
        chosen = reader.selection_offsets()
        offset = chosen[0] if chosen else reader.cursor_offset
        turn = self._turn_here()
        if turn is not None and offset < turn.start:
            offset = turn.start  # on the speaker's label: what is coded is their utterance
        marks = reader.marks_at(offset)
        # Codings and suggestions number their ids apart: only coding marks are codings.
        refs = [(m.ref, m.tag) for m in marks if m.kind == "coding"]
        suggested = sum(m.kind == "suggestion" for m in marks)
        here = self.query_one("#here", Static)
        # what the wrapped line shows, less what wrapping between words may waste
        room = HERE_LINES * max(self.size.width - 14, 20)
        here.update(here_line(self.view, self.transcript, refs, self._turn_here(), self.advance,
                              suggested, room, self.query_one(CodingReader).selection_note()))

    @on(TranscriptView.SelectionChanged)
    def _moved(self) -> None:
        self._update_here()

    @on(OptionList.OptionSelected, "#transcripts")
    def _pick_transcript(self, event: OptionList.OptionSelected) -> None:
        self._open_to_read(str(event.option.id))

    def _open_to_read(self, name: str) -> None:
        """Open a transcript the researcher chose, and move to the reader to read it."""
        self.open(name)
        self.query_one(TranscriptView).focus()

    def open(self, name: str, offset: int | None = None, end: int | None = None) -> None:
        self.transcript = name
        if offset is not None:
            self._pending_jump = (offset, end)
        self.reload()

    @on(JumpTo)
    def _jump_to(self, event: JumpTo) -> None:
        self.open(event.transcript, event.offset, event.end)

    # -- where to code ---------------------------------------------------------------------
    def _turn_here(self) -> TurnInfo | None:
        if self.view is None or self.view.text is None:
            return None
        return turn_at(self.view.text.turns, self.query_one(TranscriptView).cursor_offset)

    def _target(self) -> Target | None:
        reader = self.query_one(TranscriptView)
        sel = reader.selection_offsets()
        if sel is not None:
            return None if self._refused(sel) else Target(span=sel)
        turn = self._turn_here()
        if turn is None:
            self.notify("select some text or stand on a turn", severity="warning")
            return None
        return Target(turn=turn.index)

    def _apply(self, code: str, target: Target, origin: str = "manual",
               then: Callable[[Extract], object] | None = None) -> None:
        """Apply the code in a worker; once saved, say so and hand the coding to ``then``."""
        assert self.transcript is not None
        req = CodingRequest(self.transcript, code, target)

        def applied(e: Extract) -> None:
            self.recent = [code, *[c for c in self.recent if c != code]][:RECENT]
            self.query_one(CodingReader).visual = False  # coded: the selection is done with
            self.changed(f"coded {e.transcript} {e.start}:{e.end} as {e.code_name}")
            if then is not None:
                then(e)

        self.write(lambda: self.wb.coding.apply(req, origin=origin), applied)

    def _after_apply(self, target: Target) -> None:
        if not self.advance or self.view is None or self.view.text is None:
            return
        nxt = next_participant_turn(self.view.text.turns, self._turn_here())
        if nxt is not None:
            self.query_one(TranscriptView).move_cursor(
                self.query_one(TranscriptView).location_of(nxt.start)
            )

    # -- actions ---------------------------------------------------------------------------
    def action_apply(self) -> None:
        from themework.tui.screens.code_picker import CodePicker

        target = self._target()
        if target is None or self.view is None:
            return
        CodePicker(self, target).open(self._recent_first())

    def _recent_options(self) -> list[tuple[str, str]]:
        """Recent codes still in the codebook, last used first (the numbers r and alt use)."""
        if self.view is None:
            return []
        by_id = {value: label for label, value in self._code_options()}
        return [(by_id[c], c) for c in self.recent if c in by_id]

    def _recent_first(self) -> list[tuple[str, str]]:
        """The code picker's options with recent codes first, so their numbers are theirs."""
        recent = self._recent_options()
        ids = {c for _, c in recent}
        return recent + [o for o in self._code_options() if o[1] not in ids]

    def action_recent(self) -> None:
        from themework.tui.screens.code_picker import CodePicker

        options = self._recent_options()
        if not options:
            self.notify("no recent codes yet: c applies a code and remembers it",
                        severity="warning")
            return
        target = self._target()
        if target is not None:
            CodePicker(self, target, once=True).open(options, "Apply which recent code?")

    def action_apply_recent(self, n: int) -> None:
        from themework.tui.screens.code_picker import CodePicker

        recent = self._recent_options()
        if n > len(recent):
            self.notify(f"no recent code {n} yet", severity="warning")
            return
        target = self._target()
        if target is not None and self.view is not None:
            CodePicker(self, target, once=True).choose(recent[n - 1][1])

    def action_in_vivo(self) -> None:
        reader = self.query_one(TranscriptView)
        sel = reader.selection_offsets()
        if sel is None:
            self.notify("select the participant's words first", severity="warning")
            return
        if self._refused(sel):
            return
        words = " ".join(reader.selected_text.split())[:60]

        def code_it(code: str) -> None:
            self._apply(code, Target(span=sel), origin="in-vivo")

        self.new_code(words, in_vivo=True, then=code_it)

    def _codings_here(self) -> list[Mark]:
        reader = self.query_one(TranscriptView)
        return [m for m in reader.marks_at(reader.cursor_offset) if m.kind == "coding"]

    def _one_coding(self, then: Any) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        marks = self._codings_here()
        if not marks:
            self.notify("no coding under the cursor", severity="warning")
            return
        if len(marks) == 1:
            then(marks[0].ref)
            return
        assert self.view is not None
        opts = coding_options(self.view, [m.ref for m in marks])
        self.app.push_screen(
            ChooseScreen("Which coding?", opts), lambda v: then(int(v)) if v else None
        )

    def action_remove_coding(self) -> None:
        from themework.tui.dialogs.prompt import ConfirmScreen

        def remove(coding_id: int) -> None:
            self.write(lambda: self.wb.coding.remove([coding_id]),
                       lambda n: self.changed(f"removed coding {coding_id} (ctrl+z undoes)")
                       if n else None)

        def ask(coding_id: int) -> None:
            # Someone else's work is not removed on one key: say whose it is first.
            assert self.view is not None
            question = others_coding(self.view, coding_id, self.workbench_app.coder)
            if question is None:
                remove(coding_id)
                return
            self.app.push_screen(ConfirmScreen(question),
                                 lambda yes: remove(coding_id) if yes else None)

        self._one_coding(ask)

    def action_memo(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen
        from themework.tui.unsaved import DraftKeeper

        transcript = self.transcript

        def memo(coding_id: int) -> None:
            def save(text: str) -> bool:
                """Store the memo; whether it was stored (an error keeps the dialog open)."""
                if not text.strip():
                    return True
                if guard(self.app, lambda: self.wb.memos.add(f"coding:{coding_id}", text)) is None:
                    return False
                self.changed(f"memo on coding {coding_id}")
                return True

            # The draft hangs on the transcript, so that it goes with it (a withdrawal too).
            keeper = None if transcript is None else DraftKeeper(
                self.app, self.wb, f"memo-{coding_id}", f"transcript:{transcript}")
            self.app.push_screen(PromptScreen(f"Memo on coding {coding_id}", multiline=True,
                                              save=save, keeper=keeper))

        self._one_coding(memo)

    def action_jump(self, direction: int) -> None:
        reader = self.query_one(TranscriptView)
        self._jump_among(direction, sorted({m.start for m in reader.marks if m.kind == "coding"}))

    def action_follow_code(self, then: int = 0) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None:
            return

        def chosen(code: str | None) -> None:
            if code is not None:
                self.follow = code
                if then:
                    self.action_jump_code(then)

        self.app.push_screen(
            ChooseScreen("Jump between the codings of which code?", self._recent_first(),
                         numbered=True),
            chosen,
        )

    def action_jump_code(self, direction: int) -> None:
        if self.view is None:
            return
        if self.follow is None:
            self.action_follow_code(then=direction)
            return
        starts = sorted({part[0] for e in self.view.extracts if e.code == self.follow
                         and (part := self.filter.clip(e.start, e.end)) is not None})
        name = next((c.name for c in self.view.codes if c.id == self.follow), self.follow)
        self._jump_among(direction, starts, f"codings of {name}")

    def _jump_among(self, direction: int, starts: list[int], what: str = "codings") -> None:
        reader = self.query_one(TranscriptView)
        here = reader.cursor_offset
        if direction > 0:
            nxt = next((s for s in starts if s > here), None)
        else:
            nxt = next((s for s in reversed(starts) if s < here), None)
        if nxt is None:
            self.notify(f"no more {what} this way")
            return
        reader.move_cursor(reader.location_of(nxt), center=True)

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

    def action_open_transcript(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None:
            return
        opts = [(transcript_choice(t), t.name) for t in self.view.transcripts]
        self.app.push_screen(
            ChooseScreen("Open which transcript?", opts),
            lambda v: self._open_to_read(v) if v else None,
        )

    # -- blind coding ----------------------------------------------------------------------
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

    # -- stripes and the turn filter -------------------------------------------------------
    def _refused(self, span: tuple[int, int]) -> bool:
        """Say so and refuse when ``span`` runs over turns the filter hides."""
        why = self.filter.refusal(span)
        if why is not None:
            self.notify(why, severity="warning")
        return why is not None

    @on(Resize)
    def _resized(self) -> None:
        self._place_stripes()

    def _place_stripes(self) -> None:
        """Stripes on by default on a wide screen; at 80 columns the margin's tags do."""
        on = self.stripes_on if self.stripes_on is not None else self.app.size.width >= NARROW
        self.query_one(CodeStripes).display = on
        legend = self.query_one("#legend", Static)
        legend.display = on

    @on(CodeStripes.LegendChanged)
    def _legend(self, event: CodeStripes.LegendChanged) -> None:
        self.query_one("#legend", Static).update(event.legend)

    def action_toggle_stripes(self) -> None:
        self.stripes_on = not self.query_one(CodeStripes).display
        self._place_stripes()
        self.notify("coding stripes " + ("on" if self.stripes_on else "off"))

    def action_filter_code(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None or self.view.text is None:
            return
        if self.filter.code is not None:
            self.filter.code = None
            self.notify("filter off: every turn shows")
            self._show(self.view, self.transcript)
            return
        view, name = self.view, self.view.text.name

        def chosen(code: str | None) -> None:
            if code is None or self.view is not view:
                return
            self.filter.code = code
            if view.text is None or not self.filter.apply(view.text, view):
                self.filter.code = None
                self.notify(f"no turn of {name} carries that code", severity="warning")
                return
            self._show(view, self.transcript)

        here = {e.code for e in view.extracts}
        options = [o for o in self._recent_first() if o[1] in here]
        if not options:
            self.notify(f"nothing is coded in {name} yet", severity="warning")
            return
        self.app.push_screen(
            ChooseScreen("Show only the turns carrying which code?", options, numbered=True),
            chosen,
        )
