"""Merging codebooks: two-way, or three-way against their common ancestor.

``merge_codebooks([("alice.yaml", a), ("bob.yaml", b)], base=None)`` matches codes across the
files (``themework.merge.matching``), merges each matched code's fields
(``themework.merge.fields``), then themes the same way (by id and name, their code lists
remapped to the merged codes), and hands back the merged doc with every decision, conflict
and removal. The doc always loads again: names are unique, aliases that would clash with
another code are dropped, ids that cannot be kept are assigned afresh (each noted).

A code the base has and some side lacks was deleted there: it is removed when every side that
still has it left it as in the base, and kept, as a ``deleted`` conflict, when one changed it.

Here each matched group is planned (``themework.merge.plan``); disagreements are settled and
recorded in ``themework.merge.conflicts``, and the doc is put together from the plans in
``themework.merge.assemble``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import replace
from typing import Any, Literal

from themework.domain.codebook import CodebookDoc, CodeSpec, ThemeSpec
from themework.domain.text import name_key
from themework.merge.assemble import build_doc
from themework.merge.conflicts import Arbiter
from themework.merge.fields import NO_EMPTY, merge_list, merge_value
from themework.merge.matching import BASE_SOURCE, CodeMatching, Group, Matching, Member
from themework.merge.model import BASE, Decide, MergeResult
from themework.merge.plan import CODE_LISTS, CODE_SCALARS, THEME_SCALARS, Plan, scalar, text_key

__all__ = ["merge_codebooks"]

DEFAULT_THRESHOLD = 85.0
DEFAULT_BAND = 15.0


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
        self.arbiter = Arbiter(self.labels, decide)
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
        doc, final = build_doc(
            title, code_plans, theme_plans, codes=codes, themes=themes, notes=self.notes
        )
        conflicts = []
        for conflict, plan in self.arbiter.conflicts:
            if plan is not None and plan in final:
                conflict = replace(conflict, code=final[plan][0], name=final[plan][1])
            conflicts.append(conflict)
        return MergeResult(
            doc=doc,
            decisions=tuple(codes.decisions),
            conflicts=tuple(conflicts),
            removed=tuple(self.arbiter.removed),
            notes=tuple(self.notes),
            labels=self.labels,
            three_way=self.base is not None,
            threshold=self.threshold,
            band=self.band,
        )

    def title(self) -> str:
        sides = [(label, doc.title) for label, doc in zip(self.labels, self.docs, strict=True)]
        base = (self.base.title,) if self.base is not None else None
        outcome = merge_value(sides, base, "", text_key)
        shown = ([(BASE, self.base.title)] if self.base is not None else []) + sides
        why = "the first side that changed it" if base else "the first side"
        return self.arbiter.settle(outcome, ("codebook", "title", "", ""), shown, None, why)

    # --- one group ---

    def parent_of(self, matching: Matching[Any], member: Member[Any]) -> int | None:
        if member.parent is None:
            return None
        return matching.where[member.source, member.parent].index

    def signature(self, matching: Matching[Any], member: Member[Any]) -> tuple[Hashable, ...]:
        """Everything a side can change about an item, compared as merging compares it."""
        item = member.item
        scalars = CODE_SCALARS if isinstance(item, CodeSpec) else THEME_SCALARS
        sig: list[Hashable] = [key(scalar(item, f)) for f, key in scalars]
        if isinstance(item, CodeSpec):
            sig += [frozenset(key(e) for e in getattr(item, f)) for f, key in CODE_LISTS]
        else:
            sig.append(frozenset(self.theme_refs[member.source, member.pos]))
        sig.append(self.parent_of(matching, member))
        return tuple(sig)

    def plan(
        self, group: Group[Any], matching: Matching[Any], item: Literal["code", "theme"]
    ) -> Plan:
        plan = Plan(group, item)
        members = group.members()
        label = matching.label
        three_way = group.base is not None
        rep = group.representative().item
        code = (group.base.item.id if group.base else None) or rep.id or ""

        parents = [(label(m.source), self.parent_of(matching, m)) for m in members]
        base_parent = (self.parent_of(matching, group.base),) if group.base else None
        if group.base is not None and len(members) < len(self.labels):
            plan.removed = self.arbiter.deleted(
                plan, (item, "deleted", code, rep.name), lambda m: self.signature(matching, m)
            )
        if plan.removed:
            if members:
                plan.parent = merge_value(parents, base_parent, NO_EMPTY).value
            return plan

        why = "the first side that changed it" if three_way else "the first side"
        self.merge_scalars(plan, matching, item, code, why)
        if item == "code":
            _merge_code_lists(plan)
        else:
            refs = [self.theme_refs[m.source, m.pos] for m in members]
            base_refs = self.theme_refs[BASE_SOURCE, group.base.pos] if group.base else None
            plan.lists["codes"] = merge_list(refs, base_refs, _same_int)
        self.merge_parent(plan, matching, parents, base_parent, item, code, why)
        return plan

    def merge_scalars(
        self, plan: Plan, matching: Matching[Any], item: Literal["code", "theme"], code: str,
        why: str,
    ) -> None:
        """Each field by three-way (or first-side) merging; a difference the sides leave
        open is settled by the arbiter. A two-way name difference is settled quietly
        unless the items were matched by id (a code keeps the other names as aliases)."""
        group = plan.group
        members = group.members()
        label = matching.label
        three_way = group.base is not None
        rep = group.representative().item
        scalars = CODE_SCALARS if item == "code" else THEME_SCALARS
        for f, key in scalars:
            sides = [(label(m.source), scalar(m.item, f)) for m in members]
            base = (scalar(group.base.item, f),) if group.base else None
            outcome = merge_value(sides, base, "", key)
            quiet = f == "name" and not three_way and "id" not in group.via
            if quiet or not outcome.options:
                plan.scalars[f] = outcome.value
            else:
                shown = ([(BASE, base[0])] if base else []) + sides
                plan.scalars[f] = self.arbiter.settle(
                    outcome, (item, f, code, rep.name), shown, plan, why
                )

    def merge_parent(
        self,
        plan: Plan,
        matching: Matching[Any],
        parents: list[tuple[str, int | None]],
        base_parent: tuple[int | None] | None,
        item: Literal["code", "theme"],
        code: str,
        why: str,
    ) -> None:
        where = merge_value(parents, base_parent, NO_EMPTY)
        if not where.options:
            plan.parent = where.value
            return
        groups = matching.groups

        def show(parent: int | None) -> str:
            if parent is None:
                return "(top level)"
            return str(groups[parent].representative().item.name)

        shown = [(BASE, show(base_parent[0]))] if base_parent else []
        shown += [(lab, show(p)) for lab, p in parents]
        what = (item, "parent", code, plan.group.representative().item.name)
        plan.parent = self.arbiter.settle(where, what, shown, plan, why)

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


def _merge_code_lists(plan: Plan) -> None:
    """Lists merge by union; names the sides gave the code that were not chosen become
    aliases, so that what each side called it still finds it."""
    group = plan.group
    members = group.members()
    for f, key in CODE_LISTS:
        base_list = getattr(group.base.item, f) if group.base else None
        plan.lists[f] = merge_list([getattr(m.item, f) for m in members], base_list, key)
    chosen = name_key(plan.scalars["name"])
    old = name_key(group.base.item.name) if group.base else None
    others = [m.item.name for m in members if name_key(m.item.name) not in (chosen, old)]
    plan.lists["aliases"] = merge_list([plan.lists["aliases"], others], None, name_key)


def _same_int(value: int) -> int:
    return value
