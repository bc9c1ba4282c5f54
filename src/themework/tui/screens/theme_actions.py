"""Theme changes that several phase screens offer (rename, status) and how each is reported.

The Themes, Review and Define screens each say which theme is current (``_theme``); the
dialogs and the reporting of a change live here once.
"""

from __future__ import annotations

from collections.abc import Callable

from themework.services.themes import STATUSES, ThemeChange, ThemeInfo
from themework.tui.screens.base import PhaseScreen
from themework.tui.widgets.themes_tree import STATUS_MARK


class ThemeActions(PhaseScreen):
    def _theme(self) -> ThemeInfo | None:
        raise NotImplementedError

    def _after(self, change: ThemeChange | None, summary: Callable[[ThemeChange], str]) -> bool:
        """Report a change (its warnings too) and let every view reload; False if it failed."""
        if change is None:
            return False
        for warning in change.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self.changed(summary(change))
        return True

    def _change(self, fn: Callable[[], ThemeChange], summary: Callable[[ThemeChange], str],
                then: Callable[[ThemeChange], None] | None = None) -> None:
        """Make a theme change in a worker (``write``); once saved, report it (``_after``)
        and run ``then``."""

        def saved(change: ThemeChange) -> None:
            if self._after(change, summary) and then is not None:
                then(change)

        self.write(fn, saved)

    def action_rename(self) -> None:
        from themework.tui.dialogs.prompt import PromptScreen

        theme = self._theme()
        if theme is None:
            return

        def named(name: str | None) -> None:
            if not name or not name.strip() or name.strip() == theme.name:
                return
            new = name.strip()
            self._change(
                lambda: self.wb.themes.rename(theme.id, new, theme.version),
                lambda c: f"renamed theme {theme.name} to {c.theme.name}",
            )

        self.app.push_screen(PromptScreen(f"Rename {theme.name}", value=theme.name), named)

    def action_set_status(self) -> None:
        from themework.tui.dialogs.choose import ChooseScreen

        theme = self._theme()
        if theme is None:
            return
        opts = [
            (f"{STATUS_MARK[s]} {s}{'  (now)' if s == theme.status else ''}", s)
            for s in STATUSES
            if s != "discarded"
        ]

        def chosen(status: str | None) -> None:
            if status and status != theme.status:
                self._change(
                    lambda: self.wb.themes.set_status(theme.id, status),
                    lambda c: f"{c.theme.name} is now {status}",
                )

        self.app.push_screen(ChooseScreen(f"Status of {theme.name}", opts), chosen)
