"""What one group of matched items becomes in the merged doc, and the fields it is merged by.

Each field is compared through a key, as ``merge_value`` and ``merge_list`` take it: texts in
NFC with their whitespace collapsed, names by ``name_key``, colours without case, an empty
status as ``active``, patterns by their JSON. ``exclusive`` is "true" or "false", never empty:
a code whose children one side made one set of categories and the other did not is a
conflict, not a value filled in from one side.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

from themework.domain.codebook import CodeSpec, Pattern, ThemeSpec
from themework.domain.text import name_key
from themework.merge.matching import Group

__all__ = ["CODE_LISTS", "CODE_SCALARS", "THEME_SCALARS", "Plan", "scalar", "text_key"]


def text_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _same(value: str) -> str:
    return value


def _status_key(status: str) -> str:
    return status or "active"


def _pattern_key(pattern: Pattern) -> str:
    return json.dumps(pattern, sort_keys=True, ensure_ascii=False, default=str)


_Key = Callable[[Any], Hashable]
CODE_SCALARS: tuple[tuple[str, _Key], ...] = (
    ("name", name_key), ("id", _same), ("definition", text_key), ("include", text_key),
    ("exclude", text_key), ("colour", str.casefold), ("status", _status_key),
    ("exclusive", _same),
)  # fmt: skip
CODE_LISTS: tuple[tuple[str, _Key], ...] = (
    ("aliases", name_key), ("examples", text_key), ("keywords", name_key),
    ("patterns", _pattern_key),
)  # fmt: skip
THEME_SCALARS: tuple[tuple[str, _Key], ...] = (
    ("name", name_key), ("id", _same), ("definition", text_key),
    ("central_concept", text_key), ("scope", text_key),
)  # fmt: skip


def scalar(item: CodeSpec | ThemeSpec, name: str) -> str:
    value = getattr(item, name)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value or "")


@dataclass(eq=False)
class Plan:
    """What one group becomes in the merged doc."""

    group: Group[Any]
    item: Literal["code", "theme"]
    scalars: dict[str, str] = field(default_factory=dict)
    lists: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    parent: int | None = None  # the parent group's index
    removed: bool = False

    @property
    def name(self) -> str:
        return self.scalars.get("name") or self.group.representative().item.name
