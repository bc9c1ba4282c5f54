"""From weighted presence patterns to agreement figures, per cell and pooled.

A *tally* maps ``(judged, present)`` bit masks over the compared coders (bit i is coder i) to
a weight: how many units (characters, turns, ...) had exactly those coders judging and exactly
those applying the code. Pooling adds tallies (confusion counts), then computes: a pooled
figure is never an average of coefficients.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from themework.analysis.agreement_stats import (
    Alpha,
    Kappa,
    alpha_from,
    fleiss_from,
    kappa_from,
    pabak_from,
    undefined_alpha,
    undefined_kappa,
)

Tally = dict[tuple[int, int], int]
Pattern = tuple[bool | None, ...]


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement on one code in one source, or pooled (``code``/``source`` None).

    ``n_units`` counts the units (characters, turns, ...) judged by two or more of the
    compared coders; ``applied`` how many of them each coder gave the code. ``observed`` is
    percent agreement (the share of agreeing coder pairs; for two coders, of agreeing units),
    ``unanimous`` the share of units where all coders agree. ``undefined_reason`` is set when
    the chance-corrected figures are undefined for a reason that holds for all of them.
    ``patterns`` lists each presence pattern (per coder: True, False, None when not judged)
    with its weight.
    """

    code: str | None
    source: str | None
    unit: str
    coders: tuple[str, ...]
    n_units: int
    n_sources: int
    applied: tuple[int, ...]
    observed: float | None
    unanimous: float | None
    pabak: float | None
    cohen: Kappa
    fleiss: Kappa
    alpha: Alpha
    undefined_reason: str | None
    patterns: tuple[tuple[Pattern, int], ...]

    @property
    def kappa(self) -> Kappa:
        """The headline kappa: Cohen's for two coders, Fleiss' for more."""
        return self.cohen if len(self.coders) == 2 else self.fleiss

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: coders' figures keyed by coder, patterns as objects."""
        return {
            "code": self.code,
            "source": self.source,
            "unit": self.unit,
            "coders": list(self.coders),
            "n_units": self.n_units,
            "n_sources": self.n_sources,
            "applied": dict(zip(self.coders, self.applied, strict=True)),
            "observed": self.observed,
            "unanimous": self.unanimous,
            "pabak": self.pabak,
            "kappa": "cohen" if len(self.coders) == 2 else "fleiss",
            "cohen": asdict(self.cohen),
            "fleiss": asdict(self.fleiss),
            "alpha": asdict(self.alpha),
            "undefined_reason": self.undefined_reason,
            "patterns": [
                {"applied": dict(zip(self.coders, values, strict=True)), "units": weight}
                for values, weight in self.patterns
            ],
        }


@dataclass(frozen=True, slots=True)
class Scope:
    """What a cell covers, for its reason strings."""

    code: str | None
    source: str | None
    unit: str
    n_sources: int
    empty_reason: str


def add_tally(into: Tally, other: Mapping[tuple[int, int], int]) -> None:
    for key, weight in other.items():
        into[key] = into.get(key, 0) + weight


def _degenerate(n: int, present: int, absent: int, scope: Scope) -> str | None:
    """Why a chance-corrected figure is undefined on units holding ``present`` present and
    ``absent`` absent values, or None."""
    if n == 0:
        return scope.empty_reason
    if present == 0:
        what = "this code" if scope.code is not None else "any of these codes"
        return f"no coder used {what} here"
    if absent == 0:
        what = "this code" if scope.code is not None else "every code"
        return f"every coder applied {what} to every {scope.unit} here"
    return None


