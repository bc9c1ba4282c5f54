"""Check-digit and format rules for NHS and National Insurance numbers."""

from __future__ import annotations

import re


def nhs_number_valid(number: str) -> bool:
    """Mod-11 check of a 10-digit NHS number (spaces and dashes ignored)."""
    digits = re.sub(r"[\s-]", "", number)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_NI_FIRST = set("ABCEGHJKLMNOPRSTWXYZ")  # not D, F, I, Q, U, V
_NI_SECOND = set("ABCEGHJKLMNPRSTWXYZ")  # not D, F, I, O, Q, U, V
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def ni_number_valid(number: str, *, need_suffix: bool = True) -> bool:
    """National Insurance number format rules (HMRC): two prefix letters, six digits, A-D.

    The first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; the
    prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued; the suffix is A, B, C or D.
    """
    s = re.sub(r"\s", "", number).upper()
    m = re.fullmatch(r"([A-Z])([A-Z])(\d{6})([A-D]?)", s)
    if not m:
        return False
    a, b, _digits, suffix = m.groups()
    if a not in _NI_FIRST or b not in _NI_SECOND or a + b in _NI_BAD_PREFIXES:
        return False
    return bool(suffix) or not need_suffix
