"""Phase 2, Generate codes: read a transcript, select text or stand on a turn, code it.

``c`` opens a fuzzy code picker (several codes in a row), ``n`` makes an in-vivo code,
``x`` removes the coding under the cursor, ``m`` adds a memo to it, ``]``/``[`` jump between
codings, ``alt+1``..``alt+9`` apply recent codes; codebook editing works on the code
highlighted in the tree.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option

from themework.services.coding import CodingRequest, Target
from themework.tui.messages import JumpTo
from themework.tui.screens.base import PhaseScreen
from themework.tui.screens.code_view import CodeView, load
from themework.tui.services_bridge import guard, in_thread
from themework.tui.widgets.margin import CodeMargin
from themework.tui.widgets.transcript_view import Mark, TranscriptView

RECENT = 9
TOP = "__top__"


class CodeScreen(PhaseScreen):
    CSS_PATH = "code.tcss"
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
        Binding(
            "v",
            "toggle_advance",
            "Advance",
            id="code.advance",
            tooltip="Code and move to the next turn",
        ),
        Binding("o", "open_transcript", "Open", id="code.open", tooltip="Open another transcript"),
        Binding("t", "toggle_side", "Panel", id="code.side", tooltip="Show or hide the side panel"),
        Binding("a", "suggestion(True)", "Accept", id="code.accept",
                tooltip="Accept the suggestion under the cursor"),
        Binding("r", "suggestion(False)", "Reject", id="code.reject",
                tooltip="Reject the suggestion under the cursor (it will not come back)"),
        Binding("G", "suggest", "Suggest", id="code.suggest",
                tooltip="Suggest codings for this transcript from codebook keywords"),
        Binding("B", "toggle_blind", "Blind", id="code.blind",
                tooltip="Hide other coders' codings and counts while you code"),
        Binding("plus", "add_code", "Add code", id="code.add", show=False),
        Binding("E", "edit_code", "Edit code", id="code.edit", show=False),
        Binding("R", "rename_code", "Rename code", id="code.rename", show=False),
        Binding("M", "merge_code", "Merge code", id="code.merge", show=False),
        Binding("S", "split_code", "Split code", id="code.split", show=False),
        Binding("D", "retire_code", "Retire code", id="code.retire", show=False),
        Binding("V", "move_code", "Move code", id="code.move", show=False),
        *(
            Binding(
                f"alt+{n}", f"apply_recent({n})", f"Recent {n}", id=f"code.recent{n}", show=False
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

    def compose_body(self) -> ComposeResult:
        reader = TranscriptView(id="reader")
        with Horizontal(id="body"):
            with Vertical(id="side"):
                yield OptionList(id="transcripts")
                yield Tree("Codebook", id="codebook")
            yield reader
            yield CodeMargin(reader, id="margin")
        yield Static("", id="here", markup=False)

    def on_mount(self) -> None:
        # PhaseScreen.on_mount runs too (Textual calls each class's handler): no super().
        self.query_one(TranscriptView).focus()
        self._counts()

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
            changed = self.transcript != view.text.name or reader.text != view.text.text
            if changed:
                cursor = reader.cursor_location if self.transcript == view.text.name else (0, 0)
                reader.show_text(view.text.text)
                reader.move_cursor(cursor)
            self.transcript = view.text.name
            self.sub_title = view.text.name
        colours = {c.id: c.colour for c in view.codes}
        suggested = [
            Mark(sg.start, sg.end, view.tags.get(sg.code, "?"), colours.get(sg.code, ""),
                 "suggestion", sg.id)
            for sg in view.suggestions
        ]
        reader.set_marks(
            suggested + [
                Mark(
                    e.start,
                    e.end,
                    view.tags.get(e.code, "?"),
                    colours.get(e.code, ""),
                    "coding",
                    e.id,
                )
                for e in view.extracts
            ]
        )
        if view.text is not None:
            self.query_one(CodeMargin).set_turns(
                {reader.row_of(t.label_start): t.index for t in view.text.turns}
            )
        self._fill_transcripts()
        self._fill_tree()
        self._update_here()
        if self._pending_jump is not None:
            start, end = self._pending_jump
            self._pending_jump = None
            reader.select_offsets(start, end if end is not None else start)

    def _fill_transcripts(self) -> None:
        assert self.view is not None
        ol = self.query_one("#transcripts", OptionList)
        ol.clear_options()
        ol.add_options(
            [Option(Text(f"{t.name}  ({t.codings})"), id=t.name) for t in self.view.transcripts]
        )
        for i, t in enumerate(self.view.transcripts):
            if t.name == self.transcript:
                ol.highlighted = i

    def _fill_tree(self) -> None:
        assert self.view is not None
        tree: Tree[str] = self.query_one("#codebook", Tree)
        highlighted = tree.cursor_node.data if tree.cursor_node else None
        tree.clear()
        tree.root.expand()
        nodes: dict[str, Any] = {}
        here = {e.code for e in self.view.extracts}
        for c in self.view.codes:
            parent = nodes.get(c.parent or "", tree.root)
            mark = "●" if c.id in here else " "
            label = f"{mark} {self.view.tags[c.id]:<4} {c.name} ({c.codings})"
            node = parent.add(Text(label), data=c.id, expand=True)
            if not any(x.parent == c.id for x in self.view.codes):
                node.allow_expand = False
            nodes[c.id] = node
        if highlighted in nodes:
            tree.move_cursor(nodes[highlighted])

    def _update_here(self) -> None:
        if self.view is None:
            return
        reader = self.query_one(TranscriptView)
        marks = reader.marks_at(reader.cursor_offset)
        names = {c.id: c.name for c in self.view.codes}
        by_id = {e.id: e for e in self.view.extracts}
        parts = []
        for m in marks:
            e = by_id.get(m.ref)
            if e is not None:
                parts.append(f"#{e.id} {m.tag} {names.get(e.code, e.code)} ({e.coder})")
        turn = self._turn_here()
        where = f"turn {turn.index} {turn.speaker}" if turn else "no turn"
        mode = " · advance on" if self.advance else ""
        self.query_one("#here", Static).update(
            f"{self.transcript or '-'} · {where}{mode} · " + ("; ".join(parts) or "not coded here")
        )

    @on(TranscriptView.SelectionChanged)
    def _moved(self) -> None:
        self._update_here()

    @on(OptionList.OptionSelected, "#transcripts")
    def _pick_transcript(self, event: OptionList.OptionSelected) -> None:
        self.open(str(event.option.id))

    def open(self, name: str, offset: int | None = None, end: int | None = None) -> None:
        self.transcript = name
        if offset is not None:
            self._pending_jump = (offset, end)
        self.reload()

    @on(JumpTo)
    def _jump_to(self, event: JumpTo) -> None:
        self.open(event.transcript, event.offset, event.end)

    # -- where to code ---------------------------------------------------------------------
    def _turn_here(self) -> Any:
        if self.view is None or self.view.text is None:
            return None
        offset = self.query_one(TranscriptView).cursor_offset
        found = None
        for t in self.view.text.turns:
            if t.label_start <= offset:
                found = t
            else:
                break
        return found

    def _target(self) -> Target | None:
        reader = self.query_one(TranscriptView)
        sel = reader.selection_offsets()
        if sel is not None:
            return Target(span=sel)
        turn = self._turn_here()
        if turn is None:
            self.notify("select some text or stand on a turn", severity="warning")
            return None
        return Target(turn=turn.index)

    def _apply(self, code: str, target: Target, origin: str = "manual") -> bool:
        assert self.transcript is not None
        req = CodingRequest(self.transcript, code, target)
        e = guard(self.app, lambda: self.wb.coding.apply(req, origin=origin))
        if e is None:
            return False
        self.recent = [code, *[c for c in self.recent if c != code]][:RECENT]
        self.changed(f"coded {e.transcript} {e.start}:{e.end} as {e.code_name}")
        return True

    def _after_apply(self, target: Target) -> None:
        if not self.advance or self.view is None or self.view.text is None:
            return
        turn = self._turn_here()
        turns = self.view.text.turns
        nxt = next(
            (t for t in turns if turn and t.index > turn.index and t.role == "participant"), None
        )
        if nxt is not None:
            self.query_one(TranscriptView).move_cursor(
                self.query_one(TranscriptView).location_of(nxt.start)
            )

    # -- actions ---------------------------------------------------------------------------
    def _code_options(self) -> list[tuple[str, str]]:
        assert self.view is not None
        opts = []
        for c in self.view.codes:
            extra = f"  aka {', '.join(c.aliases)}" if c.aliases else ""
            opts.append((f"{self.view.tags[c.id]:<4} {c.name}{extra}", c.id))
        return opts

    def action_apply(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        target = self._target()
        if target is None or self.view is None:
            return

        def chosen(code: str | None) -> None:
            if code is None:
                self._after_apply(target)
                return
            if self._apply(code, target):
                # Several codes in a row: the picker comes back until Esc.
                self.app.push_screen(
                    ChooseScreen("Apply another code? (Esc: done)", self._code_options()), chosen
                )

        self.app.push_screen(ChooseScreen("Apply which code?", self._code_options()), chosen)

    def action_apply_recent(self, n: int) -> None:
        if n > len(self.recent):
            self.notify(f"no recent code {n} yet", severity="warning")
            return
        target = self._target()
        if target is not None and self._apply(self.recent[n - 1], target):
            self._after_apply(target)

    def action_in_vivo(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        reader = self.query_one(TranscriptView)
        sel = reader.selection_offsets()
        if sel is None:
            self.notify("select the participant's words first", severity="warning")
            return
        words = " ".join(reader.selected_text.split())[:60]

        def named(name: str | None) -> None:
            if not name or not name.strip():
                return
            code = guard(self.app, lambda: self.wb.codes.add(name.strip()))
            if code is not None:
                self._apply(code.id, Target(span=sel), origin="in-vivo")

        self.app.push_screen(PromptScreen("Name of the in-vivo code", value=words), named)

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
        names = {c.id: c.name for c in self.view.codes}
        by_id = {e.id: e for e in self.view.extracts}
        opts = [
            (f"#{m.ref} {names.get(by_id[m.ref].code, '')} ({by_id[m.ref].coder})", str(m.ref))
            for m in marks
            if m.ref in by_id
        ]
        self.app.push_screen(
            ChooseScreen("Which coding?", opts), lambda v: then(int(v)) if v else None
        )

    def action_remove_coding(self) -> None:
        def remove(coding_id: int) -> None:
            if guard(self.app, lambda: self.wb.coding.remove([coding_id])):
                self.changed(f"removed coding {coding_id}")

        self._one_coding(remove)

    def action_memo(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def memo(coding_id: int) -> None:
            def save(text: str | None) -> None:
                saved = text and text.strip() and guard(
                    self.app, lambda: self.wb.memos.add(f"coding:{coding_id}", text)
                )
                if saved:
                    self.changed(f"memo on coding {coding_id}")

            self.app.push_screen(PromptScreen(f"Memo on coding {coding_id}", multiline=True), save)

        self._one_coding(memo)

    def action_jump(self, direction: int) -> None:
        reader = self.query_one(TranscriptView)
        here = reader.cursor_offset
        starts = sorted({m.start for m in reader.marks if m.kind == "coding"})
        if direction > 0:
            nxt = next((s for s in starts if s > here), None)
        else:
            nxt = next((s for s in reversed(starts) if s < here), None)
        if nxt is None:
            self.notify("no more codings this way")
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

    def action_open_transcript(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        if self.view is None:
            return
        opts = [
            (f"{t.name}  {', '.join(t.participants)}  ({t.codings} codings)", t.name)
            for t in self.view.transcripts
        ]
        self.app.push_screen(
            ChooseScreen("Open which transcript?", opts), lambda v: self.open(v) if v else None
        )

    # -- codebook editing (on the code highlighted in the tree, else a picker) -------------
    def _with_code(self, title: str, then: Any) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        tree: Tree[str] = self.query_one("#codebook", Tree)
        if tree.has_focus and tree.cursor_node is not None and tree.cursor_node.data:
            then(tree.cursor_node.data)
            return
        self.app.push_screen(
            ChooseScreen(title, self._code_options()), lambda v: then(v) if v else None
        )

    def action_add_code(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def add(name: str | None) -> None:
            if name and name.strip():
                c = guard(self.app, lambda: self.wb.codes.add(name.strip()))
                if c is not None:
                    self.changed(f"added code {c.name}")

        self.app.push_screen(PromptScreen("Name of the new code"), add)

    def action_edit_code(self) -> None:
        from themework.tui.dialogs.code_edit import CodeEditScreen

        def edit(code_id: str) -> None:
            info = guard(self.app, lambda: self.wb.codes.get(code_id))
            if info is None:
                return

            def save(fields: dict[str, Any] | None) -> None:
                if fields and guard(
                    self.app, lambda: self.wb.codes.edit(code_id, info.version, **fields)
                ):
                    self.changed(f"edited code {info.name}")

            self.app.push_screen(CodeEditScreen(info), save)

        self._with_code("Edit which code?", edit)

    def action_rename_code(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def rename(code_id: str) -> None:
            info = guard(self.app, lambda: self.wb.codes.get(code_id))
            if info is None:
                return

            def save(name: str | None) -> None:
                if (
                    name
                    and name.strip()
                    and guard(
                        self.app, lambda: self.wb.codes.rename(code_id, name.strip(), info.version)
                    )
                ):
                    self.changed(f"renamed {info.name} to {name.strip()}")

            self.app.push_screen(PromptScreen(f"Rename {info.name}", value=info.name), save)

        self._with_code("Rename which code?", rename)

    def action_merge_code(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        def merge(source: str) -> None:
            def into(target: str | None) -> None:
                if target and target != source:
                    r = guard(self.app, lambda: self.wb.codes.merge([source], target))
                    if r is not None:
                        self.changed(f"merged {source} into {r[0].name} ({r[1]} codings moved)")

            opts = [o for o in self._code_options() if o[1] != source]
            self.app.push_screen(ChooseScreen(f"Merge {source} into which code?", opts), into)

        self._with_code("Merge which code?", merge)

    def action_split_code(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def split(code_id: str) -> None:
            here = [
                m.ref
                for m in self._codings_here()
                if self.view
                and any(e.id == m.ref and e.code == code_id for e in self.view.extracts)
            ]

            def named(name: str | None) -> None:
                if not name or not name.strip():
                    return
                if here:
                    r = guard(
                        self.app,
                        lambda: self.wb.codes.split(code_id, name.strip(), coding_ids=here),
                    )
                    if r is not None:
                        self.changed(f"split {r[1]} codings into {r[0].name}")
                    return

                def matched(text: str | None) -> None:
                    if text and text.strip():
                        r = guard(
                            self.app,
                            lambda: self.wb.codes.split(code_id, name.strip(), match=text.strip()),
                        )
                        if r is not None:
                            self.changed(f"split {r[1]} codings into {r[0].name}")

                self.app.push_screen(PromptScreen("Move the codings whose text contains:"), matched)

            self.app.push_screen(PromptScreen(f"Split {code_id}: name of the new code"), named)

        self._with_code("Split which code?", split)

    def action_retire_code(self) -> None:
        def retire(code_id: str) -> None:
            c = guard(self.app, lambda: self.wb.codes.retire(code_id))
            if c is not None:
                self.changed(f"retired {c.name} (its codings stay)")

        self._with_code("Retire which code?", retire)

    def action_move_code(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        def move(code_id: str) -> None:
            opts = [("(top level)", TOP), *[o for o in self._code_options() if o[1] != code_id]]

            def under(parent: str | None) -> None:
                if parent is None:
                    return
                c = guard(
                    self.app, lambda: self.wb.codes.move(code_id, None if parent == TOP else parent)
                )
                if c is not None:
                    self.changed(f"moved {c.name} under {c.parent or 'the top level'}")

            self.app.push_screen(ChooseScreen("Move under which code?", opts), under)

        self._with_code("Move which code?", move)

    # -- suggestions and blind coding --------------------------------------------------------
    def action_suggest(self) -> None:
        if self.transcript is None:
            return
        name = self.transcript

        def done(n: int) -> None:
            self.notify(f"{n} new suggestions in {name}" if n else "no new suggestions")
            if n:
                self.changed(f"suggested {n} codings in {name}")

        self.notify("looking for keyword matches...")
        in_thread(self.app, lambda: self.wb.language.suggest(transcript=name), done,
                  group="suggest")

    def action_suggestion(self, accept: bool) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        reader = self.query_one(TranscriptView)
        here = [m for m in reader.marks_at(reader.cursor_offset) if m.kind == "suggestion"]
        if not here:
            self.notify("no suggestion under the cursor (G suggests codings)", severity="warning")
            return

        def decide(ref: int) -> None:
            def call() -> bool:
                self.wb.language.decide(ref, accept)
                return True

            if guard(self.app, call):
                self.changed(f"{'accepted' if accept else 'rejected'} suggestion {ref}")

        if len(here) == 1:
            decide(here[0].ref)
            return
        assert self.view is not None
        names = {c.id: c.name for c in self.view.codes}
        by_id = {sg.id: sg for sg in self.view.suggestions}
        opts = [(f"{names.get(by_id[m.ref].code, '')} (matched {', '.join(by_id[m.ref].matched)})",
                 str(m.ref)) for m in here if m.ref in by_id]
        self.app.push_screen(ChooseScreen("Which suggestion?", opts),
                             lambda v: decide(int(v)) if v else None)

    def action_toggle_blind(self) -> None:
        app = self.workbench_app
        app.blind = not app.blind
        self.notify("blind coding on: only your codings and counts show" if app.blind
                    else "blind coding off")
        self.reload()