class Summariser:
    """Turns tallies into ``Agreement`` cells for one set of compared coders."""

    def __init__(self, coders: tuple[str, ...]) -> None:
        self.coders = coders
        self.full = (1 << len(coders)) - 1
        self._patterns: dict[tuple[int, int], Pattern] = {}

    def pattern(self, judged: int, present: int) -> Pattern:
        key = (judged, present)
        found = self._patterns.get(key)
        if found is None:
            found = tuple(
                None if not judged >> i & 1 else bool(present >> i & 1)
                for i in range(len(self.coders))
            )
            self._patterns[key] = found
        return found

    def cell(self, tally: Mapping[tuple[int, int], int], scope: Scope) -> Agreement:
        c = len(self.coders)
        n = 0
        agreeing = 0.0
        unanimous = 0
        values_present = 0  # alpha's n_1: present values in pairable units
        values_absent = 0
        off_diagonal = 0.0
        applied = [0] * c
        complete = True
        for (judged, present), w in tally.items():
            m = judged.bit_count()
            if m < 2 or w <= 0:
                continue
            a = present.bit_count()
            b = m - a
            n += w
            agreeing += w * (a * (a - 1) + b * (b - 1)) / (m * (m - 1))
            if a == 0 or b == 0:
                unanimous += w
            values_present += w * a
            values_absent += w * b
            off_diagonal += w * 2 * a * b / (m - 1)
            if judged != self.full:
                complete = False
            for i in range(c):
                if present >> i & 1:
                    applied[i] += w

        common = _degenerate(n, values_present, values_absent, scope)
        observed = agreeing / n if n else None
        if common is None:
            alpha = alpha_from((values_present, values_absent), off_diagonal, n)
        else:
            alpha = undefined_alpha(n, values_present + values_absent, common)
        return Agreement(
            code=scope.code,
            source=scope.source,
            unit=scope.unit,
            coders=self.coders,
            n_units=n,
            n_sources=scope.n_sources,
            applied=tuple(applied),
            observed=observed,
            unanimous=unanimous / n if n else None,
            pabak=pabak_from(observed) if observed is not None else None,
            cohen=self._cohen(tally, scope),
            fleiss=self._fleiss(tally, n, complete, common),
            alpha=alpha,
            undefined_reason=common,
            patterns=tuple((self.pattern(j, p), w) for (j, p), w in sorted(tally.items()) if w > 0),
        )

    def _cohen(self, tally: Mapping[tuple[int, int], int], scope: Scope) -> Kappa:
        if len(self.coders) != 2:
            return undefined_kappa(
                0,
                "Cohen's kappa compares exactly two coders; "
                "read Fleiss' kappa or Krippendorff's alpha",
            )
        both = tally.get((3, 3), 0)
        first_only = tally.get((3, 1), 0)
        second_only = tally.get((3, 2), 0)
        neither = tally.get((3, 0), 0)
        n = both + first_only + second_only + neither
        observed = (both + neither) / n if n else None
        if n == 0 or (not first_only and not second_only and (not both or not neither)):
            # one diagonal cell holds everything: chance agreement is 1
            reason = _degenerate(n, both, neither, scope)
            assert reason is not None
            return undefined_kappa(n, reason, observed)
        assert observed is not None
        p1 = (both + first_only) / n
        p2 = (both + second_only) / n
        expected = p1 * p2 + (1.0 - p1) * (1.0 - p2)
        return kappa_from(observed, expected, n)

    def _fleiss(
        self, tally: Mapping[tuple[int, int], int], n: int, complete: bool, common: str | None
    ) -> Kappa:
        c = len(self.coders)
        if c < 3:
            return undefined_kappa(
                n, "Fleiss' kappa is for three or more coders; read Cohen's kappa"
            )
        if not complete:
            return undefined_kappa(
                n,
                "Fleiss' kappa needs every coder to judge every unit (complete data); "
                "read Krippendorff's alpha",
            )
        if common is not None:
            return undefined_kappa(n, common, 1.0 if n else None)
        items = (
            ((present.bit_count(), c - present.bit_count()), float(w))
            for (_, present), w in tally.items()
            if w > 0
        )
        return fleiss_from(items, c)


def pool(tallies: Iterable[Mapping[tuple[int, int], int]]) -> Tally:
    out: Tally = {}
    for tally in tallies:
        add_tally(out, tally)
    return out
