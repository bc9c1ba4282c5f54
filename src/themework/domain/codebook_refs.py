"""Checks across a whole codebook draft: unique names and ids, parents, themes' code lists.

A reference to a code (a theme's ``codes`` entry, a top-level code's ``parent``) is its id, or
its name or an alias, case-folded with ``name_key``. Ids are tried first; the name checks
forbid a name or alias that spells another code's id, so a reference is never ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from yaml.nodes import Node

from themework.domain.codebook_draft import DraftCode, DraftTheme, Ref, at, suggest
from themework.domain.text import name_key

Report = Callable[[Node, str], None]


def check_references(codes: list[DraftCode], themes: list[DraftTheme], add: Report) -> None:
    """Every cross-reference problem; resolves parents and themes' code lists in the drafts."""
    index = _Index(codes, add)
    index.check_ids(codes, "id")
    index.check_ids(themes, "theme id")
    index.check_names()
    index.check_parents()
    index.check_themes(themes)


class _Index:
    def __init__(self, codes: list[DraftCode], add: Report) -> None:
        self.codes = codes
        self.add = add
        self.by_id: dict[str, DraftCode] = {}  # the first code with each id
        self.by_key: dict[str, DraftCode] = {}  # the first code with each name or alias

    def check_ids(self, items: Sequence[DraftCode | DraftTheme], what: str) -> None:
        first: dict[str, DraftCode | DraftTheme] = {}
        for item in sorted(items, key=lambda i: at(i.node)):
            if item.id is not None and (seen := first.setdefault(item.id, item)) is not item:
                self.add(item.node, f"duplicate {what} '{item.id}' (first at line {seen.line})")
            elif item.id is not None and isinstance(item, DraftCode):
                self.by_id[item.id] = item

    def check_names(self) -> None:
        """Code names and aliases share one namespace, case-folded with ``name_key``."""
        entries = [(c.name_node or c.node, c.name, "name", c) for c in self.codes if c.name.strip()]
        entries += [(a.node, a.text, "alias", c) for c in self.codes for a in c.aliases]
        first: dict[str, tuple[Node, str, str, DraftCode]] = {}
        for entry in sorted(entries, key=lambda e: at(e[0])):
            node, text, kind, code = entry
            what = "code name" if kind == "name" else "alias"
            key = name_key(text)
            earlier = first.setdefault(key, entry)
            self.by_key.setdefault(key, code)
            if (other := self.by_id.get(key, code)) is not code:
                clash = f"clashes with the id of code '{other.name}' (line {other.line})"
                self.add(node, f"{what} '{text}' {clash}")
            elif earlier[3] is not code:
                line = at(earlier[0])[0]
                if kind == earlier[2] == "name":
                    self.add(node, f"duplicate code name '{text}' (first at line {line})")
                else:
                    theirs = "the name" if earlier[2] == "name" else "an alias"
                    clash = f"clashes with {theirs} of code '{earlier[3].name}' (line {line})"
                    self.add(node, f"{what} '{text}' {clash}")

    def resolve(self, ref: Ref, unknown: str) -> DraftCode | None:
        """The code a reference names, or None after reporting ``unknown 'ref'``."""
        target = self.by_id.get(ref.text) or self.by_key.get(name_key(ref.text))
        if target is None:
            choices = [c.id for c in self.codes if c.id] + [c.name for c in self.codes]
            self.add(ref.node, f"{unknown} '{ref.text}'{suggest(ref.text, choices)}")
        return target

    def check_parents(self) -> None:
        for code in self.codes:
            if code.parent_ref is not None:
                code.parent_target = self.resolve(code.parent_ref, "unknown parent")
        reported: set[frozenset[int]] = set()
        for code in self.codes:
            chain: list[DraftCode] = []
            step: DraftCode | None = code
            while step is not None and step not in chain:
                chain.append(step)
                step = step.nested_parent or step.parent_target
            members = frozenset(id(c) for c in chain)
            if step is not code or members in reported:
                continue
            reported.add(members)
            names = " -> ".join(c.name for c in [*chain, code])
            refs = [c.parent_ref for c in chain if c.parent_ref is not None]
            self.add(min(refs, key=lambda r: at(r.node)).node, f"parent cycle: {names}")

    def check_themes(self, themes: list[DraftTheme]) -> None:
        first: dict[str, DraftTheme] = {}
        for theme in sorted(themes, key=lambda t: at(t.node)):
            seen = first.setdefault(name_key(theme.name), theme) if theme.name.strip() else theme
            if seen is not theme:
                line = at(seen.name_node or seen.node)[0]
                message = f"duplicate theme name '{theme.name}' (first at line {line})"
                self.add(theme.name_node or theme.node, message)
            for ref in theme.code_refs:
                code = self.resolve(ref, f"theme '{theme.name}' lists unknown code")
                if code is None:
                    continue
                canonical = code.id or code.name
                if canonical in theme.codes:
                    self.add(ref.node, f"theme '{theme.name}' lists code '{ref.text}' twice")
                else:
                    theme.codes.append(canonical)
