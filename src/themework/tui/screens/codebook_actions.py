"""Codebook editing on the Code screen: add, edit, rename, merge, split, retire, move a code.

Each works on the code highlighted in the codebook tree when the tree has focus, else asks
for one with a picker; a split moves the codings under the cursor (``screen.here``).
``CodebookEdits`` is a part the screen owns (``screen.codebook``), not a base class: the
bindings stay on the screen and call it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from themework.domain.plural import plural
from themework.services.codes import CodeInfo
from themework.tui.screens.code_data import code_options, merge_code_question
from themework.tui.services_bridge import guard, in_thread
from themework.tui.widgets.code_codebook import CodebookTree

if TYPE_CHECKING:
    from themework.tui.screens.code import CodeScreen

TOP = "__top__"


class CodebookEdits:
    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen

    def options(self) -> list[tuple[str, str]]:
        """The codebook's codes, as picker options."""
        assert self.screen.view is not None
        return code_options(self.screen.view)

    def _with_code(self, title: str, then: Any) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        tree = self.screen.query_one("#codebook", CodebookTree)
        if tree.has_focus and tree.cursor_node is not None and tree.cursor_node.data:
            then(tree.cursor_node.data)
            return
        self.screen.app.push_screen(
            ChooseScreen(title, self.options()), lambda v: then(v) if v else None
        )

    def _read_code(self, code_id: str, then: Callable[[CodeInfo], None]) -> None:
        """Read the code in a worker (the app keeps drawing), then ``then`` on the app
        thread; an error is a notification and nothing opens."""
        screen = self.screen
        in_thread(screen.app, lambda: screen.wb.codes.get(code_id), then, group="codebook-read",
                  holds_keys=True)  # the form it opens takes the keys typed meanwhile

    def new_code(self, name: str = "", *, in_vivo: bool = False,
                 then: Callable[[str], None] | None = None) -> None:
        """Ask for a new code in the form (``dialogs.code_form``), store it, then ``then``
        with its id. An in-vivo code comes named by the words selected and saves on Enter."""
        from themework.tui.dialogs.code_form import NewCode, NewCodeScreen

        screen = self.screen

        def save(code: NewCode) -> str | None:
            c = guard(screen.app, lambda: screen.wb.codes.add(
                code.name, definition=code.definition, include=code.include,
                exclude=code.exclude, keywords=list(code.keywords)))
            if c is None:
                return None
            if then is None:  # else what follows (coding the words) says what was done
                screen.changed(f"added code {c.name}")
            return c.id

        title = "New in-vivo code, named by the words selected" if in_vivo else "New code"
        screen.app.push_screen(
            NewCodeScreen(save, name, quick=in_vivo, title=title),
            lambda code: then(code) if code is not None and then is not None else None,
        )

    def edit(self) -> None:
        from themework.tui.dialogs.code_edit import CodeEditScreen

        screen = self.screen

        def edit(info: CodeInfo) -> None:
            code_id = info.id

            def save(fields: dict[str, Any]) -> bool:
                """Store the changed fields; whether they were (an error keeps the form)."""
                if guard(screen.app, lambda: screen.wb.codes.edit(code_id, info.version, **fields)):
                    screen.changed(f"edited code {info.name}")
                    return True
                return False

            screen.app.push_screen(CodeEditScreen(info, save))

        self._with_code("Edit which code?", lambda code_id: self._read_code(code_id, edit))

    def rename(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        screen = self.screen

        def rename(info: CodeInfo) -> None:
            def save(name: str | None) -> None:
                if name and name.strip():
                    new = name.strip()
                    screen.write(lambda: screen.wb.codes.rename(info.id, new, info.version),
                                 lambda _: screen.changed(f"renamed {info.name} to {new}"))

            screen.app.push_screen(PromptScreen(f"Rename {info.name}", value=info.name), save)

        self._with_code("Rename which code?", lambda code_id: self._read_code(code_id, rename))

    def merge(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen
        from themework.tui.dialogs.prompt import ConfirmScreen

        screen = self.screen

        def merge(source: str) -> None:
            def go(target: str) -> None:
                screen.write(lambda: screen.wb.codes.merge([source], target),
                             lambda r: screen.changed(f"merged {source} into {r[0].name} "
                                                      f"({plural(r[1], 'coding')} moved; "
                                                      "ctrl+z undoes)"),
                             doing=f"merging {source}")

            def into(target: str | None) -> None:
                if target and target != source and screen.view is not None:
                    screen.app.push_screen(
                        ConfirmScreen(merge_code_question(screen.view, source, target)),
                        lambda yes: go(target) if yes else None,
                    )

            opts = [o for o in self.options() if o[1] != source]
            screen.app.push_screen(ChooseScreen(f"Merge {source} into which code?", opts), into)

        self._with_code("Merge which code?", merge)

    def split(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        screen = self.screen

        def split(code_id: str) -> None:
            here = [
                m.ref
                for m in screen.here.marks()
                if screen.view
                and any(e.id == m.ref and e.code == code_id for e in screen.view.extracts)
            ]

            def named(name: str | None) -> None:
                if not name or not name.strip():
                    return
                new = name.strip()

                def told(r: tuple[CodeInfo, int]) -> None:
                    screen.changed(f"split {plural(r[1], 'coding')} into {r[0].name}")

                if here:
                    screen.write(lambda: screen.wb.codes.split(code_id, new, coding_ids=here), told)
                    return

                def matched(text: str | None) -> None:
                    if text and text.strip():
                        words = text.strip()
                        screen.write(lambda: screen.wb.codes.split(code_id, new, match=words),
                                     told, doing=f"splitting {code_id}")

                screen.app.push_screen(PromptScreen("Move the codings whose text contains:"),
                                       matched)

            screen.app.push_screen(PromptScreen(f"Split {code_id}: name of the new code"), named)

        self._with_code("Split which code?", split)

    def retire(self) -> None:
        screen = self.screen

        def retire(code_id: str) -> None:
            screen.write(lambda: screen.wb.codes.retire(code_id),
                         lambda c: screen.changed(f"retired {c.name} (its codings stay)"))

        self._with_code("Retire which code?", retire)

    def move(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        screen = self.screen

        def move(code_id: str) -> None:
            opts = [("(top level)", TOP), *[o for o in self.options() if o[1] != code_id]]

            def under(parent: str | None) -> None:
                if parent is None:
                    return
                screen.write(
                    lambda: screen.wb.codes.move(code_id, None if parent == TOP else parent),
                    lambda c: screen.changed(f"moved {c.name} under {c.parent or 'the top level'}"),
                )

            screen.app.push_screen(ChooseScreen("Move under which code?", opts), under)

        self._with_code("Move which code?", move)
