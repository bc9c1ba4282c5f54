"""Random data checked against independent implementations: the ``krippendorff`` package
(alpha, nominal) and statsmodels (Cohen's and Fleiss' kappa). Test dependencies only: the
analysis package itself uses neither."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from themework.analysis.agreement import (
    UnitSpace,
    character_agreement,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha_nominal,
)

np = pytest.importorskip("numpy")
krippendorff = pytest.importorskip("krippendorff")
inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")


@pytest.mark.parametrize("seed", range(25))
def test_cohen_kappa_matches_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    k = rng.randint(2, 5)
    table = [[rng.randint(0, 30) for _ in range(k)] for _ in range(k)]
    for i in range(k):
        table[i][i] += rng.randint(5, 40)
    ours = cohen_kappa(table)
    theirs = inter_rater.cohens_kappa(np.array(table, dtype=float))
    assert ours.kappa == pytest.approx(float(theirs["kappa"]), abs=1e-12)


@pytest.mark.parametrize("seed", range(25))
def test_fleiss_kappa_matches_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    raters, k = rng.randint(3, 8), rng.randint(2, 5)
    items = []
    for _ in range(rng.randint(5, 40)):
        row = [0] * k
        favourite = rng.randrange(k)
        for _ in range(raters):
            row[favourite if rng.random() < 0.6 else rng.randrange(k)] += 1
        items.append(row)
    ours = fleiss_kappa(items)
    theirs = inter_rater.fleiss_kappa(np.array(items), method="fleiss")
    assert ours.kappa == pytest.approx(float(theirs), abs=1e-12)


def _alpha(rows: list[list[Any]]) -> float:
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in rows])
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


@pytest.mark.parametrize("seed", range(40))
def test_krippendorff_alpha_matches_package(seed: int) -> None:
    rng = random.Random(seed)
    coders, units, k = rng.randint(2, 6), rng.randint(5, 60), rng.randint(2, 5)
    truth = [rng.randrange(k) for _ in range(units)]
    rows: list[list[int | None]] = [
        [
            None if rng.random() < 0.2 else (t if rng.random() < 0.7 else rng.randrange(k))
            for t in truth
        ]
        for _ in range(coders)
    ]
    ours = krippendorff_alpha_nominal(rows)
    if ours.alpha is None:
        pytest.skip("degenerate draw")
    assert ours.alpha == pytest.approx(_alpha(rows), abs=1e-9)


def test_krippendorff_published_example_matches_package() -> None:
    n = None
    rows = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    assert _alpha(rows) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha_nominal(rows).alpha == pytest.approx(_alpha(rows), abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_character_level_matches_packages_on_per_character_data(seed: int) -> None:
    """Expand each character into a unit, hand that to the packages, compare with the sweep."""
    rng = random.Random(seed)
    coders = ["A", "B", "C"]
    spaces, codings = [], []
    for s in range(4):
        intervals = ((0, 50), (60, 60 + rng.randint(20, 90)))
        spaces.append(UnitSpace(f"s{s}", intervals, frozenset(coders)))
        for _ in range(rng.randint(3, 10)):
            start = rng.randint(0, 140)
            codings.append((f"s{s}", "X", rng.choice(coders), start, start + rng.randint(1, 40)))
    rows: list[list[int]] = [[] for _ in coders]
    for space in spaces:
        for start, end in space.intervals:
            for x in range(start, end):
                for i, coder in enumerate(coders):
                    hit = any(
                        src == space.source and cd == coder and a <= x < b
                        for src, _, cd, a, b in codings
                    )
                    rows[i].append(int(hit))
    three = character_agreement(codings, spaces, coders).by_code["X"]
    assert three.alpha.alpha == pytest.approx(_alpha([list(r) for r in rows]), abs=1e-9)
    counts = np.array([[sum(u), 3 - sum(u)] for u in zip(*rows, strict=True)])
    assert three.fleiss.kappa == pytest.approx(float(inter_rater.fleiss_kappa(counts)), abs=1e-9)

    two = character_agreement(codings, spaces, coders[:2]).by_code["X"]
    table = np.zeros((2, 2))
    for a, b in zip(rows[0], rows[1], strict=True):
        table[a, b] += 1
    expected = float(inter_rater.cohens_kappa(table)["kappa"])
    assert not math.isnan(expected)
    assert two.cohen.kappa == pytest.approx(expected, abs=1e-9)
