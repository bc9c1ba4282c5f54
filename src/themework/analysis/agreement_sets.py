"""Agreement over a set of mutually exclusive codes: one categorical variable.

A codebook can declare a parent's children mutually exclusive (``exclusive: true``): each
unit then takes one of the children, or none of them, and agreement is the multi-category
statistic over those categories: Cohen's kappa for two coders, Fleiss' kappa for more,
Krippendorff's nominal alpha for any number and for missing values. "None of the set" is a
category of its own (``NONE``), as absence is in the per-code figures. A coder who did not
judge a unit (the transcript is not marked done by them) gives no value; nor does one who
gave a unit two codes of the set, which contradicts the set: such units are counted in
``conflicting`` so that they can be found and fixed.

Rows are ``(values, weight)``: one value per compared coder (a category or None), and how
many units (turns, or characters at character level) had exactly those values.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from themework.analysis.agreement import UnitSpace
from themework.analysis.agreement_stats import (
    Alpha,
    Kappa,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    pabak_from,
    undefined_kappa,
)
from themework.domain.spans import merge_intervals

NONE = "(none of the set)"
CONFLICT = object()  # two codes of the set on one unit by one coder: no value

Values = tuple[Hashable | None, ...]
Row = tuple[Values, int]


@dataclass(frozen=True)
class SetAgreement:
    """Agreement on one exclusive set: ``name`` is the parent code, ``categories`` its
    children then ``NONE``. ``n_units`` counts the units two or more coders gave a value,
    ``conflicting`` the (unit, coder) values left out because a coder gave a unit two codes
    of the set. ``observed`` is the share of agreeing coder pairs over those units."""

    name: str
    categories: tuple[str, ...]
    unit: str
    coders: tuple[str, ...]
    n_units: int
    conflicting: int
    observed: float | None
    cohen: Kappa
    fleiss: Kappa
    alpha: Alpha

    @property
    def kappa(self) -> Kappa:
        """Cohen's for two coders, Fleiss' for more."""
        return self.cohen if len(self.coders) == 2 else self.fleiss

    @property
    def pabak(self) -> float | None:
        """PABAK over the set's categories (``NONE`` included): (k Po - 1) / (k - 1)."""
        if self.observed is None:
            return None
        return pabak_from(self.observed, len(self.categories))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "categories": list(self.categories),
            "unit": self.unit,
            "coders": list(self.coders),
            "n_units": self.n_units,
            "conflicting": self.conflicting,
            "observed": self.observed,
            "pabak": self.pabak,
            "kappa": "cohen" if len(self.coders) == 2 else "fleiss",
            "cohen": asdict(self.cohen),
            "fleiss": asdict(self.fleiss),
            "alpha": asdict(self.alpha),
        }


def set_agreement(
    name: str,
    categories: Sequence[str],
    rows: Iterable[Row],
    coders: Sequence[str],
    unit: str = "unit",
) -> SetAgreement:
    """The figures for one exclusive set from ``(values, weight)`` rows (see the module)."""
    names = tuple(coders)
    cats = (*dict.fromkeys(categories), NONE)
    position: dict[Hashable, int] = {c: i for i, c in enumerate(cats)}
    merged: dict[Values, int] = {}
    conflicting = 0
    for values, weight in rows:
        if len(values) != len(names):
            raise ValueError("one value per coder")
        if weight <= 0:
            continue
        clean = tuple(None if v is CONFLICT else v for v in values)
        conflicting += weight * sum(1 for v in values if v is CONFLICT)
        for v in clean:
            if v is not None and v not in position:
                raise ValueError(f"{v!r} is not a category of the set {name!r}")
        merged[clean] = merged.get(clean, 0) + weight
    pairable = [(vals, w) for vals, w in merged.items() if sum(v is not None for v in vals) >= 2]
    n_units = sum(w for _, w in pairable)
    agreeing = 0.0
    for vals, w in pairable:
        present = [v for v in vals if v is not None]
        m = len(present)
        same = sum(1 for i in range(m) for j in range(m) if i != j and present[i] == present[j])
        agreeing += w * same / (m * (m - 1))
    alpha = krippendorff_alpha_nominal(
        [[vals[i] for vals, _ in pairable] for i in range(len(names))],
        [float(w) for _, w in pairable],
    )
    return SetAgreement(
        name=name,
        categories=cats,
        unit=unit,
        coders=names,
        n_units=n_units,
        conflicting=conflicting,
        observed=agreeing / n_units if n_units else None,
        cohen=_cohen(pairable, position, len(names)),
        fleiss=_fleiss(pairable, position, len(names)),
        alpha=alpha,
    )


