"""Merging one field's values from several sides, with or without a common ancestor.

Three-way (the item is in the base): a side that left the value as in the base has no say;
if one value was changed to, it wins; if the sides changed it to different values, that is a
conflict and the first changed side wins unless the caller decides otherwise.

Two-way (no base, or an item the base does not have): equal values stay; an empty value
gives way to a filled one; different filled values are a conflict, the first side winning.

Lists are merged as ordered sets: two-way, the union in side order; three-way, the base's
entries that no side removed, then every side's additions in side order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Outcome", "merge_list", "merge_value"]

V = TypeVar("V", bound=Hashable)
E = TypeVar("E")

NO_EMPTY: object = object()  # for values where nothing counts as empty (a parent)


@dataclass(frozen=True)
class Outcome(Generic[V]):
    value: V
    # when the sides disagree: each (label, value) that could win, in side order, the first
    # being the default; empty when there is no conflict
    options: tuple[tuple[str, V], ...] = ()


def merge_value(
    sides: Sequence[tuple[str, V]],
    base: tuple[V] | None,
    empty: object,
    key: Callable[[V], Hashable] = lambda v: v,
) -> Outcome[V]:
    """The merged value of ``sides`` (label, value) for the sides that have the item.

    ``base`` is ``(value,)`` for a three-way merge, None for two-way. ``key`` says which
    values count as equal (the first side's spelling is kept)."""
    if base is not None:
        (was,) = base
        candidates = [(label, v) for label, v in sides if key(v) != key(was)]
        if not candidates:
            return Outcome(was)
    else:
        candidates = [(label, v) for label, v in sides if v != empty]
        if not candidates:
            return Outcome(sides[0][1])
    distinct = {key(v) for _, v in candidates}
    if len(distinct) == 1:
        return Outcome(candidates[0][1])
    return Outcome(candidates[0][1], tuple(candidates))


def merge_list(
    sides: Sequence[Sequence[E]],
    base: Sequence[E] | None,
    key: Callable[[E], Hashable],
) -> tuple[E, ...]:
    """The ordered set union of ``sides`` (entries equal by ``key``); three-way when ``base``
    is given, so an entry one side removed from the base stays removed."""
    out: dict[Hashable, E] = {}
    if base is not None:
        kept_by_all = [{key(e) for e in side} for side in sides]
        for entry in base:
            k = key(entry)
            if k not in out and all(k in side for side in kept_by_all):
                out[k] = entry
        known = {key(e) for e in base}
    else:
        known = set()
    for side in sides:
        for entry in side:
            k = key(entry)
            if k not in out and k not in known:
                out[k] = entry
    return tuple(out.values())
