"""One rounding rule for printed figures: halves round up, zero is never signed."""

from __future__ import annotations

import pytest

from themework.domain.figures import figure, percent


@pytest.mark.parametrize(
    ("value", "places", "printed"),
    [
        (0.0625, 3, "0.063"),  # f"{0.0625:.3f}" gives 0.062 (half to even)
        (0.2345, 3, "0.235"),  # stored as 0.23449999...: rounded as written
        (-0.0625, 3, "-0.063"),  # halves round away from zero
        (-0.0003, 3, "0.000"),  # f"{-0.0003:.3f}" gives -0.000
        (-0.0, 3, "0.000"),
        (0.125, 2, "0.13"),
        (1.0, 3, "1.000"),
        (0.9995, 3, "1.000"),
    ],
)
def test_figures_round_halves_up_and_never_print_a_signed_zero(
    value: float, places: int, printed: str
) -> None:
    assert figure(value, places) == printed


def test_a_missing_figure_prints_as_asked() -> None:
    assert figure(None) == "-"
    assert figure(None, missing="undefined") == "undefined"


@pytest.mark.parametrize(
    ("part", "whole", "printed"),
    [(5, 8, "63%"), (1, 8, "13%"), (1, 3, "33%"), (2, 3, "67%"), (0, 4, "0%"), (11, 14, "79%")],
)
def test_percentages_are_computed_exactly_and_round_halves_up(
    part: int, whole: int, printed: str
) -> None:
    assert percent(part, whole) == printed  # f"{100 * 5 / 8:.0f}%" gives 62%
