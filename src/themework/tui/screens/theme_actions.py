"""Theme changes that several phase screens offer (rename, status) and how each is reported.

The Themes, Review and Define screens each own a ``ThemeChanges`` (``screen.changes``) and
say, when making it, which theme is current; their ``r``/``t`` bindings stay on the screen
and call it. Every theme change those screens make goes through ``make``, so a change's
warnings and its summary are reported in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from themework.services.themes import STATUSES, ThemeChange, ThemeInfo
from themework.tui.screens.base import PhaseScreen
from themework.tui.widgets.themes_tree import STATUS_MARK


class ThemeChanges:
    def __init__(self, screen: PhaseScreen, current: Callable[[], ThemeInfo | None],
                 seen: Callable[[ThemeChange], None] | None = None) -> None:
        self.screen = screen
        self.current = current  # the theme rename and status act on (None: no theme)
        self.seen = seen  # told of each saved change before it is reported

    def report(self, change: ThemeChange | None, summary: Callable[[ThemeChange], str]) -> bool:
        """Report a change (its warnings too) and let every view reload; False if it failed."""
        if change is None:
            return False
        if self.seen is not None:
            self.seen(change)
        for warning in change.warnings:
            self.screen.notify(warning, severity="warning", timeout=8)
        self.screen.changed(summary(change))
        return True

    def make(self, fn: Callable[[], ThemeChange], summary: Callable[[ThemeChange], str],
             then: Callable[[ThemeChange], None] | None = None) -> None:
        """Make a theme change in a worker (``write``); once saved, report it and run
        ``then``."""

        def saved(change: ThemeChange) -> None:
            if self.report(change, summary) and then is not None:
                then(change)

        self.screen.write(fn, saved)

    def rename(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        theme = self.current()
        if theme is None:
            return
        def named(name: str | None) -> None:
            if not name or not name.strip() or name.strip() == theme.name:
                return
            new = name.strip()
            self.make(
                lambda: self.screen.wb.themes.rename(theme.id, new, theme.version),
                lambda c: f"renamed theme {theme.name} to {c.theme.name}",
            )

        self.screen.app.push_screen(PromptScreen(f"Rename {theme.name}", value=theme.name), named)

    def set_status(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        theme = self.current()
        if theme is None:
            return
        opts = [
            (f"{STATUS_MARK[s]} {s}{'  (now)' if s == theme.status else ''}", s)
            for s in STATUSES
            if s != "discarded"
        ]

        def chosen(status: str | None) -> None:
            if status and status != theme.status:
                self.make(
                    lambda: self.screen.wb.themes.set_status(theme.id, status),
                    lambda c: f"{c.theme.name} is now {status}",
                )

        self.screen.app.push_screen(ChooseScreen(f"Status of {theme.name}", opts), chosen)
