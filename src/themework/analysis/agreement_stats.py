"""Agreement coefficients over plain tables: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha
(nominal), percent agreement and PABAK, each labelled on Landis and Koch's scale.

Units may carry weights (a weight w counts as w identical units), which is how the character
level counts a stretch of n characters as one weighted segment. A coefficient whose chance
term leaves nothing to correct (expected agreement 1, or no expected disagreement) is
undefined: its value is None and ``undefined_reason`` says why; it is never reported as 0 or 1.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

# Landis & Koch (1977): upper bounds, inclusive, of each band above "poor" (< 0).
_BANDS = ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"))
_TOLERANCE = 1e-9  # so that a kappa of exactly 0.4, computed as 0.4000000001, stays "fair"


def landis_koch(value: float) -> str:
    """Landis and Koch's label: <0 poor, 0-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate,
    0.61-0.80 substantial, 0.81-1 almost perfect (upper bounds inclusive)."""
    if value < -_TOLERANCE:
        return "poor"
    for bound, name in _BANDS:
        if value <= bound + _TOLERANCE:
            return name
    return "almost perfect"


@dataclass(frozen=True, slots=True)
class Kappa:
    """A kappa-type coefficient: (observed - expected) / (1 - expected).

    ``observed`` and ``expected`` are agreement proportions; ``n_units`` the (weighted) number
    of units compared. When undefined, ``kappa`` and ``label`` are None and
    ``undefined_reason`` says why.
    """

    kappa: float | None
    observed: float | None
    expected: float | None
    n_units: float
    label: str | None
    undefined_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Alpha:
    """Krippendorff's alpha: 1 - observed_disagreement / expected_disagreement.

    ``n_units`` counts the pairable units (coded by two or more coders), ``n_values`` the
    values in them (Krippendorff's n); both weighted.
    """

    alpha: float | None
    observed_disagreement: float | None
    expected_disagreement: float | None
    n_units: float
    n_values: float
    label: str | None
    undefined_reason: str | None = None


def undefined_kappa(n_units: float, reason: str, observed: float | None = None) -> Kappa:
    return Kappa(None, observed, None, n_units, None, reason)


def undefined_alpha(n_units: float, n_values: float, reason: str) -> Alpha:
    return Alpha(None, None, None, n_units, n_values, None, reason)


def kappa_from(observed: float, expected: float, n_units: float) -> Kappa:
    """Kappa from agreement proportions; the caller has ruled out ``expected == 1``."""
    value = (observed - expected) / (1.0 - expected)
    return Kappa(value, observed, expected, n_units, landis_koch(value))


def alpha_from(value_totals: Iterable[float], off_diagonal: float, n_units: float) -> Alpha:
    """Alpha (nominal) from the coincidence matrix's marginals ``n_c`` and the sum of its
    off-diagonal cells (the observed disagreeing pairs, each already divided by m_u - 1)."""
    totals = [t for t in value_totals if t > 0]
    n = math.fsum(totals)
    if n <= 0:
        return undefined_alpha(0, 0, "no unit was coded by two or more coders")
    if len(totals) < 2:
        return undefined_alpha(
            n_units, n, "every value is the same, so there is no expected disagreement"
        )
    expected_pairs = n * n - math.fsum(t * t for t in totals)
    observed = off_diagonal / n
    expected = expected_pairs / (n * (n - 1.0))
    value = 1.0 - (n - 1.0) * off_diagonal / expected_pairs
    return Alpha(value, observed, expected, n_units, n, landis_koch(value))


def _square(table: Sequence[Sequence[float]]) -> int:
    k = len(table)
    if k == 0 or any(len(row) != k for row in table):
        raise ValueError("a confusion matrix must be square, with at least one category")
    if any(cell < 0 for row in table for cell in row):
        raise ValueError("a confusion matrix holds counts, which cannot be negative")
    return k


def percent_agreement(table: Sequence[Sequence[float]]) -> float | None:
    """Share of units on the diagonal of a square confusion matrix; None when it is empty."""
    k = _square(table)
    n = math.fsum(cell for row in table for cell in row)
    if n <= 0:
        return None
    return math.fsum(table[i][i] for i in range(k)) / n


def pabak(table: Sequence[Sequence[float]]) -> float | None:
    """Prevalence- and bias-adjusted kappa, (k * Po - 1) / (k - 1) for k categories
    (2 * Po - 1 for a 2x2 table); None when the table is empty."""
    k = _square(table)
    if k < 2:
        raise ValueError("PABAK needs at least two categories")
    observed = percent_agreement(table)
    return None if observed is None else pabak_from(observed, k)


def pabak_from(observed: float, n_categories: int = 2) -> float:
    return (n_categories * observed - 1.0) / (n_categories - 1.0)


def cohen_kappa(table: Sequence[Sequence[float]]) -> Kappa:
    """Cohen's kappa (nominal) from a square confusion matrix: rows are the first coder's
    categories, columns the second's, in the same order; any number of categories."""
    k = _square(table)
    n = math.fsum(cell for row in table for cell in row)
    if n <= 0:
        return undefined_kappa(0, "the table is empty: there is nothing to compare")
    observed = math.fsum(table[i][i] for i in range(k)) / n
    nonzero = [(i, j) for i in range(k) for j in range(k) if table[i][j] > 0]
    if len(nonzero) == 1 and nonzero[0][0] == nonzero[0][1]:
        return undefined_kappa(
            n, "both coders put every unit in one category, so chance agreement is 1", observed
        )
    rows = [math.fsum(table[i]) for i in range(k)]
    cols = [math.fsum(table[i][j] for i in range(k)) for j in range(k)]
    expected = math.fsum(rows[i] * cols[i] for i in range(k)) / (n * n)
    return kappa_from(observed, expected, n)


def fleiss_kappa(
    counts_per_item: Sequence[Sequence[float]], weights: Sequence[float] | None = None
) -> Kappa:
    """Fleiss' kappa from an items x categories table of how many raters put each item in
    each category. Every item needs the same number of ratings (complete data); otherwise
    the result is undefined with a reason. ``weights`` counts an item as that many items."""
    if not counts_per_item:
        return undefined_kappa(0, "there are no items")
    k = len(counts_per_item[0])
    if any(len(row) != k for row in counts_per_item):
        raise ValueError("every item needs a count for every category")
    if any(c < 0 for row in counts_per_item for c in row):
        raise ValueError("counts cannot be negative")
    if weights is None:
        weights = [1.0] * len(counts_per_item)
    elif len(weights) != len(counts_per_item):
        raise ValueError("one weight per item")
    items = [(row, w) for row, w in zip(counts_per_item, weights, strict=True) if w > 0]
    n_items = math.fsum(w for _, w in items)
    if n_items <= 0:
        return undefined_kappa(0, "there are no items")
    raters = {math.fsum(row) for row, _ in items}
    if len(raters) != 1:
        return undefined_kappa(
            n_items,
            "Fleiss' kappa needs the same number of ratings for every item (complete data); "
            "read Krippendorff's alpha instead",
        )
    (m,) = raters
    if m < 2:
        return undefined_kappa(n_items, "Fleiss' kappa needs two or more ratings per item")
    return fleiss_from(((row, w) for row, w in items), m)


def fleiss_from(items: Iterable[tuple[Sequence[float], float]], raters: float) -> Kappa:
    """Fleiss' kappa over (counts per category, weight) items, each rated ``raters`` times."""
    n_items = 0.0
    agreeing = 0.0
    totals: list[float] = []
    for row, w in items:
        if len(totals) < len(row):
            totals.extend([0.0] * (len(row) - len(totals)))
        n_items += w
        agreeing += w * (math.fsum(c * c for c in row) - raters)
        for j, c in enumerate(row):
            totals[j] += w * c
    if n_items <= 0:
        return undefined_kappa(0, "there are no items")
    observed = agreeing / (n_items * raters * (raters - 1.0))
    if sum(1 for t in totals if t > 0) < 2:
        return undefined_kappa(
            n_items, "every rating falls in one category, so chance agreement is 1", observed
        )
    all_ratings = n_items * raters
    expected = math.fsum((t / all_ratings) ** 2 for t in totals)
    return kappa_from(observed, expected, n_items)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def krippendorff_alpha_nominal(
    reliability_data: Sequence[Sequence[Hashable | None]],
    weights: Sequence[float] | None = None,
) -> Alpha:
    """Krippendorff's alpha for nominal data.

    ``reliability_data`` is coders x units; None (or NaN) marks a missing value. A unit with
    fewer than two values is not pairable and is left out. ``weights`` (one per unit) counts a
    unit as that many identical units, e.g. a segment's length in characters.
    """
    if not reliability_data:
        return undefined_alpha(0, 0, "there are no coders")
    n_units = len(reliability_data[0])
    if any(len(row) != n_units for row in reliability_data):
        raise ValueError("every coder's row needs one value (or None) per unit")
    if weights is not None and len(weights) != n_units:
        raise ValueError("one weight per unit")
    totals: dict[Hashable, float] = {}
    off_diagonal = 0.0
    pairable = 0.0
    for u in range(n_units):
        w = 1.0 if weights is None else weights[u]
        values = [row[u] for row in reliability_data if not _missing(row[u])]
        m = len(values)
        if m < 2 or w <= 0:
            continue
        counts = Counter(values)
        pairable += w
        off_diagonal += w * (m * m - sum(c * c for c in counts.values())) / (m - 1.0)
        for value, c in counts.items():
            totals[value] = totals.get(value, 0.0) + w * c
    return alpha_from(totals.values(), off_diagonal, pairable)
