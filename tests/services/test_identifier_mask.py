"""What identifier refusals and listings show by default: kinds, lines and a masked form."""

from __future__ import annotations

import pytest

from themework.services.identifiers import FileFinding, mask, summary


@pytest.mark.parametrize(
    ("found", "shown"),
    [
        ("jane@example.com", "j***@e******.com"),
        ("Jane Smith", "J*** S****"),
        ("07700 900123", "0**** 9*****"),
        ("SW1A 1AA", "S*** 1**"),
        ("Oakfield Academy", "O******* A******"),
        ("@jsmith", "@j*****"),
        ("www.school.co.uk", "w**.s*****.c*.uk"),
    ],
)
def test_mask_keeps_first_characters_and_punctuation(found: str, shown: str) -> None:
    assert mask(found) == shown


def test_findings_are_masked_unless_asked_for_in_full() -> None:
    f = FileFinding("P01.txt", 2, "email", "jane@example.com", "high")
    assert str(f) == "P01.txt:2: email (high): j***@e******.com"
    assert f.describe(full=True) == "P01.txt:2: email (high): jane@example.com"
    assert summary([f]) == "line 2 email: j***@e******.com"
    assert summary([f], full=True) == "line 2 email: jane@example.com"
