"""The Code screen's code picker: the codes already applied where you code carry a mark, and
choosing one of them says so instead of coding the same text twice.

"Applied here" means that one of *your* codings of that code already covers the whole
selection (the whole turn's utterance, when nothing is selected). A code that covers only
part of it is not marked: choosing it codes the selection, as a researcher extending a
coding expects. Other coders' codings are not marked either: in double coding each coder
codes the same text on their own, so their work is no duplicate of yours.

Choosing a marked code codes nothing; it asks whether to remove that coding instead (n or
Esc keeps it, ctrl+z undoes a removal), and then the picker comes back for more codes, as
it does after a code is applied. The highlighted code's whole name and its definition show
under the list, so a long name or a near neighbour can be told apart before choosing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import count
from typing import TYPE_CHECKING

from themework.services.coding import Extract, Target
from themework.tui.screens.code_view import CodeView

if TYPE_CHECKING:
    from themework.tui.screens.code import CodeScreen

APPLIED = "✓"
LEGEND = f"{APPLIED} applied here"
# Shorter than the usual hint, so that with the legend it still takes one line at 80 columns.
HINT = "1-9/Enter chooses · type to filter · Esc cancels"
AGAIN = "Apply another code? (Esc: done)"
# Names of kept pickers: never reused, as an id() of a Code screen gone could be.
_KEPT = count(1)


def target_span(view: CodeView, target: Target) -> tuple[int, int] | None:
    """The offsets a coding of ``target`` would take (a turn codes its utterance)."""
    if target.span is not None:
        return target.span
    if target.turn is not None and view.text is not None:
        for t in view.text.turns:
            if t.index == target.turn:
                return t.start, t.end
    return None


def applied_here(extracts: Iterable[Extract], span: tuple[int, int],
                 coder: str) -> dict[str, Extract]:
    """Per code, the smallest of ``coder``'s codings that covers all of ``span``."""
    start, end = span
    out: dict[str, Extract] = {}
    for e in extracts:
        if e.coder != coder or e.start > start or e.end < end:
            continue
        best = out.get(e.code)
        if best is None or e.end - e.start < best.end - best.start:
            out[e.code] = e
    return out


def code_details(view: CodeView) -> dict[str, str]:
    """A code's detail line: its tag, whole name and definition."""
    return {
        c.id: f"{view.tags.get(c.id, '')} {c.name}: "
        + (c.definition or "no definition yet (E edits the code)")
        for c in view.codes
    }


def applied_question(name: str, e: Extract) -> str:
    where = f" on turn {e.turn}" if e.turn is not None else ""
    return (f"{name} is already applied here (your coding #{e.id}{where}), so it was not "
            "applied again.\nRemove that coding instead? ctrl+z undoes a removal.")


class CodePicker:
    """One round of coding at one place: the picker (again after each code, unless
    ``once``), with the codes applied there marked and kept up to date as you go."""

    def __init__(self, screen: CodeScreen, target: Target, *, once: bool = False) -> None:
        assert screen.view is not None
        self.screen = screen
        self.view = screen.view
        self.target = target
        self.once = once
        span = target_span(self.view, target)
        coder = screen.workbench_app.coder
        # Kept here, not read back from the view: the view reloads in a worker after each
        # change, and the next picker opens before it has.
        self.applied = {} if span is None else applied_here(self.view.extracts, span, coder)

    def open(self, options: list[tuple[str, str]], title: str = "Apply which code?") -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        marks: Mapping[str, str] = {code: APPLIED for code in self.applied}
        details = code_details(self.view)
        kept = self.screen.applier.picker
        if kept is not None:
            kept.refill(options, marks, details, title)
            self.screen.app.push_screen(kept, self.choose)
            return
        picker = ChooseScreen(title, options, HINT, numbered=True, marks=marks, legend=LEGEND,
                              details=details)
        # One picker for c, its rounds and r, kept for the next: see ChooseScreen.refill.
        self.screen.app.install_screen(picker, f"code-picker-{next(_KEPT)}")
        self.screen.applier.picker = picker
        self.screen.app.push_screen(picker, self.choose)

    def again(self) -> None:
        if self.once:
            self.screen.applier.after_apply(self.target)
        else:
            self.open(self.screen.applier.recent_first(), AGAIN)

    def choose(self, code: str | None) -> None:
        if code is None:
            if not self.once:  # Esc after a round of codes: done here (and advance, if on)
                self.screen.applier.after_apply(self.target)
            return
        if code in self.applied:
            self._offer_removal(code)
            return
        def made(e: Extract) -> None:
            self.applied[code] = e
            self.again()

        self.screen.applier.apply(code, self.target, then=made)

    def _offer_removal(self, code: str) -> None:
        from themework.tui.dialogs.prompt import ConfirmScreen

        e = self.applied[code]
        name = next((c.name for c in self.view.codes if c.id == code), e.code_name)
        screen = self.screen

        def removed(_: object) -> None:
            del self.applied[code]
            screen.changed(f"removed coding {e.id} ({name}; ctrl+z undoes)", e.transcript)
            if not self.once:
                self.open(screen.applier.recent_first(), AGAIN)

        def answered(yes: bool | None) -> None:
            if yes:
                screen.write(lambda: screen.wb.coding.remove([e.id]), removed)
            elif not self.once:
                self.open(screen.applier.recent_first(), AGAIN)

        screen.app.push_screen(ConfirmScreen(applied_question(name, e)), answered)
