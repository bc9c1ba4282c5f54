"""Choose one of many, typing to filter (fuzzy): codes, themes, phases, transcripts.

A numbered picker also takes 1-9 for the first nine options while the filter is empty (the
code pickers list recent codes first, so ``c 1`` applies the last code used); once you type,
digits go to the filter.

A picker given ``marks`` shows a one-character mark before the options it names (the code
picker: "✓" on the codes already applied where you code) and says what the mark means on
its hint line; one given ``details`` shows the highlighted option's detail (a code's whole
name and definition) on a line of its own. A filter that matches nothing says so in the list.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


def rank(query: str, options: list[tuple[str, str]], limit: int = 200) -> list[tuple[str, str]]:
    """Options best matching ``query`` first (all of them, in order, when it is empty)."""
    if not query.strip():
        return options[:limit]
    from rapidfuzz import fuzz, process, utils

    labels = [label for label, _ in options]
    # Case-blind: "choice and control" must find "CC  Choice and control" first.
    hits = process.extract(query, labels, scorer=fuzz.WRatio, processor=utils.default_process,
                           limit=limit, score_cutoff=45)
    return [options[i] for _, _, i in hits]


class FilterInput(Input):
    """The filter box; in a numbered picker an empty filter leaves the digits 1-9 to the
    picker's bindings (Textual drops bindings for keys the focused Input would take)."""

    def __init__(self, numbered: bool) -> None:
        super().__init__(placeholder="filter", id="filter")
        self.numbered = numbered

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if self.numbered and not self.value and character is not None and character in DIGITS:
            return False
        return super().check_consume_key(key, character)


DIGITS = "123456789"


class ChooseScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ChooseScreen { align: center middle; }
    ChooseScreen > Vertical {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    /* The list's max-height is set in rows by _cap_list (see there). */
    ChooseScreen OptionList { height: auto; }
    ChooseScreen Label { width: 1fr; }
    ChooseScreen #hint { color: $text-muted; }
    ChooseScreen #detail { color: $text-muted; height: auto; max-height: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="dialog.cancel"),
        Binding("down", "focus_list", "List", show=False),
        # Priority, or the filter would take the digit (see FilterInput).
        *(
            Binding(str(n), f"pick({n})", f"Option {n}", id=f"choose.pick{n}", priority=True,
                    show=False, tooltip=f"Choose option {n} of a numbered picker")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]], hint: str = "",
                 numbered: bool = False, *, marks: Mapping[str, str] | None = None,
                 legend: str = "", details: Mapping[str, str] | None = None) -> None:
        """``marks``: option value -> a one-character mark, explained by ``legend`` (for
        example "✓ applied here") at the start of the hint; ``details``: option value -> the
        text shown under the list while that option is highlighted."""
        super().__init__()
        self.title_text = title
        self.options = options
        self.numbered = numbered
        self.marks = marks
        self.details = details
        self.hint = hint or (
            "1-9 or Enter chooses · type to filter · Esc cancels" if numbered
            else "type to filter · Enter chooses · Esc cancels"
        )
        if legend:
            self.hint = f"{legend} · {self.hint}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="title", markup=False)
            yield FilterInput(self.numbered)
            yield OptionList(id="options")
            if self.details is not None:
                yield Label("", id="detail", markup=False)
            yield Label(self.hint, id="hint", markup=False)

    def on_mount(self) -> None:
        self._start()

    def refill(self, options: list[tuple[str, str]], marks: Mapping[str, str] | None = None,
               details: Mapping[str, str] | None = None, title: str | None = None) -> None:
        """Ready a picker kept installed (``App.install_screen``) for another round. Textual
        removes a dismissed screen that is not installed, and laid out and repainted the
        whole screen under it once more after each ``r 1``, each Esc and each code chosen
        (issue 11)."""
        if title is not None and title != self.title_text:
            self.title_text = title
            self.query_one("#title", Label).update(Text(title))
        self.options, self.marks = options, marks
        if self.details is not None and details is not None:
            self.details = details
        self.query_one(FilterInput).value = ""
        self._start()  # the app may have been resized since: the list is capped again

    def _start(self) -> None:
        """Open on the whole list, capped to the screen, with the filter focused."""
        self._cap_list(self.app.size.height)
        self._fill("")
        self.query_one(FilterInput).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._cap_list(event.size.height)

    def _cap_list(self, rows: int) -> None:
        """The list gives way first, so the title and the hint always show: 60% of the
        rows (14 at 24), 50% with the detail line's 2 rows. In rows, not ``60vh``: Textual
        leaves out a child's non-cell max-height when it sizes an auto-height container, and
        the dialog grew to the list's full length, blank under the hint."""
        share = 0.5 if self.details is not None else 0.6
        self.query_one(OptionList).styles.max_height = int(rows * share)

    def _fill(self, query: str) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        # Labels are user data (code names like "[inaudible]"): never read them as markup.
        ranked = rank(query, self.options)
        if self.marks is not None:
            marks = self.marks
            ranked = [(f"{marks.get(value, ' ')} {label}", value) for label, value in ranked]
        if self.numbered and not query:
            ranked = [
                (f"{i} {label}" if i <= 9 else f"  {label}", value)
                for i, (label, value) in enumerate(ranked, 1)
            ]
        ol.add_options([Option(Text(label), id=value) for label, value in ranked])
        if ol.option_count:
            ol.highlighted = 0
            return
        self._show_detail(None)
        if query.strip():
            # An empty list read as a picker still loading; say that the filter is the cause.
            ol.add_option(Option(Text(f"nothing matches {query!r}", style="italic"),
                                 disabled=True))

    @on(OptionList.OptionHighlighted, "#options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option.id)

    def _show_detail(self, value: str | None) -> None:
        if self.details is None:
            return
        self.query_one("#detail", Label).update(Text(self.details.get(value or "", "")))

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _submit(self) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None:
            self.choose(ol.get_option_at_index(ol.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            box = self.query("#filter")
            return self.numbered and bool(box) and not box.first(Input).value
        return True

    def action_pick(self, n: int) -> None:
        if n <= len(self.options):
            self.choose(self.options[n - 1][1])

    def choose(self, value: str | None) -> None:
        self.dismiss(value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def action_focus_list(self) -> None:
        # The first option is already highlighted (Enter in the filter chooses it): Down
        # moves on to the next, or it seemed to do nothing and Enter chose the first.
        ol = self.query_one(OptionList)
        ol.focus()
        ol.action_cursor_down()
