"""Domain errors.

Every error a user can cause is a ``ThemeworkError``: it carries the file, line and column
it is about, and a message that never quotes transcript text (transcripts are personal
data; error messages end up in terminals, logs and bug reports).
"""

from __future__ import annotations

from pathlib import Path


class ThemeworkError(Exception):
    """An error the user can act on; front ends print ``str(err)`` and exit non-zero."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        options: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        # The parts of the request the user can change to get past the error, by their
        # neutral names ("nth"): the message speaks of them in words ("choose one
        # occurrence"), and each front end may name them its own way (the CLI as "--nth").
        self.options = options

    def location(self) -> str:
        parts = [p for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message


class Busy(ThemeworkError):
    """Another process held the project for writing longer than we wait; nothing changed."""


class InputError(ThemeworkError):
    """A file the user gave us is unreadable, malformed or inconsistent."""


class NotFound(ThemeworkError):
    """A named transcript, code, theme, participant or coding does not exist."""


class Conflict(ThemeworkError):
    """The change clashes with the stored state (duplicate name, newer edits, version check)."""


class ProjectError(ThemeworkError):
    """The project cannot be opened, created or migrated."""


class UndoRefused(ThemeworkError):
    """Undo or redo is impossible because later changes depend on the event."""
