"""The coefficients on published worked examples, to three decimals, and their edge cases."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from themework.analysis.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    landis_koch,
    pabak,
    percent_agreement,
)


def test_cohen_textbook_two_by_two() -> None:
    # 50 grant proposals, two readers, yes/no (Wikipedia, "Cohen's kappa", simple example):
    # both yes 20, A yes B no 5, A no B yes 10, both no 15.
    result = cohen_kappa([[20, 5], [10, 15]])
    assert result.observed == pytest.approx(0.7)
    assert result.expected == pytest.approx(0.5)  # 0.5 * 0.6 + 0.5 * 0.4
    assert result.kappa == pytest.approx(0.4, abs=5e-4)
    assert result.n_units == 50
    assert result.label == "fair"
    assert result.undefined_reason is None


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        # Same 60 % agreement, different marginals (Wikipedia's "same percentages but
        # different numbers"): kappa 0.06 / 0.46 and 0.14 / 0.54.
        ([[45, 15], [25, 15]], 0.1304),
        ([[25, 35], [5, 35]], 0.2593),
    ],
)
def test_cohen_same_agreement_different_kappa(table: list[list[int]], expected: float) -> None:
    assert percent_agreement(table) == pytest.approx(0.6)
    assert cohen_kappa(table).kappa == pytest.approx(expected, abs=5e-4)


def test_cohen_three_categories_by_hand() -> None:
    # n = 100; diagonal 25 + 30 + 24 = 79, so Po = 0.79.
    # Rows (coder 1) 30, 40, 30; columns (coder 2) 30, 38, 32.
    # Pe = (30*30 + 40*38 + 30*32) / 100^2 = (900 + 1520 + 960) / 10000 = 0.338.
    # kappa = (0.79 - 0.338) / (1 - 0.338) = 0.452 / 0.662 = 0.68278.
    table = [[25, 3, 2], [4, 30, 6], [1, 5, 24]]
    result = cohen_kappa(table)
    assert result.observed == pytest.approx(0.79)
    assert result.expected == pytest.approx(0.338)
    assert round(result.kappa or 0, 3) == 0.683
    assert result.label == "substantial"
    assert pabak(table) == pytest.approx((3 * 0.79 - 1) / 2)


def test_pabak_binary_is_two_po_minus_one() -> None:
    assert pabak([[20, 5], [10, 15]]) == pytest.approx(0.4)
    assert pabak([[0, 0], [0, 0]]) is None
    assert percent_agreement([[0, 0], [0, 0]]) is None


FLEISS_1971 = [  # Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_worked_example() -> None:
    result = fleiss_kappa(FLEISS_1971)
    assert round(result.observed or 0, 3) == 0.378  # P-bar
    assert round(result.expected or 0, 3) == 0.213  # P-bar-e
    assert round(result.kappa or 0, 3) == 0.210
    assert result.n_units == 10
    assert result.label == "fair"


def test_fleiss_weights_count_as_repeated_items() -> None:
    rows = [[3, 0], [2, 1], [0, 3], [1, 2]]
    weights = [4, 1, 3, 2]
    expanded = [row for row, w in zip(rows, weights, strict=True) for _ in range(w)]
    assert fleiss_kappa(rows, weights).kappa == pytest.approx(fleiss_kappa(expanded).kappa)


def test_fleiss_undefined_cases() -> None:
    unequal = fleiss_kappa([[3, 0], [1, 1]])
    assert unequal.kappa is None
    assert "same number of ratings" in (unequal.undefined_reason or "")
    one_category = fleiss_kappa([[0, 4], [0, 4]])
    assert one_category.kappa is None
    assert one_category.label is None
    assert "one category" in (one_category.undefined_reason or "")
    assert fleiss_kappa([]).kappa is None
    assert fleiss_kappa([[1, 0], [0, 1]]).undefined_reason is not None  # one rating each


N = None
KRIPPENDORFF_2011 = [  # "Computing Krippendorff's alpha-reliability" (2011), section C
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],  # observer B
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],  # observer D
]


def test_krippendorff_published_example() -> None:
    result = krippendorff_alpha_nominal(KRIPPENDORFF_2011)
    assert round(result.alpha or 0, 3) == 0.743
    assert result.n_values == 40  # unit 12 has one value: not pairable
    assert result.n_units == 11
    assert result.label == "substantial"


def test_krippendorff_nan_is_missing() -> None:
    with_nan = [[math.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011]
    assert krippendorff_alpha_nominal(with_nan).alpha == pytest.approx(0.743421, abs=1e-6)


def test_krippendorff_weights_count_as_repeated_units() -> None:
    data: list[list[str | None]] = [
        ["a", "b", "a", None],
        ["a", "a", "b", "b"],
        [None, "b", "a", "b"],
    ]
    weights = [5, 2, 3, 4]
    expanded = [[v for v, w in zip(row, weights, strict=True) for _ in range(w)] for row in data]
    assert krippendorff_alpha_nominal(data, weights).alpha == pytest.approx(
        krippendorff_alpha_nominal(expanded).alpha
    )


def test_krippendorff_undefined_cases() -> None:
    same = krippendorff_alpha_nominal([[1, 1, None], [1, 1, 1]])
    assert same.alpha is None
    assert "no expected disagreement" in (same.undefined_reason or "")
    lonely = krippendorff_alpha_nominal([[1, None], [None, 2]])
    assert lonely.alpha is None
    assert lonely.n_values == 0


def test_cohen_undefined_when_chance_agreement_is_one() -> None:
    for table in ([[10, 0], [0, 0]], [[0, 0], [0, 7]]):
        result = cohen_kappa(table)
        assert result.kappa is None
        assert result.label is None
        assert result.observed == 1.0
        assert "chance agreement is 1" in (result.undefined_reason or "")
    empty = cohen_kappa([[0, 0], [0, 0]])
    assert empty.kappa is None
    assert empty.undefined_reason
    # Each coder used a different single category: Po = 0 and Pe = 0, so kappa is 0.
    assert cohen_kappa([[0, 5], [0, 0]]).kappa == 0.0


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError):
        cohen_kappa([[1, 2], [3]])
    with pytest.raises(ValueError):
        cohen_kappa([[1, -2], [3, 4]])
    with pytest.raises(ValueError):
        fleiss_kappa([[1, 2], [3]])
    with pytest.raises(ValueError):
        krippendorff_alpha_nominal([[1, 2], [3]])


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (-0.01, "poor"),
        (0.0, "slight"),
        (0.20, "slight"),
        (0.21, "fair"),
        (0.4, "fair"),
        (0.41, "moderate"),
        (0.60, "moderate"),
        (0.61, "substantial"),
        (0.80, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
    ],
)
def test_landis_koch(value: float, label: str) -> None:
    assert landis_koch(value) == label


def test_analysis_stays_pure() -> None:
    code = (
        "import sys, themework.analysis.agreement; "
        "bad = [m for m in ('sqlalchemy', 'textual', 'spacy', 'numpy') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
