"""Codebook editing on the Code screen: add, edit, rename, merge, split, retire, move a code.

Each works on the code highlighted in the codebook tree when the tree has focus, else asks
for one with a picker. The screen says which codings are under the cursor
(``_codings_here``), which a split moves; the bindings stay on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from themework.domain.plural import plural
from themework.services.codes import CodeInfo
from themework.tui.screens.base import PhaseScreen
from themework.tui.screens.code_data import code_options, merge_code_question
from themework.tui.screens.code_view import CodeView
from themework.tui.services_bridge import guard, in_thread
from themework.tui.widgets.code_codebook import CodebookTree
from themework.tui.widgets.transcript_view import Mark

TOP = "__top__"


class CodebookActions(PhaseScreen):
    view: CodeView | None

    def _codings_here(self) -> list[Mark]:
        raise NotImplementedError

    def _code_options(self) -> list[tuple[str, str]]:
        assert self.view is not None
        return code_options(self.view)

    def _with_code(self, title: str, then: Any) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        tree = self.query_one("#codebook", CodebookTree)
        if tree.has_focus and tree.cursor_node is not None and tree.cursor_node.data:
            then(tree.cursor_node.data)
            return
        self.app.push_screen(
            ChooseScreen(title, self._code_options()), lambda v: then(v) if v else None
        )

    def _read_code(self, code_id: str, then: Callable[[CodeInfo], None]) -> None:
        """Read the code in a worker (the app keeps drawing), then ``then`` on the app
        thread; an error is a notification and nothing opens."""
        in_thread(self.app, lambda: self.wb.codes.get(code_id), then, group="codebook-read")

    def action_add_code(self) -> None:
        self.new_code()

    def new_code(self, name: str = "", *, in_vivo: bool = False,
                 then: Callable[[str], None] | None = None) -> None:
        """Ask for a new code in the form (``dialogs.code_form``), store it, then ``then``
        with its id. An in-vivo code comes named by the words selected and saves on Enter."""
        from themework.tui.dialogs.code_form import NewCode, NewCodeScreen

        def save(code: NewCode) -> str | None:
            c = guard(self.app, lambda: self.wb.codes.add(
                code.name, definition=code.definition, include=code.include,
                exclude=code.exclude, keywords=list(code.keywords)))
            if c is None:
                return None
            if then is None:  # else what follows (coding the words) says what was done
                self.changed(f"added code {c.name}")
            return c.id

        title = "New in-vivo code, named by the words selected" if in_vivo else "New code"
        self.app.push_screen(
            NewCodeScreen(save, name, quick=in_vivo, title=title),
            lambda code: then(code) if code is not None and then is not None else None,
        )

    def action_edit_code(self) -> None:
        from themework.tui.dialogs.code_edit import CodeEditScreen

        def edit(info: CodeInfo) -> None:
            code_id = info.id

            def save(fields: dict[str, Any]) -> bool:
                """Store the changed fields; whether they were (an error keeps the form)."""
                if guard(self.app, lambda: self.wb.codes.edit(code_id, info.version, **fields)):
                    self.changed(f"edited code {info.name}")
                    return True
                return False

            self.app.push_screen(CodeEditScreen(info, save))

        self._with_code("Edit which code?", lambda code_id: self._read_code(code_id, edit))

    def action_rename_code(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        def rename(info: CodeInfo) -> None:
            def save(name: str | None) -> None:
                if name and name.strip():
                    self.write(lambda: self.wb.codes.rename(info.id, name.strip(), info.version),
                               lambda _: self.changed(f"renamed {info.name} to {name.strip()}"))

            self.app.push_screen(PromptScreen(f"Rename {info.name}", value=info.name), save)

        self._with_code("Rename which code?", lambda code_id: self._read_code(code_id, rename))

    def action_merge_code(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen
        from themework.tui.dialogs.prompt import ConfirmScreen

        def merge(source: str) -> None:
            def go(target: str) -> None:
                self.write(lambda: self.wb.codes.merge([source], target),
                           lambda r: self.changed(f"merged {source} into {r[0].name} "
                                                  f"({plural(r[1], 'coding')} moved; "
                                                  "ctrl+z undoes)"),
                           doing=f"merging {source}")

            def into(target: str | None) -> None:
                if target and target != source and self.view is not None:
                    self.app.push_screen(
                        ConfirmScreen(merge_code_question(self.view, source, target)),
                        lambda yes: go(target) if yes else None,
                    )

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
                    self.write(
                        lambda: self.wb.codes.split(code_id, name.strip(), coding_ids=here),
                        lambda r: self.changed(f"split {plural(r[1], 'coding')} into {r[0].name}"),
                    )
                    return

                def matched(text: str | None) -> None:
                    if text and text.strip():
                        self.write(
                            lambda: self.wb.codes.split(code_id, name.strip(), match=text.strip()),
                            lambda r: self.changed(
                                f"split {plural(r[1], 'coding')} into {r[0].name}"),
                            doing=f"splitting {code_id}",
                        )

                self.app.push_screen(PromptScreen("Move the codings whose text contains:"), matched)

            self.app.push_screen(PromptScreen(f"Split {code_id}: name of the new code"), named)

        self._with_code("Split which code?", split)

    def action_retire_code(self) -> None:
        def retire(code_id: str) -> None:
            self.write(lambda: self.wb.codes.retire(code_id),
                       lambda c: self.changed(f"retired {c.name} (its codings stay)"))

        self._with_code("Retire which code?", retire)

    def action_move_code(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        def move(code_id: str) -> None:
            opts = [("(top level)", TOP), *[o for o in self._code_options() if o[1] != code_id]]

            def under(parent: str | None) -> None:
                if parent is None:
                    return
                self.write(
                    lambda: self.wb.codes.move(code_id, None if parent == TOP else parent),
                    lambda c: self.changed(f"moved {c.name} under {c.parent or 'the top level'}"),
                )

            self.app.push_screen(ChooseScreen("Move under which code?", opts), under)

        self._with_code("Move which code?", move)
