"""The Review screen's changes to the theme under review: ``*`` stars or unstars the
highlighted extract, ``M`` merges the theme into another (after asking), ``S`` splits codes
off into a new theme, ``D`` discards it (after asking). The bindings stay on the screen,
which owns this helper; each change is made and reported through the screen's
``ThemeChanges``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from themework.domain.plural import plural
from themework.services.themes import ThemeChange
from themework.tui.screens.review_data import ReviewView, merge_theme_question

if TYPE_CHECKING:
    from themework.tui.screens.review import ReviewScreen


def theme_options(view: ReviewView, exclude: str | None = None) -> list[tuple[str, str]]:
    """The project's themes as picker options, indented under their parents."""
    return [
        (str("  " * t.depth + f"{t.name}  ({t.status}, {plural(len(t.codes), 'code')})"), t.id)
        for t in view.themes if t.id != exclude
    ]


class ReviewChanges:
    def __init__(self, screen: ReviewScreen) -> None:
        self.screen = screen

    def star(self) -> None:
        screen = self.screen
        e, theme = screen.highlighted_extract(), screen.theme()
        if e is None or theme is None:
            return
        if any(x.coding_id == e.id for x in theme.exemplars):
            screen.changes.make(lambda: screen.wb.themes.remove_exemplar(theme.id, e.id),
                                lambda c: f"unstarred extract {e.id} for {c.theme.name}")
        else:
            screen.changes.make(lambda: screen.wb.themes.add_exemplar(theme.id, e.id),
                                lambda c: f"starred extract {e.id} for {c.theme.name}")

    def merge(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen
        from themework.tui.dialogs.prompt import ConfirmScreen

        screen = self.screen
        theme = screen.theme()
        if theme is None or screen.view is None:
            return
        opts = theme_options(screen.view, exclude=theme.id)
        if not opts:
            screen.notify("there is no other theme to merge into", severity="warning")
            return

        themes = {t.id: t for t in screen.view.themes}

        def merged(change: ThemeChange) -> None:
            screen.current = change.theme.id
            screen.changes.report(change, lambda c: f"merged {theme.name} into {c.theme.name} "
                                                    "(ctrl+z undoes)")

        def go(target: str) -> None:
            screen.write(lambda: screen.wb.themes.merge([theme.id], target), merged,
                         doing=f"merging {theme.name}")

        def into(target: str | None) -> None:
            if not target:
                return
            screen.app.push_screen(
                ConfirmScreen(merge_theme_question(theme, themes[target])),
                lambda yes: go(target) if yes else None,
            )

        screen.app.push_screen(
            ChooseScreen(f"Merge {theme.name!s} into which theme? (its codes, exemplars "
                         "and sub-themes move; it is discarded)", opts), into)

    def split(self) -> None:
        from themework.tui.widgets.review_split import SplitScreen

        screen = self.screen
        theme = screen.theme()
        if theme is None or screen.view is None:
            return
        if not theme.codes:
            screen.notify(f"{theme.name} has no codes of its own to split off",
                          severity="warning")
            return
        codes = [(screen.view.code_names.get(c, c), c) for c in theme.codes]

        def split(result: tuple[list[str], str] | None) -> None:
            if result is None:
                return
            chosen, name = result
            n = len(chosen)
            screen.changes.make(lambda: screen.wb.themes.split(theme.id, name, chosen),
                                lambda c: f"moved {plural(n, 'code')} of "
                                          f"{theme.name} to the new theme {c.theme.name}")

        screen.app.push_screen(SplitScreen(theme.name, codes), split)

    def discard(self) -> None:
        from themework.tui.dialogs.prompt import ConfirmScreen

        screen = self.screen
        theme = screen.theme()
        if theme is None:
            return

        def discarded(change: ThemeChange) -> None:
            screen.current = None
            screen.changes.report(change,
                                  lambda c: f"discarded theme {c.theme.name} (ctrl+z undoes)")

        def answer(yes: bool | None) -> None:
            if yes:
                screen.write(lambda: screen.wb.themes.discard(theme.id), discarded)

        screen.app.push_screen(
            ConfirmScreen(f"Discard the theme {theme.name}? Its codes and codings stay; "
                          "ctrl+z undoes it."), answer)
