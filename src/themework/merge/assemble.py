"""Putting the merged doc together from the plans of the matched groups.

The surviving items are laid out as trees (in the sides' order, cycles the sides made by moving
items under each other broken), then made to load again: names unique, code ids valid and
unique, aliases that clash with another code dropped; ids left empty are assigned afresh by
``assign_ids``. Every such change is noted.
"""

from __future__ import annotations

import re
from typing import Any

from themework.domain.codebook import (
    CodebookDoc,
    CodeSpec,
    ThemeSpec,
    assign_ids,
    iter_codes,
    iter_themes,
)
from themework.domain.text import name_key
from themework.merge.matching import Matching
from themework.merge.plan import Plan

__all__ = ["build_doc"]

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # as the linter wants them


def build_doc(
    title: str,
    code_plans: list[Plan],
    theme_plans: list[Plan],
    *,
    codes: Matching[Any],
    themes: Matching[Any],
    notes: list[str],
) -> tuple[CodebookDoc, dict[Plan, tuple[str, str]]]:
    """The merged doc, and each surviving plan's final ``(id, name)`` in it; appends to
    ``notes`` every change made so that the doc loads."""
    code_tree = _tree(code_plans, codes, notes)
    theme_tree = _tree(theme_plans, themes, notes)
    _unique_names(code_tree, notes)
    _tidy_codes(code_tree, notes)
    _unique_names(theme_tree, notes)
    _tidy_theme_ids(theme_tree, notes)
    ref_of = {p.group.index: p.scalars["id"] or p.scalars["name"] for p in code_tree}
    code_kids = _children(code_tree)
    for p in code_tree:  # a set needs two categories to choose between (the linter says so)
        if p.scalars["exclusive"] == "true" and len(code_kids.get(p.group.index, [])) < 2:
            notes.append(
                f"code '{p.scalars['name']}' is no longer exclusive: "
                "fewer than two child codes are left in its set"
            )
    theme_kids = _children(theme_tree)
    doc = CodebookDoc(
        title,
        tuple(_code_spec(p, code_kids) for p in code_kids.get(None, [])),
        tuple(_theme_spec(p, theme_kids, ref_of, codes, notes) for p in theme_kids.get(None, [])),
    )
    doc = assign_ids(doc)
    final: dict[Plan, tuple[str, str]] = {}
    for p, (c, _) in zip(code_tree, iter_codes(doc), strict=True):
        final[p] = (c.id or "", c.name)
    for p, (t, _) in zip(theme_tree, iter_themes(doc), strict=True):
        final[p] = (t.id or "", t.name)
    return doc, final


def _children(tree: list[Plan]) -> dict[int | None, list[Plan]]:
    """Plans by their parent's group index (None: top level), in tree order."""
    kids: dict[int | None, list[Plan]] = {}
    for p in tree:
        kids.setdefault(p.parent, []).append(p)
    return kids


def _code_spec(p: Plan, code_kids: dict[int | None, list[Plan]]) -> CodeSpec:
    s, lists = p.scalars, p.lists
    kids = tuple(_code_spec(c, code_kids) for c in code_kids.get(p.group.index, []))
    return CodeSpec(
        name=s["name"], id=s["id"] or None, aliases=lists["aliases"],
        definition=s["definition"], include=s["include"], exclude=s["exclude"],
        examples=lists["examples"], keywords=lists["keywords"],
        patterns=lists["patterns"], colour=s["colour"], status=s["status"],
        exclusive=s["exclusive"] == "true" and len(kids) >= 2, children=kids,
    )  # fmt: skip


def _theme_spec(
    p: Plan,
    theme_kids: dict[int | None, list[Plan]],
    ref_of: dict[int, str],
    codes: Matching[Any],
    notes: list[str],
) -> ThemeSpec:
    """The theme with its sub-themes; code references to codes the merge removed are
    dropped, with a note."""
    s = p.scalars
    refs = []
    for g in p.lists["codes"]:
        if g in ref_of:
            refs.append(ref_of[g])
        else:
            gone = codes.groups[g].representative().item.name
            notes.append(f"theme '{s['name']}' no longer lists removed code '{gone}'")
    kids = tuple(_theme_spec(c, theme_kids, ref_of, codes, notes)
                 for c in theme_kids.get(p.group.index, []))
    return ThemeSpec(
        name=s["name"], id=s["id"] or None, definition=s["definition"],
        central_concept=s["central_concept"], scope=s["scope"], codes=tuple(refs),
        children=kids,
    )  # fmt: skip


