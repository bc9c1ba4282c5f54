"""Which speaker labels are pseudonyms by their shape, and which may be real names."""

from __future__ import annotations

import pytest

from themework.ingest import is_participant_code

# Shapes studies use for participant codes, including the five-digit codes of large archives.
CODES = [
    "P1", "P01", "P001", "P999", "P09998", "P00001", "P123456", "R10234", "PT0412", "PT 12",
    "INT-03", "INT03", "FG2_P4", "FG2-P4", "FG2 P4", "S1-P03", "YP1", "SW2", "p01", "P01a",
    "Participant 12", "Participant12", "participant", "Respondent 0042", "Respondent-7",
    "Interviewee 3", "Speaker 10", "Speaker #2", "Person 5", "Case 1234", "Subject 00017",
    "Int 4", "Resp12",
]  # fmt: skip

# Real names and display names must still be mapped to a pseudonym before import.
NAMES = [
    "Jane Smith", "Jane", "Sam Jones", "Dr Patel", "J. Smith", "O'Brien", "Jean-Luc Picard",
    "Mohammed Al-Sayed", "Anna 2", "Mark1", "jsmith", "Priya", "Tom (iPhone)", "Li Wei",
    "Jane Smith 2", "Smith, J", "", "12345",
]  # fmt: skip


@pytest.mark.parametrize("label", CODES)
def test_participant_codes_of_any_length_are_pseudonyms(label: str) -> None:
    assert is_participant_code(label)


@pytest.mark.parametrize("label", NAMES)
def test_names_are_not_participant_codes(label: str) -> None:
    assert not is_participant_code(label)
