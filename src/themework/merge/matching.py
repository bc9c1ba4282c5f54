"""Which codes (and themes) in different files are the same one.

Every code of every file joins a ``Group``: the base's codes first (one group each), then each
side in turn, matched against the groups that side has no member in yet:

1. by id;
2. by name or alias (``name_key``): name to name, then name to alias, alias to name, alias
   to alias, so that a plain rename never loses to a coincidental alias; themes, which have
   no fuzzy step, then by names equal in ``name_form`` (case, punctuation, word order and
   plurals ignored);
3. codes only: by similarity (``themework.merge.similarity``), one to one: pairs whose names
   are equal in ``name_form`` first, then ``near`` pairs, then ``uncertain`` ones, best first.
   ``near`` pairs merge; ``uncertain`` ones (same name terms, a score in the band below the
   threshold, similar definitions, or each other's closest match) merge only when the
   ``decide`` callback answers ``"merge"``; for a code left on its own, its closest candidate
   is listed as ``separate`` when their names share a term or it scores within two bands of
   the threshold (a near miss worth seeing, such as "Trust in police" against "Trust
   building").

Whatever is left starts a group of its own. The order of everything follows the order of the
files, so the same inputs always give the same groups and decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from themework.domain.codebook import CodeSpec, ThemeSpec
from themework.domain.text import name_key
from themework.merge.candidates import candidates
from themework.merge.model import BASE, Decide, Decision, Via
from themework.merge.similarity import Profile, name_form, profile, score

__all__ = ["BASE_SOURCE", "CodeMatching", "Group", "Matching", "Member", "flatten"]

T = TypeVar("T", CodeSpec, ThemeSpec)

BASE_SOURCE = -1  # the source number of the base; sides are numbered from 0


@dataclass(eq=False)
class Member(Generic[T]):
    source: int
    pos: int  # depth-first position in its file
    item: T
    parent: int | None  # the parent's position in the same file


@dataclass(eq=False)
class Group(Generic[T]):
    index: int  # creation order
    base: Member[T] | None = None
    sides: dict[int, Member[T]] = field(default_factory=dict)
    via: set[str] = field(default_factory=set)  # how later members joined

    def members(self) -> list[Member[T]]:
        """Side members in side order."""
        return [self.sides[s] for s in sorted(self.sides)]

    def everyone(self) -> list[Member[T]]:
        """The base member (if any) and then the side members."""
        return ([self.base] if self.base else []) + self.members()

    def representative(self) -> Member[T]:
        """The first side's member, or the base's."""
        members = self.members()
        if members:
            return members[0]
        assert self.base is not None
        return self.base


def flatten(items: tuple[T, ...]) -> list[tuple[T, int | None]]:
    """Every item depth first, with its parent's position."""
    out: list[tuple[T, int | None]] = []

    def walk(nodes: tuple[T, ...], parent: int | None) -> None:
        for node in nodes:
            out.append((node, parent))
            walk(node.children, len(out) - 1)

    walk(items, None)
    return out


def _aliases(item: CodeSpec | ThemeSpec) -> tuple[str, ...]:
    return item.aliases if isinstance(item, CodeSpec) else ()


class Matching(Generic[T]):
    """Groups of the same item across the base and the sides; themes match by id and name."""

    def __init__(self, labels: Sequence[str], loose_names: bool = False) -> None:
        self.labels = tuple(labels)
        self.loose_names = loose_names
        self.groups: list[Group[T]] = []
        self.flat: dict[int, list[tuple[T, int | None]]] = {}
        self.where: dict[tuple[int, int], Group[T]] = {}  # (source, position) -> group

    def label(self, source: int) -> str:
        return BASE if source == BASE_SOURCE else self.labels[source]

    def member(self, source: int, pos: int) -> Member[T]:
        item, parent = self.flat[source][pos]
        return Member(source, pos, item, parent)

    def add_base(self, items: tuple[T, ...]) -> None:
        self.flat[BASE_SOURCE] = flatten(items)
        for pos in range(len(self.flat[BASE_SOURCE])):
            group: Group[T] = Group(len(self.groups), base=self.member(BASE_SOURCE, pos))
            self.groups.append(group)
            self.where[BASE_SOURCE, pos] = group

    def add_side(self, source: int, items: tuple[T, ...]) -> None:
        self.flat[source] = flatten(items)
        existing = list(self.groups)
        pending = list(range(len(self.flat[source])))
        pending = self._by_id(source, pending, existing)
        pending = self._by_name(source, pending, existing)
        pending = self._fuzzy(source, pending, [g for g in existing if source not in g.sides])
        for pos in pending:
            group: Group[T] = Group(len(self.groups))
            group.sides[source] = self.member(source, pos)
            self.groups.append(group)
            self.where[source, pos] = group

    def join(self, group: Group[T], source: int, pos: int, via: Via) -> None:
        assert source not in group.sides
        left = group.representative()
        group.sides[source] = self.member(source, pos)
        group.via.add(via)
        self.where[source, pos] = group
        self.joined(left, group.sides[source], via)

    def joined(self, left: Member[T], right: Member[T], via: Via) -> None:
        """Called after a member joins a group by id or name."""

    def _by_id(self, source: int, pending: list[int], existing: list[Group[T]]) -> list[int]:
        by_id: dict[str, Group[T]] = {}
        for known in existing:
            for m in known.everyone():
                if m.item.id:
                    by_id.setdefault(m.item.id, known)
        rest = []
        for pos in pending:
            item_id = self.flat[source][pos][0].id
            group: Group[T] | None = by_id.get(item_id) if item_id else None
            if group is not None and source not in group.sides:
                self.join(group, source, pos, "id")
            else:
                rest.append(pos)
        return rest

    def _by_name(self, source: int, pending: list[int], existing: list[Group[T]]) -> list[int]:
        names: dict[str, Group[T]] = {}
        aliases: dict[str, Group[T]] = {}
        forms: dict[str, Group[T]] = {}
        for known in existing:
            for m in known.everyone():
                names.setdefault(name_key(m.item.name), known)
                forms.setdefault(name_form(m.item.name), known)
                for alias in _aliases(m.item):
                    aliases.setdefault(name_key(alias), known)

        def own_name(item: T) -> Iterable[str]:
            return (item.name,)

        def own_aliases(item: T) -> Iterable[str]:
            return _aliases(item)

        passes: list[
            tuple[Callable[[T], Iterable[str]], Callable[[str], str], dict[str, Group[T]], Via]
        ] = [
            (own_name, name_key, names, "name"),
            (own_name, name_key, aliases, "alias"),
            (own_aliases, name_key, names, "alias"),
            (own_aliases, name_key, aliases, "alias"),
        ]
        if self.loose_names:
            passes.append((own_name, name_form, forms, "name"))
        for texts, key, index, via in passes:
            rest: list[int] = []
            for pos in pending:
                item = self.flat[source][pos][0]
                hits = [index.get(key(t)) for t in texts(item)]
                open_hits = [g for g in hits if g is not None and source not in g.sides]
                group = open_hits[0] if open_hits else None
                if group is None:
                    rest.append(pos)
                else:
                    self.join(group, source, pos, via)
            pending = rest
        return pending

    def _fuzzy(self, source: int, pending: list[int], open_groups: list[Group[T]]) -> list[int]:
        return pending