def _order(matching: Matching[Any]) -> dict[int, int]:
    """A rank for every group: the first side's order, each later side's new items
    inserted after the item they follow in that side; new items that follow no item already
    placed come after everything placed so far, so the merged file keeps the first side's
    order from its first code on."""
    order: list[int] = []
    for source in range(len(matching.labels)):
        placed = set(order)
        after: dict[int | None, list[int]] = {}
        anchor: int | None = None
        for pos in range(len(matching.flat[source])):
            g = matching.where[source, pos].index
            if g in placed:
                anchor = g
            else:
                after.setdefault(anchor, []).append(g)
                placed.add(g)
        merged: list[int] = []
        for g in order:
            merged += [g, *after.get(g, [])]
        order = merged + after.get(None, [])
    return {g: rank for rank, g in enumerate(order)}


def _tree(plans: list[Plan], matching: Matching[Any], notes: list[str]) -> list[Plan]:
    """Surviving plans depth first, parents resolved past removed ones, cycles broken."""
    by_index = {p.group.index: p for p in plans}

    def surviving_parent(plan: Plan) -> int | None:
        parent, seen = plan.parent, {plan.group.index}
        while parent is not None and by_index[parent].removed and parent not in seen:
            seen.add(parent)
            parent = by_index[parent].parent
        return None if parent is None or by_index[parent].removed else parent

    alive = [p for p in plans if not p.removed]
    for p in alive:
        p.parent = surviving_parent(p)
    for p in alive:
        chain: list[Plan] = []
        step: Plan | None = p
        while step is not None and step not in chain:
            chain.append(step)
            step = by_index[step.parent] if step.parent is not None else None
        if step is not None:  # a cycle: the sides moved these under each other
            cycle = chain[chain.index(step) :]
            last = max(cycle, key=lambda c: c.group.index)
            last.parent = None
            names = " -> ".join(c.name for c in [*cycle, cycle[0]])
            notes.append(f"{last.item} '{last.name}' moved to the top level: {names}")
    rank = _order(matching)
    children: dict[int | None, list[Plan]] = {}
    for p in sorted(alive, key=lambda p: rank[p.group.index]):
        children.setdefault(p.parent, []).append(p)
    out: list[Plan] = []

    def walk(parent: int | None) -> None:
        for p in children.get(parent, []):
            out.append(p)
            walk(p.group.index)

    walk(None)
    return out


def _unique_names(plans: list[Plan], notes: list[str]) -> None:
    """Names stay unique: the earlier group (the base's, then the first side's) keeps it."""
    taken: set[str] = set()
    for p in sorted(plans, key=lambda p: p.group.index):
        name = p.scalars["name"]
        if name_key(name) in taken:
            n = 2
            while name_key(f"{name} ({n})") in taken:
                n += 1
            notes.append(f"{p.item} '{name}' renamed '{name} ({n})': the name was taken")
            name = p.scalars["name"] = f"{name} ({n})"
        taken.add(name_key(name))


def _tidy_codes(plans: list[Plan], notes: list[str]) -> None:
    """Ids stay put unless another code is named so, another code has it or it is not a
    valid id (then one is assigned afresh); aliases that are another code's name, id or
    alias are dropped. Ids win over aliases: a project matches its codes by id."""
    by_index = sorted(plans, key=lambda p: p.group.index)
    named = {name_key(p.scalars["name"]): p for p in plans}
    used: dict[str, Plan] = {}
    for p in by_index:
        cid = p.scalars["id"]
        if not cid:
            continue
        why = ""
        if not _ID.fullmatch(cid):
            why = "it is not a valid id"
        elif cid in used:
            why = f"code '{used[cid].scalars['name']}' has it"
        elif named.get(cid, p) is not p:
            why = f"it is the name of code '{named[cid].scalars['name']}'"
        if why:
            notes.append(f"code '{p.scalars['name']}' gets a new id: '{cid}': {why}")
            p.scalars["id"] = ""
        else:
            used[cid] = p
    claimed: dict[str, Plan] = {}
    for p in by_index:
        own = name_key(p.scalars["name"])
        kept = []
        for alias in p.lists["aliases"]:
            k = name_key(alias)
            if k == own or claimed.get(k) is p:
                continue
            clash = ""
            if k in named:
                clash = f"the name of code '{named[k].scalars['name']}'"
            elif used.get(k, p) is not p:
                clash = f"the id of code '{used[k].scalars['name']}'"
            elif k in claimed:
                clash = f"an alias of code '{claimed[k].scalars['name']}'"
            if clash:
                notes.append(
                    f"alias '{alias}' of code '{p.scalars['name']}' dropped: it is {clash}"
                )
                continue
            claimed[k] = p
            kept.append(alias)
        p.lists["aliases"] = tuple(kept)


def _tidy_theme_ids(plans: list[Plan], notes: list[str]) -> None:
    used: set[str] = set()
    for p in sorted(plans, key=lambda p: p.group.index):
        tid = p.scalars["id"]
        if tid and (not _ID.fullmatch(tid) or tid in used):
            notes.append(f"theme '{p.scalars['name']}' gets a new id: '{tid}' is taken")
            p.scalars["id"] = ""
        elif tid:
            used.add(tid)
