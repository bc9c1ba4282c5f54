"""Snapshots of the codebook and themes, and what changed between two of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def live_codes(content: dict[str, Any]) -> list[str]:
    """Keys of the codes in use: merged-away and retired codes are kept for history only."""
    return [k for k, v in content.get("codes", {}).items() if v.get("status") == "active"]


def live_themes(content: dict[str, Any]) -> list[str]:
    """Keys of the themes in play: a discarded theme (merged ones included) is history."""
    return [k for k, v in content.get("themes", {}).items() if v.get("status") != "discarded"]


@dataclass(frozen=True)
class SnapshotDiff:
    a: str
    b: str
    codes_added: tuple[str, ...]
    codes_removed: tuple[str, ...]
    codes_renamed: tuple[str, ...]
    codes_merged: tuple[str, ...]
    codes_moved: tuple[str, ...]
    codes_retired: tuple[str, ...]
    themes_added: tuple[str, ...]
    themes_removed: tuple[str, ...]
    themes_renamed: tuple[str, ...]
    themes_status: tuple[str, ...]
    codes_between_themes: tuple[str, ...]
    themes_moved: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(
            getattr(self, f) for f in self.__dataclass_fields__ if f not in ("a", "b")
        )


def diff(name_a: str, a: dict[str, Any], name_b: str, b: dict[str, Any]) -> SnapshotDiff:
    ca, cb = a.get("codes", {}), b.get("codes", {})
    ta, tb = a.get("themes", {}), b.get("themes", {})
    names = _Names(ca, cb, ta, tb)
    both = sorted(set(ca) & set(cb))
    tboth = sorted(set(ta) & set(tb))
    # Made and merged away (or discarded) between the two is no addition, and the reverse
    # (only after an undo) no removal: neither was ever in use at either end.
    codes_a, codes_b = set(live_codes(a)), set(live_codes(b))
    themes_a, themes_b = set(live_themes(a)), set(live_themes(b))
    return SnapshotDiff(
        name_a,
        name_b,
        tuple(cb[k]["name"] for k in sorted(set(cb) - set(ca)) if k in codes_b),
        tuple(ca[k]["name"] for k in sorted(set(ca) - set(cb)) if k in codes_a),
        tuple(
            f"{ca[k]['name']} -> {cb[k]['name']}" for k in both if ca[k]["name"] != cb[k]["name"]
        ),
        _codes_merged(ca, cb, both, names),
        _codes_moved(ca, cb, both, names),
        tuple(
            names.code(k)
            for k in both
            if cb[k]["status"] == "retired" and ca[k]["status"] != "retired"
        ),
        tuple(tb[k]["name"] for k in sorted(set(tb) - set(ta)) if k in themes_b),
        tuple(ta[k]["name"] for k in sorted(set(ta) - set(tb)) if k in themes_a),
        tuple(
            f"{ta[k]['name']} -> {tb[k]['name']}" for k in tboth
            if ta[k]["name"] != tb[k]["name"]
        ),
        tuple(
            f"{tb[k]['name']}: {ta[k]['status']} -> {tb[k]['status']}"
            for k in tboth
            if ta[k]["status"] != tb[k]["status"]
        ),
        _codes_between_themes(ca, cb, ta, tb, names),
        tuple(
            f"{names.theme(k)}: {_where(ta, k, names)} -> {_where(tb, k, names)}"
            for k in tboth
            if ta[k].get("parent") != tb[k].get("parent")
        ),
    )


class _Names:
    """Display names of codes and themes, as the later snapshot has them where it can."""

    def __init__(
        self, ca: dict[str, Any], cb: dict[str, Any], ta: dict[str, Any], tb: dict[str, Any]
    ) -> None:
        self.ca, self.cb, self.ta, self.tb = ca, cb, ta, tb

    def code(self, key: str) -> str:
        return str((self.cb.get(key) or self.ca.get(key) or {}).get("name", key))

    def theme(self, key: str) -> str:
        return str((self.tb.get(key) or self.ta.get(key) or {}).get("name", key))


def _codes_merged(
    ca: dict[str, Any], cb: dict[str, Any], both: list[str], names: _Names
) -> tuple[str, ...]:
    return tuple(
        f"{names.code(k)} into {names.code(cb[k]['merged_into'])}"
        for k in both
        if cb[k]["status"] == "merged" and ca[k]["status"] != "merged" and cb[k].get("merged_into")
    )


def _codes_moved(
    ca: dict[str, Any], cb: dict[str, Any], both: list[str], names: _Names
) -> tuple[str, ...]:
    def place(code: dict[str, Any]) -> str:
        return "under " + names.code(code["parent"]) if code["parent"] else "top level"

    return tuple(
        f"{names.code(k)}: {place(ca[k])} -> {place(cb[k])}"
        for k in both
        if ca[k].get("parent") != cb[k].get("parent") and cb[k]["status"] != "merged"
    )


def _codes_between_themes(
    ca: dict[str, Any], cb: dict[str, Any], ta: dict[str, Any], tb: dict[str, Any], names: _Names
) -> tuple[str, ...]:
    def holders(themes: dict[str, Any], code: str) -> list[str]:
        # A discarded theme keeps its links for undo, but no longer holds codes.
        return sorted(
            names.theme(t) for t, v in themes.items()
            if code in v["codes"] and v.get("status") != "discarded"
        )

    membership = []
    for k in sorted(set(ca) | set(cb)):
        before = holders(ta, k)
        after = holders(tb, k)
        if before != after:
            membership.append(
                f"{names.code(k)}: {', '.join(before) or 'no theme'} -> "
                f"{', '.join(after) or 'no theme'}"
            )
    return tuple(membership)


def _where(themes: dict[str, Any], key: str, names: _Names) -> str:
    parent = themes[key].get("parent")
    return f"under {names.theme(parent)}" if parent else "top level"