def _cohen(pairable: list[Row], position: Mapping[Hashable, int], coders: int) -> Kappa:
    if coders != 2:
        return undefined_kappa(
            0, "Cohen's kappa compares exactly two coders; read Fleiss' kappa or alpha"
        )
    k = len(position)
    table = [[0.0] * k for _ in range(k)]
    for (a, b), w in pairable:  # both values present: pairable with two coders
        table[position[a]][position[b]] += w
    return cohen_kappa(table)


def _fleiss(pairable: list[Row], position: Mapping[Hashable, int], coders: int) -> Kappa:
    if coders < 3:
        return undefined_kappa(0, "Fleiss' kappa is for three or more coders; read Cohen's")
    if any(v is None for vals, _ in pairable for v in vals):
        n = sum(w for _, w in pairable)
        return undefined_kappa(
            n,
            "Fleiss' kappa needs every coder to give every unit a value (complete data); "
            "read Krippendorff's alpha",
        )
    counts = []
    weights = []
    for vals, w in pairable:
        row = [0.0] * len(position)
        for v in vals:
            row[position[v]] += 1
        counts.append(row)
        weights.append(float(w))
    return fleiss_kappa(counts, weights)


def _value(applied: set[str] | None) -> Hashable:
    if not applied:
        return NONE
    if len(applied) > 1:
        return CONFLICT
    return next(iter(applied))


def _row(judged: Sequence[bool], applied: Sequence[set[str] | None]) -> Values:
    return tuple(_value(a) if j else None for j, a in zip(judged, applied, strict=True))


def unit_rows(
    sources: Iterable[tuple[str, int, Sequence[bool]]],
    decisions: Iterable[tuple[str, Hashable, str, int]],
) -> list[Row]:
    """Rows over discrete units. ``sources`` are ``(source, number of units, judged per
    coder)``; ``decisions`` ``(source, unit, category, coder index)`` for the set's codes."""
    found: dict[str, dict[Hashable, dict[int, set[str]]]] = {}
    for source, unit, category, coder in decisions:
        found.setdefault(source, {}).setdefault(unit, {}).setdefault(coder, set()).add(category)
    out: list[Row] = []
    for source, size, judged in sources:
        units = found.get(source, {})
        for by_coder in units.values():
            out.append((_row(judged, [by_coder.get(i) for i in range(len(judged))]), 1))
        if size > len(units):
            out.append((_row(judged, [None] * len(judged)), size - len(units)))
    return out


def character_rows(
    sources: Iterable[tuple[UnitSpace, Sequence[bool]]],
    codings: Iterable[tuple[str, str, int, int, int]],
) -> list[Row]:
    """Rows at character level, each character a unit. ``sources`` are each source's
    countable characters with who judged it (per coder); ``codings`` ``(source, category,
    coder index, start, end)``. Stretches with the same values are one weighted row."""
    spans: dict[str, dict[tuple[int, str], list[tuple[int, int]]]] = {}
    for source, category, coder, start, end in codings:
        spans.setdefault(source, {}).setdefault((coder, category), []).append((start, end))
    out: list[Row] = []
    for space, judged in sources:
        events: list[tuple[int, int, int, str]] = []  # position, +1/-1, coder, category
        for (coder, category), found in spans.get(space.source, {}).items():
            for a, b in space.clip(merge_intervals(found)):
                events += [(a, 1, coder, category), (b, -1, coder, category)]
        events.sort(key=lambda e: (e[0], e[1]))
        active: list[set[str]] = [set() for _ in judged]
        covered = 0
        previous = 0
        for position, step, coder, category in events:
            if position > previous and any(active):
                out.append((_row(judged, active), position - previous))
                covered += position - previous
            if step > 0:
                active[coder].add(category)
            else:
                active[coder].discard(category)
            previous = position
        if space.length > covered:
            out.append((_row(judged, [None] * len(judged)), space.length - covered))
    return out
