"""The one way themework reads YAML (codebooks, the TUI's keys.yaml, pseudonym keys).

YAML files come from other people (a shared codebook, a colleague's key), so reading one must
be bounded. PyYAML's safe loader still expands aliases: nine nested levels of ``&a [*b, *b,
...]`` make a 666-byte codebook a tree of billions of nodes once walked or constructed (23 GB
measured). Aliases are refused outright, with the line they are on; codebooks and keys never
need them. The composer recurses once per level of nesting, so thousands of levels ended in
a ``RecursionError``; nesting is capped well below Python's limit, again with the line.

Reading goes through libyaml's parser when PyYAML has it (the node tree is still composed
here, with the checks above): PyYAML's own scanner took some 3 s for a 2,000-code codebook,
libyaml 0.4 s. A document libyaml refuses is read again by PyYAML's own parser, so an error
is always reported in PyYAML's words, the same with or without libyaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.nodes import Node

from themework.domain.errors import InputError

MAX_DEPTH = 100  # levels of nested mappings and lists; a deep code tree uses about 2 per level


class YamlRefused(ComposerError):
    """Well-formed YAML that themework will not read (an alias, too deep a nesting)."""


class _Bounded(Composer):
    """The composer's checks, for either parser."""

    _depth = 0
    if TYPE_CHECKING:  # the parser's, mixed in after

        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> Any: ...

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
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
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _BoundedLoader(_Bounded, yaml.SafeLoader):
    pass


_fast: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    class _FastLoader(_Bounded, SafeConstructor, Resolver, CParser):
        """libyaml's events, composed and constructed by PyYAML's Python classes (the
        composer's methods come before ``CParser``'s own, which would skip the checks)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def compose_scalar_node(self, anchor: Any) -> ScalarNode:
            node = super().compose_scalar_node(anchor)
            node.style = node.style or None  # libyaml says "" for plain, PyYAML None
            return node

    _fast = _FastLoader


def _read(text: str, data: bool) -> Any:
    """The node tree (or the values) by libyaml where it can, else by PyYAML alone."""
    loaders = [_fast, _BoundedLoader] if _fast is not None else [_BoundedLoader]
    for n, kind in enumerate(loaders, start=1):
        loader = kind(text)
        try:
            return loader.get_single_data() if data else loader.get_single_node()
        except YamlRefused:
            raise
        except yaml.YAMLError:
            if n == len(loaders):
                raise
        finally:
            loader.dispose()


def compose(text: str) -> Node | None:
    """The node tree of a single YAML document; raises ``yaml.YAMLError`` (``YamlRefused``
    for an alias or too deep a nesting)."""
    node: Node | None = _read(text, data=False)
    return node


def load(text: str, file: str | Path) -> Any:
    """Plain Python values of a YAML document; any problem is an ``InputError`` with its line."""
    try:
        return _read(text, data=True)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) if isinstance(exc, YamlRefused) else None
        raise InputError(
            what or "is not valid YAML", file=file, line=mark.line + 1 if mark else None
        ) from None

