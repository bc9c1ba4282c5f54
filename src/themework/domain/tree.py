"""Trees of codes and of themes: both hang by ``parent_id``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class Node(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def parent_id(self) -> int | None: ...


def within(node_id: int, start: Node | None, by_id: Mapping[int, Node]) -> bool:
    """Whether ``start`` is the node ``node_id`` or lies below it: moving that node under
    ``start`` would make it its own ancestor."""
    cur = start
    while cur is not None:
        if cur.id == node_id:
            return True
        cur = by_id.get(cur.parent_id) if cur.parent_id else None
    return False
