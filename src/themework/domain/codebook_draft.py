"""The linter's working types: a ``Problem`` and the mutable draft a codebook file is read into.

Drafts keep the YAML nodes they came from (for line and column) and are frozen into
``themework.domain.codebook.CodeSpec``/``ThemeSpec`` only when the file has no problems.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from yaml.nodes import Node


def at(node: Node) -> tuple[int, int]:
    """A node's 1-based line and column."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def suggest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, ignoring case, or ""."""
    folded = {c.casefold(): c for c in reversed(choices)}
    match = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return f" (did you mean '{folded[match[0]]}'?)" if match else ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a codebook file; line and column are 1-based."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class Ref(NamedTuple):
    """A string as written in the file, with its node for error locations."""

    text: str
    node: Node


@dataclass(eq=False)
class DraftCode:
    node: Node
    nested_parent: DraftCode | None = None
    name: str = ""
    name_node: Node | None = None
    id: str | None = None
    aliases: list[Ref] = field(default_factory=list)
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[Ref] = field(default_factory=list)
    keywords: list[Ref] = field(default_factory=list)
    patterns: list[tuple[dict[str, Any], ...]] = field(default_factory=list)
    colour: str = ""
    status: str = ""
    exclusive: bool = False
    exclusive_node: Node | None = None
    children: list[DraftCode] = field(default_factory=list)
    parent_ref: Ref | None = None  # the ``parent:`` field of a top-level code
    parent_target: DraftCode | None = None  # the code it names, once resolved

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1


@dataclass(eq=False)
class DraftTheme:
    node: Node
    name: str = ""
    name_node: Node | None = None
    id: str | None = None
    definition: str = ""
    central_concept: str = ""
    scope: str = ""
    code_refs: list[Ref] = field(default_factory=list)  # as written
    codes: list[str] = field(default_factory=list)  # resolved: the code's id, else its name
    children: list[DraftTheme] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1


@dataclass(eq=False)
class DraftDoc:
    title: str = ""
    codes: list[DraftCode] = field(default_factory=list)
    themes: list[DraftTheme] = field(default_factory=list)

    def attach_parents(self, every_code: list[DraftCode]) -> None:
        """Move each top-level code with a ``parent:`` under that parent, in file order."""
        for code in every_code:
            if code.parent_target is not None:
                code.parent_target.children.append(code)
        self.codes = [c for c in self.codes if c.parent_target is None]
