"""The Code screen's glue for the turn filter (``f``) and the coding stripes (``|``): what the
reader shows, the filter's banner, refusing a selection over hidden turns, and whether the
stripes and their legend show. ``code_filter`` works out the data; the bindings stay on the
screen, which owns this helper."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from themework.tui.screens.base import NARROW
from themework.tui.screens.code_view import CodeView
from themework.tui.widgets.static_text import update_text
from themework.tui.widgets.stripes import CodeStripes
from themework.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from themework.tui.screens.code import CodeScreen


class FilterGlue:
    """Shows the screen's ``TurnFilter`` in its widgets, and the stripes when chosen."""

    def __init__(self, screen: CodeScreen) -> None:
        self.screen = screen
        self.stripes_on: bool | None = None  # | chooses; None: on when the screen is wide

    def show_text(self, view: CodeView) -> None:
        """Put the transcript (or, filtered, the turns carrying the code) in the reader,
        keeping the cursor where it was in the transcript."""
        assert view.text is not None
        screen, filt = self.screen, self.screen.filter
        reader = screen.query_one(TranscriptView)
        if not filt.apply(view.text, view.extracts):
            screen.notify(f"no turn of {view.text.name} carries the filtered code any more: "
                          "every turn shows again")
            filt.code = None
            filt.apply(view.text, view.extracts)
        text, starts = filt.text(view.text)
        same = screen.transcript == view.text.name and reader.text == text and (
            starts is None or starts == reader.line_starts)
        if not same:
            here = reader.cursor_offset if screen.transcript == view.text.name else 0
            reader.show_text(text, starts)
            reader.move_cursor(reader.location_of(here))

    def show_bar(self) -> None:
        view = self.screen.view
        bar = self.screen.query_one("#filter-bar", Static)
        text = "" if view is None or view.text is None else self.screen.filter.banner(
            view, len(view.text.turns))
        update_text(bar, text)
        bar.display = bool(text)

    def refused(self, span: tuple[int, int]) -> bool:
        """Say so and refuse when ``span`` runs over turns the filter hides."""
        why = self.screen.filter.refusal(span)
        if why is not None:
            self.screen.notify(why, severity="warning")
        return why is not None

    def place_stripes(self) -> None:
        """Stripes on by default on a wide screen; at 80 columns the margin's tags do."""
        screen = self.screen
        on = self.stripes_on if self.stripes_on is not None else screen.app.size.width >= NARROW
        screen.query_one(CodeStripes).display = on
        legend = screen.query_one("#legend", Static)
        legend.display = on

    def toggle_stripes(self) -> None:
        self.stripes_on = not self.screen.query_one(CodeStripes).display
        self.place_stripes()
        self.screen.notify("coding stripes " + ("on" if self.stripes_on else "off"))

    def choose_code(self) -> None:
        """f: show only the turns carrying a code (asking which), or every turn again."""
        from themework.tui.dialogs.choose import ChooseScreen

        screen, filt = self.screen, self.screen.filter
        if screen.view is None or screen.view.text is None:
            return
        if filt.code is not None:
            filt.code = None
            screen.notify("filter off: every turn shows")
            screen.show_view(screen.view, screen.transcript)
            return
        view, name = screen.view, screen.view.text.name

        def chosen(code: str | None) -> None:
            if code is None or screen.view is not view:
                return
            filt.code = code
            if view.text is None or not filt.apply(view.text, view.extracts):
                filt.code = None
                screen.notify(f"no turn of {name} carries that code", severity="warning")
                return
            screen.show_view(view, screen.transcript)

        here = {e.code for e in view.extracts}
        options = [o for o in screen.applier.recent_first() if o[1] in here]
        if not options:
            screen.notify(f"nothing is coded in {name} yet", severity="warning")
            return
        screen.app.push_screen(
            ChooseScreen("Show only the turns carrying which code?", options, numbered=True),
            chosen,
        )
