"""Merging codebooks: two-way, or three-way against their common ancestor.

``merge_codebooks([("alice.yaml", a), ("bob.yaml", b)], base=None)`` matches codes across the
files (``themework.merge.matching``), merges each matched code's fields
(``themework.merge.fields``), then themes the same way (by id and name, their code lists
remapped to the merged codes), and hands back the merged doc with every decision, conflict
and removal. The doc always loads again: names are unique, aliases that would clash with
another code are dropped, ids that cannot be kept are assigned afresh (each noted).

A code the base has and some side lacks was deleted there: it is removed when every side that
still has it left it as in the base, and kept, as a ``deleted`` conflict, when one changed it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from themework.domain.codebook import (
    CodebookDoc,
    CodeSpec,
    Pattern,
    ThemeSpec,
    assign_ids,
    iter_codes,
    iter_themes,
)
from themework.domain.text import name_key
from themework.merge.fields import NO_EMPTY, Outcome, merge_list, merge_value
from themework.merge.matching import BASE_SOURCE, CodeMatching, Group, Matching, Member
from themework.merge.model import (
    BASE,
    Conflict,
    Decide,
    MergeResult,
    Removal,
)

__all__ = ["merge_codebooks"]

DEFAULT_THRESHOLD = 85.0
DEFAULT_BAND = 15.0

V = TypeVar("V", bound=Hashable)

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # as the linter wants them


def merge_codebooks(
    docs: Sequence[tuple[str, CodebookDoc]],
    base: CodebookDoc | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    decide: Decide | None = None,
    *,
    band: float = DEFAULT_BAND,
) -> MergeResult:
    """Merge ``docs`` (``(label, doc)``, the first side winning ties) into one codebook.

    ``threshold``: the combined fuzzy score (0-100, see ``themework.merge.similarity``) at
    which two differently named codes are the same code (``near``: merged, the other names
    kept as aliases). Scores within ``band`` below it are ``uncertain``: merged only when
    ``decide`` answers ``"merge"``, else kept separate. A code left on its own is listed with
    its closest candidate (``separate``) when that scores within two bands of the threshold.
    ``decide`` also sees every ``Conflict`` and may answer one of its ``choices`` (a side's
    label) to keep that side's value instead of the default.
    With ``base`` the merge is three-way. Same inputs, same result: ``MergeResult.doc`` has
    every id assigned and dumps to YAML that ``lint_codebook`` accepts."""
    labels = tuple(label for label, _ in docs)
    if not labels:
        raise ValueError("merge_codebooks needs at least one codebook")
    if len(set(labels)) != len(labels) or BASE in labels or not all(labels):
        raise ValueError(f"labels must be distinct, non-empty and not {BASE!r}: {labels}")
    if not 0 <= threshold <= 100 or band < 0:
        raise ValueError("threshold must be within 0..100 and band not negative")
    return _Merge(docs, base, threshold, band, decide).run()


# --- fields -----------------------------------------------------------------------------------


def _text_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _same(value: str) -> str:
    return value


def _status_key(status: str) -> str:
    return status or "active"


def _pattern_key(pattern: Pattern) -> str:
    return json.dumps(pattern, sort_keys=True, ensure_ascii=False, default=str)


_Key = Callable[[Any], Hashable]
CODE_SCALARS: tuple[tuple[str, _Key], ...] = (
    ("name", name_key), ("id", _same), ("definition", _text_key), ("include", _text_key),
    ("exclude", _text_key), ("colour", str.casefold), ("status", _status_key),
)  # fmt: skip
CODE_LISTS: tuple[tuple[str, _Key], ...] = (
    ("aliases", name_key), ("examples", _text_key), ("keywords", name_key),
    ("patterns", _pattern_key),
)  # fmt: skip
THEME_SCALARS: tuple[tuple[str, _Key], ...] = (
    ("name", name_key), ("id", _same), ("definition", _text_key),
    ("central_concept", _text_key), ("scope", _text_key),
)  # fmt: skip


def _scalar(item: CodeSpec | ThemeSpec, name: str) -> str:
    return str(getattr(item, name) or "")


@dataclass(eq=False)
class _Plan:
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


# --- the merge --------------------------------------------------------------------------------


class _Merge:
    def __init__(
        self,
        docs: Sequence[tuple[str, CodebookDoc]],
        base: CodebookDoc | None,
        threshold: float,
        band: float,
        decide: Decide | None,
    ) -> None:
        self.docs = [doc for _, doc in docs]
        self.labels = tuple(label for label, _ in docs)
        self.base = base
        self.threshold = threshold
        self.band = band
        self.decide = decide
        self.conflicts: list[tuple[Conflict, _Plan | None]] = []
        self.removed: list[Removal] = []
        self.notes: list[str] = []
        self.codes = CodeMatching(self.labels, threshold, band, decide)
        self.themes: Matching[ThemeSpec] = Matching(self.labels, loose_names=True)
        self.theme_refs: dict[tuple[int, int], tuple[int, ...]] = {}

    def run(self) -> MergeResult:
        codes, themes = self.codes, self.themes
        if self.base is not None:
            codes.add_base(self.base.codes)
            themes.add_base(self.base.themes)
        for source, doc in enumerate(self.docs):
            codes.add_side(source, doc.codes)
            themes.add_side(source, doc.themes)
        title = self.title()
        code_plans = [self.plan(g, codes, "code") for g in codes.groups]
        self.theme_refs = self.resolve_theme_refs()
        theme_plans = [self.plan(g, themes, "theme") for g in themes.groups]
        doc, final = self.build(title, code_plans, theme_plans)
        conflicts = []
        for conflict, plan in self.conflicts:
            if plan is not None and plan in final:
                conflict = replace(conflict, code=final[plan][0], name=final[plan][1])
            conflicts.append(conflict)
        return MergeResult(
            doc=doc,
            decisions=tuple(codes.decisions),
            conflicts=tuple(conflicts),
            removed=tuple(self.removed),
            notes=tuple(self.notes),
            labels=self.labels,
            three_way=self.base is not None,
            threshold=self.threshold,
            band=self.band,
        )

    # --- conflicts ---

    def settle(
        self,
        outcome: Outcome[V],
        what: tuple[Literal["code", "theme", "codebook"], str, str, str],
        shown: Sequence[tuple[str, str]],
        plan: _Plan | None,
        default_why: str = "the first side",
    ) -> V:
        """The value to keep; records a conflict when ``outcome`` has options."""
        if not outcome.options:
            return outcome.value
        item, field_name, code, name = what
        choices = tuple(label for label, _ in outcome.options)
        conflict = Conflict(
            item, field_name, code, name, tuple(shown), choices, choices[0],
            f"kept the value from {choices[0]} ({default_why})",
        )  # fmt: skip
        chosen = self.ask(conflict)
        if chosen != choices[0]:
            conflict = replace(
                conflict, chosen=chosen, decided_by="callback",
                resolution=f"kept the value from {chosen} (decided)",
            )  # fmt: skip
        elif self.decide is not None:
            conflict = replace(conflict, decided_by="callback")
        self.conflicts.append((conflict, plan))
        return dict(outcome.options)[chosen]

    def ask(self, conflict: Conflict) -> str:
        if self.decide is None:
            return conflict.chosen
        answer = self.decide(conflict)
        if answer not in conflict.choices:
            choices = ", ".join(conflict.choices)
            raise ValueError(f"decide must answer one of {choices} for a conflict, not {answer!r}")
        return answer

    def title(self) -> str:
        sides = [(label, doc.title) for label, doc in zip(self.labels, self.docs, strict=True)]
        base = (self.base.title,) if self.base is not None else None
        outcome = merge_value(sides, base, "", _text_key)
        shown = ([(BASE, self.base.title)] if self.base is not None else []) + sides
        why = "the first side that changed it" if base else "the first side"
        return self.settle(outcome, ("codebook", "title", "", ""), shown, None, why)

    # --- one group ---

    def parent_of(self, matching: Matching[Any], member: Member[Any]) -> int | None:
        if member.parent is None:
            return None
        return matching.where[member.source, member.parent].index

    def signature(self, matching: Matching[Any], member: Member[Any]) -> tuple[Hashable, ...]:
        """Everything a side can change about an item, compared as merging compares it."""
        item = member.item
        scalars = CODE_SCALARS if isinstance(item, CodeSpec) else THEME_SCALARS
        sig: list[Hashable] = [key(_scalar(item, f)) for f, key in scalars]
        if isinstance(item, CodeSpec):
            sig += [frozenset(key(e) for e in getattr(item, f)) for f, key in CODE_LISTS]
        else:
            sig.append(frozenset(self.theme_refs[member.source, member.pos]))
        sig.append(self.parent_of(matching, member))
        return tuple(sig)

    def plan(
        self, group: Group[Any], matching: Matching[Any], item: Literal["code", "theme"]
    ) -> _Plan:
        plan = _Plan(group, item)
        members = group.members()
        label = matching.label
        three_way = group.base is not None
        rep = group.representative().item
        code = (group.base.item.id if group.base else None) or rep.id or ""

        parents = [(label(m.source), self.parent_of(matching, m)) for m in members]
        base_parent = (self.parent_of(matching, group.base),) if group.base else None
        if group.base is not None and len(members) < len(self.labels):
            plan.removed = self.deleted(plan, matching, (item, "deleted", code, rep.name))
        if plan.removed:
            if members:
                plan.parent = merge_value(parents, base_parent, NO_EMPTY).value
            return plan

        scalars = CODE_SCALARS if item == "code" else THEME_SCALARS
        why = "the first side that changed it" if three_way else "the first side"
        for f, key in scalars:
            sides = [(label(m.source), _scalar(m.item, f)) for m in members]
            base = (_scalar(group.base.item, f),) if group.base else None
            outcome = merge_value(sides, base, "", key)
            quiet = f == "name" and not three_way and "id" not in group.via
            if quiet or not outcome.options:
                plan.scalars[f] = outcome.value
            else:
                shown = ([(BASE, base[0])] if base else []) + sides
                plan.scalars[f] = self.settle(outcome, (item, f, code, rep.name), shown, plan, why)

        if item == "code":
            for f, key in CODE_LISTS:
                base_list = getattr(group.base.item, f) if group.base else None
                plan.lists[f] = merge_list([getattr(m.item, f) for m in members], base_list, key)
            chosen = name_key(plan.scalars["name"])
            old = name_key(group.base.item.name) if group.base else None
            others = [m.item.name for m in members if name_key(m.item.name) not in (chosen, old)]
            plan.lists["aliases"] = merge_list([plan.lists["aliases"], others], None, name_key)
        else:
            refs = [self.theme_refs[m.source, m.pos] for m in members]
            base_refs = self.theme_refs[BASE_SOURCE, group.base.pos] if group.base else None
            plan.lists["codes"] = merge_list(refs, base_refs, _same_int)

        where = merge_value(parents, base_parent, NO_EMPTY)
        if where.options:
            groups = matching.groups

            def show(parent: int | None) -> str:
                if parent is None:
                    return "(top level)"
                return str(groups[parent].representative().item.name)

            shown = [(BASE, show(base_parent[0]))] if base_parent else []
            shown += [(lab, show(p)) for lab, p in parents]
            what = (item, "parent", code, rep.name)
            plan.parent = self.settle(where, what, shown, plan, why)
        else:
            plan.parent = where.value
        return plan

    def deleted(
        self,
        plan: _Plan,
        matching: Matching[Any],
        what: tuple[Literal["code", "theme"], str, str, str],
    ) -> bool:
        """Whether an item of the base that some side deleted goes; records why."""
        group = plan.group
        assert group.base is not None
        item, _, code, name = what
        members = group.members()
        absent = [s for s in range(len(self.labels)) if s not in group.sides]
        gone = ", ".join(self.labels[s] for s in absent)
        if not members:
            self.removed.append(Removal(item, code, name, f"deleted in {gone}"))
            return True
        was = self.signature(matching, group.base)
        changed = [m for m in members if self.signature(matching, m) != was]
        if not changed:
            kept = ", ".join(self.labels[m.source] for m in members)
            self.removed.append(
                Removal(item, code, name, f"deleted in {gone}, unchanged in {kept}")
            )
            return True
        changed_sources = {m.source for m in changed}
        shown = [(BASE, "present")]
        for s, label in enumerate(self.labels):
            state = "deleted" if s in absent else "changed" if s in changed_sources else "unchanged"
            shown.append((label, state))
        choices = tuple(
            lab for s, lab in enumerate(self.labels) if s in absent or s in changed_sources
        )
        keeper = self.labels[changed[0].source]
        conflict = Conflict(
            item, "deleted", code, name, tuple(shown), choices, keeper,
            f"kept: changed in {keeper}, deleted in {gone}",
        )  # fmt: skip
        chosen = self.ask(conflict)
        if self.decide is not None:
            conflict = replace(conflict, decided_by="callback", chosen=chosen)
        removed = chosen in (self.labels[s] for s in absent)
        if removed:
            conflict = replace(conflict, resolution=f"removed (decided: deleted in {chosen})")
            self.removed.append(Removal(item, code, name, f"deleted in {gone} (decided)"))
        elif chosen != keeper:
            conflict = replace(conflict, resolution=f"kept (decided: changed in {chosen})")
        self.conflicts.append((conflict, None if removed else plan))
        return removed

    def resolve_theme_refs(self) -> dict[tuple[int, int], tuple[int, ...]]:
        """Each theme's code references as code group indices, resolved in its own file."""
        out: dict[tuple[int, int], tuple[int, ...]] = {}
        for source, flat in self.themes.flat.items():
            codes = self.codes.flat[source]
            by_id: dict[str, int] = {}
            by_key: dict[str, int] = {}
            for pos, (code, _) in enumerate(codes):
                if code.id:
                    by_id.setdefault(code.id, pos)
                for text in (code.name, *code.aliases):
                    by_key.setdefault(name_key(text), pos)
            for pos, (theme, _) in enumerate(flat):
                refs: list[int] = []
                for ref in theme.codes:
                    found = by_id.get(ref, by_key.get(name_key(ref)))
                    if found is None:
                        where = self.codes.label(source)
                        self.notes.append(
                            f"theme '{theme.name}' in {where} lists unknown code '{ref}': dropped"
                        )
                        continue
                    group = self.codes.where[source, found].index
                    if group not in refs:
                        refs.append(group)
                out[source, pos] = tuple(refs)
        return out

    # --- the doc ----------------------------------------------------------------------------

    def order(self, matching: Matching[Any]) -> dict[int, int]:
        """A rank for every group: the first side's order, each later side's new items
        inserted after the item they follow in that side."""
        order: list[int] = []
        for source in range(len(self.labels)):
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
            merged = list(after.get(None, []))
            for g in order:
                merged += [g, *after.get(g, [])]
            order = merged
        return {g: rank for rank, g in enumerate(order)}

    def tree(self, plans: list[_Plan], matching: Matching[Any]) -> list[_Plan]:
        """Surviving plans depth first, parents resolved past removed ones, cycles broken."""
        by_index = {p.group.index: p for p in plans}

        def surviving_parent(plan: _Plan) -> int | None:
            parent, seen = plan.parent, {plan.group.index}
            while parent is not None and by_index[parent].removed and parent not in seen:
                seen.add(parent)
                parent = by_index[parent].parent
            return None if parent is None or by_index[parent].removed else parent

        alive = [p for p in plans if not p.removed]
        for p in alive:
            p.parent = surviving_parent(p)
        for p in alive:
            chain: list[_Plan] = []
            step: _Plan | None = p
            while step is not None and step not in chain:
                chain.append(step)
                step = by_index[step.parent] if step.parent is not None else None
            if step is not None:  # a cycle: the sides moved these under each other
                cycle = chain[chain.index(step) :]
                last = max(cycle, key=lambda c: c.group.index)
                last.parent = None
                names = " -> ".join(c.name for c in [*cycle, cycle[0]])
                self.notes.append(f"{last.item} '{last.name}' moved to the top level: {names}")
        rank = self.order(matching)
        children: dict[int | None, list[_Plan]] = {}
        for p in sorted(alive, key=lambda p: rank[p.group.index]):
            children.setdefault(p.parent, []).append(p)
        out: list[_Plan] = []

        def walk(parent: int | None) -> None:
            for p in children.get(parent, []):
                out.append(p)
                walk(p.group.index)

        walk(None)
        return out

    def unique_names(self, plans: list[_Plan]) -> None:
        """Names stay unique: the earlier group (the base's, then the first side's) keeps it."""
        taken: set[str] = set()
        for p in sorted(plans, key=lambda p: p.group.index):
            name = p.scalars["name"]
            if name_key(name) in taken:
                n = 2
                while name_key(f"{name} ({n})") in taken:
                    n += 1
                self.notes.append(f"{p.item} '{name}' renamed '{name} ({n})': the name was taken")
                name = p.scalars["name"] = f"{name} ({n})"
            taken.add(name_key(name))

    def tidy_codes(self, plans: list[_Plan]) -> None:
        """Ids stay put unless another code is named so, another code has it or it is not a
        valid id (then one is assigned afresh); aliases that are another code's name, id or
        alias are dropped. Ids win over aliases: a project matches its codes by id."""
        by_index = sorted(plans, key=lambda p: p.group.index)
        named = {name_key(p.scalars["name"]): p for p in plans}
        used: dict[str, _Plan] = {}
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
                self.notes.append(f"code '{p.scalars['name']}' gets a new id: '{cid}': {why}")
                p.scalars["id"] = ""
            else:
                used[cid] = p
        claimed: dict[str, _Plan] = {}
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
                    self.notes.append(
                        f"alias '{alias}' of code '{p.scalars['name']}' dropped: it is {clash}"
                    )
                    continue
                claimed[k] = p
                kept.append(alias)
            p.lists["aliases"] = tuple(kept)

    def tidy_theme_ids(self, plans: list[_Plan]) -> None:
        used: set[str] = set()
        for p in sorted(plans, key=lambda p: p.group.index):
            tid = p.scalars["id"]
            if tid and (not _ID.fullmatch(tid) or tid in used):
                self.notes.append(f"theme '{p.scalars['name']}' gets a new id: '{tid}' is taken")
                p.scalars["id"] = ""
            elif tid:
                used.add(tid)

    def build(
        self, title: str, code_plans: list[_Plan], theme_plans: list[_Plan]
    ) -> tuple[CodebookDoc, dict[_Plan, tuple[str, str]]]:
        codes = self.tree(code_plans, self.codes)
        themes = self.tree(theme_plans, self.themes)
        self.unique_names(codes)
        self.tidy_codes(codes)
        self.unique_names(themes)
        self.tidy_theme_ids(themes)
        ref_of = {p.group.index: p.scalars["id"] or p.scalars["name"] for p in codes}
        code_kids: dict[int | None, list[_Plan]] = {}
        for p in codes:
            code_kids.setdefault(p.parent, []).append(p)
        theme_kids: dict[int | None, list[_Plan]] = {}
        for p in themes:
            theme_kids.setdefault(p.parent, []).append(p)

        def code_spec(p: _Plan) -> CodeSpec:
            s, lists = p.scalars, p.lists
            kids = tuple(code_spec(c) for c in code_kids.get(p.group.index, []))
            return CodeSpec(
                name=s["name"], id=s["id"] or None, aliases=lists["aliases"],
                definition=s["definition"], include=s["include"], exclude=s["exclude"],
                examples=lists["examples"], keywords=lists["keywords"],
                patterns=lists["patterns"], colour=s["colour"], status=s["status"],
                children=kids,
            )  # fmt: skip

        def theme_spec(p: _Plan) -> ThemeSpec:
            s = p.scalars
            refs = []
            for g in p.lists["codes"]:
                if g in ref_of:
                    refs.append(ref_of[g])
                else:
                    gone = self.codes.groups[g].representative().item.name
                    self.notes.append(f"theme '{s['name']}' no longer lists removed code '{gone}'")
            kids = tuple(theme_spec(c) for c in theme_kids.get(p.group.index, []))
            return ThemeSpec(
                name=s["name"], id=s["id"] or None, definition=s["definition"],
                central_concept=s["central_concept"], scope=s["scope"], codes=tuple(refs),
                children=kids,
            )  # fmt: skip

        doc = CodebookDoc(
            title,
            tuple(code_spec(p) for p in code_kids.get(None, [])),
            tuple(theme_spec(p) for p in theme_kids.get(None, [])),
        )
        doc = assign_ids(doc)
        final: dict[_Plan, tuple[str, str]] = {}
        for p, (c, _) in zip(codes, iter_codes(doc), strict=True):
            final[p] = (c.id or "", c.name)
        for p, (t, _) in zip(themes, iter_themes(doc), strict=True):
            final[p] = (t.id or "", t.name)
        return doc, final


def _same_int(value: int) -> int:
    return value
