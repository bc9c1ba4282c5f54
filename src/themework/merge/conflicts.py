"""Settling what the sides disagree on, and keeping the account of it.

A disagreement keeps its default (the first side, or the first side that changed it) unless
the ``decide`` callback answers another of its ``choices``; either way it is recorded as a
``Conflict``. A base item that some side deleted goes when no side changed it, and is kept,
as a ``deleted`` conflict, when one did; every item that goes is recorded as a ``Removal``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import Any, Literal, TypeVar

from themework.merge.fields import Outcome
from themework.merge.matching import Member
from themework.merge.model import BASE, Conflict, Decide, Removal
from themework.merge.plan import Plan

__all__ = ["Arbiter"]

V = TypeVar("V", bound=Hashable)


class Arbiter:
    """Asks ``decide`` about each disagreement and records every conflict and removal."""

    def __init__(self, labels: tuple[str, ...], decide: Decide | None) -> None:
        self.labels = labels
        self.decide = decide
        self.conflicts: list[tuple[Conflict, Plan | None]] = []
        self.removed: list[Removal] = []

    def settle(
        self,
        outcome: Outcome[V],
        what: tuple[Literal["code", "theme", "codebook"], str, str, str],
        shown: Sequence[tuple[str, str]],
        plan: Plan | None,
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

    def deleted(
        self,
        plan: Plan,
        what: tuple[Literal["code", "theme"], str, str, str],
        signature: Callable[[Member[Any]], tuple[Hashable, ...]],
    ) -> bool:
        """Whether an item of the base that some side deleted goes; records why.

        ``signature`` gives everything a side can change about a member, so that a side that
        kept the item can be told unchanged from changed."""
        group = plan.group
        assert group.base is not None
        item, _, code, name = what
        members = group.members()
        absent = [s for s in range(len(self.labels)) if s not in group.sides]
        gone = ", ".join(self.labels[s] for s in absent)
        if not members:
            self.removed.append(Removal(item, code, name, f"deleted in {gone}"))
            return True
        was = signature(group.base)
        changed = [m for m in members if signature(m) != was]
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