class CodeMatching(Matching[CodeSpec]):
    """Codes also match by fuzzy score; every pairing considered is a ``Decision``."""

    def __init__(
        self, labels: Sequence[str], threshold: float, band: float, decide: Decide | None
    ) -> None:
        super().__init__(labels)
        self.threshold = threshold
        self.band = band
        self.decide = decide
        self.decisions: list[Decision] = []
        self._profiles: dict[int, tuple[CodeSpec, Profile]] = {}

    def profile(self, code: CodeSpec) -> Profile:
        """``profile(code)``, worked out once per code: lemmatising names and definitions is
        most of a large merge's work."""
        found = self._profiles.get(id(code))
        if found is None or found[0] is not code:
            found = (code, profile(code))
            self._profiles[id(code)] = found  # the code is kept, so its id is not reused
        return found[1]

    def joined(self, left: Member[CodeSpec], right: Member[CodeSpec], via: Via) -> None:
        if via == "fuzzy":
            return
        scores = score(self.profile(left.item), self.profile(right.item))
        self.decisions.append(
            Decision(
                self.label(left.source), left.item, self.label(right.source), right.item,
                "exact", via, scores, merged=True,
            )
        )  # fmt: skip

    def _fuzzy(
        self, source: int, pending: list[int], open_groups: list[Group[CodeSpec]]
    ) -> list[int]:
        if not pending or not open_groups:
            return pending
        codes = [self.flat[source][pos][0] for pos in pending]
        lefts = [g.representative() for g in open_groups]
        rows = [self.profile(c) for c in codes]
        cols: list[Profile] = [self.profile(m.item) for m in lefts]
        found = candidates(rows, cols, self.threshold, self.band)
        # equal name forms first (they merge whatever else is found), then near before
        # uncertain, best first
        rank = {"near": 0, "uncertain": 1, "separate": 2}
        found.sort(
            key=lambda f: (
                f.reason != "same name form", rank[f.kind], -f.scores.combined,
                -f.scores.name, f.row, f.col,
            )
        )  # fmt: skip
        taken_rows: set[int] = set()
        taken_cols: set[int] = set()
        considered: set[int] = set()
        for f in found:
            r, c = f.row, f.col
            if r in taken_rows or c in taken_cols or f.kind == "separate":
                continue
            left = lefts[c]
            decision = Decision(
                self.label(left.source), left.item, self.label(source), codes[r],
                f.kind, "fuzzy", f.scores, reason=f.reason,
            )  # fmt: skip
            if decision.kind == "near":
                decision = replace(decision, merged=True)
            elif self.decide is not None:
                answer = self.decide(decision)
                if answer not in ("merge", "separate"):
                    raise ValueError(f"decide must answer 'merge' or 'separate', not {answer!r}")
                decision = replace(decision, merged=answer == "merge", decided_by="callback")
            else:
                decision = replace(decision, decided_by="default")
            self.decisions.append(decision)
            considered.add(r)
            if decision.merged:
                taken_rows.add(r)
                taken_cols.add(c)
                self.join(open_groups[c], source, pending[r], "fuzzy")
        closest: dict[int, Decision] = {}
        for f in found:
            if f.kind == "separate" and f.row not in considered and f.row not in closest:
                left = lefts[f.col]
                closest[f.row] = Decision(
                    self.label(left.source), left.item, self.label(source), codes[f.row],
                    "separate", "fuzzy", f.scores,
                )  # fmt: skip
        self.decisions += [closest[r] for r in sorted(closest)]
        return [pos for r, pos in enumerate(pending) if r not in taken_rows]
