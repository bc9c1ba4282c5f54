"""Edit a code's definition, criteria, keywords, aliases and colour (the name: ``R``), in
the compact form of ``code_form``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from themework.services.codes import CodeInfo
from themework.tui.dialogs.code_form import CRITERIA, CodeForm, Field, listed

HINT = "Tab: next field · ctrl+s saves · Esc cancels"
LISTS = ("keywords", "aliases")


class CodeEditScreen(CodeForm):
    """Dismissed with the code's id once saved. ``save`` gets the fields that changed
    (keywords and aliases as lists) and says whether they were stored."""

    FIELDS = (
        *CRITERIA,
        Field("aliases", "Aliases", 1, "comma-separated, other names for it"),
        Field("colour", "Colour", 1, "#rrggbb"),
    )

    def __init__(self, code: CodeInfo, save: Callable[[dict[str, Any]], bool]) -> None:
        super().__init__(
            f"Edit {code.name} ({code.id})", HINT,
            {"definition": code.definition, "include": code.include,
             "exclude": code.exclude, "keywords": ", ".join(code.keywords),
             "aliases": ", ".join(code.aliases), "colour": code.colour},
        )
        self.code = code
        self.save = save

    def what(self) -> str:
        return f"the edits to {self.code.name}"

    def store(self, values: dict[str, str]) -> str | None:
        old: dict[str, Any] = {
            "definition": self.code.definition, "include": self.code.include,
            "exclude": self.code.exclude, "keywords": tuple(self.code.keywords),
            "aliases": tuple(self.code.aliases), "colour": self.code.colour,
        }
        new: dict[str, Any] = {k: listed(v) if k in LISTS else v for k, v in values.items()}
        changed = {k: list(v) if k in LISTS else v for k, v in new.items() if old[k] != v}
        if changed and not self.save(changed):
            return None
        return self.code.id
