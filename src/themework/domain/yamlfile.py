"""The one way themework reads YAML (codebooks, the TUI's keys.yaml, pseudonym keys).

YAML files come from other people (a shared codebook, a colleague's key), so reading one must
be bounded. PyYAML's safe loader still expands aliases: nine nested levels of ``&a [*b, *b,
...]`` make a 666-byte codebook a tree of billions of nodes once walked or constructed (23 GB
measured). Aliases are refused outright, with the line they are on; codebooks and keys never
need them. The composer recurses once per level of nesting, so thousands of levels ended in
a ``RecursionError``; nesting is capped well below Python's limit, again with the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import Node

from themework.domain.errors import InputError

MAX_DEPTH = 100  # levels of nested mappings and lists; a deep code tree uses about 2 per level


class YamlRefused(ComposerError):
    """Well-formed YAML that themework will not read (an alias, too deep a nesting)."""


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlRefused(
                None, None,
                f"aliases (*{event.anchor}) are not supported: write the value out",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlRefused(
                    None, None, f"nested more than {MAX_DEPTH} levels deep",
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(text: str) -> Node | None:
    """The node tree of a single YAML document; raises ``yaml.YAMLError`` (``YamlRefused``
    for an alias or too deep a nesting)."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str, file: str | Path) -> Any:
    """Plain Python values of a YAML document; any problem is an ``InputError`` with its line."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) if isinstance(exc, YamlRefused) else None
        raise InputError(
            what or "is not valid YAML", file=file, line=mark.line + 1 if mark else None
        ) from None
    finally:
        loader.dispose()

