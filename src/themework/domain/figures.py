"""How figures print: one rounding rule for every table, on screen and in reports.

Python's own formatting rounds a binary float half to even as stored (``f"{62.5:.0f}"`` is
"62", ``f"{0.0625:.3f}"`` "0.062") and keeps the sign of a negative zero ("-0.000"). A
figure a reader checks by hand should round halves up, as they were taught, and never show
a signed zero, so every agreement figure and share goes through here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def _quantised(value: Decimal, places: int) -> str:
    step = Decimal(1).scaleb(-places)
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)  # -0.000 is 0.000
    return f"{rounded:.{places}f}"


def figure(value: float | None, places: int = 3, missing: str = "-") -> str:
    """A coefficient or proportion to ``places`` decimals, halves rounded up (away from zero),
    as printed by ``repr`` first: 0.0625 is 0.063, 0.2345 is 0.235."""
    if value is None:
        return missing
    return _quantised(Decimal(repr(float(value))), places)


def percent(part: int | float, whole: int | float, places: int = 0) -> str:
    """``part`` of ``whole`` as a percentage, computed exactly: 5 of 8 is "63%"."""
    exact = Fraction(part) * 100 / Fraction(whole)
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    return _quantised(value, places) + "%"
