"""Which speaker labels are pseudonyms by their shape, and which may be real names."""

from __future__ import annotations

from pathlib import Path

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


def test_a_label_is_folded_the_same_by_the_reader_the_speaker_map_and_the_layout(
    tmp_path: Path,
) -> None:
    from themework.domain.text import render
    from themework.ingest import read_transcript
    from themework.ingest.csvfiles import read_speaker_map
    from themework.services.importing import plan_speakers

    transcript = tmp_path / "a.txt"
    transcript.write_text(
        "INTERVIEWER\t: Why?\nMs   Smith: Because.\nMs Smith : Really.\n", encoding="utf-8"
    )
    speaker_map = tmp_path / "map.csv"
    speaker_map.write_text("label,pseudonym\n Ms  Smith ,P07\n", encoding="utf-8")
    parsed = read_transcript(transcript)
    mapped, plans = plan_speakers(
        parsed, transcript, read_speaker_map(speaker_map), frozenset(), "a"
    )
    assert {(p.label, p.role) for p in plans} == {
        ("INTERVIEWER", "interviewer"), ("P07", "participant")
    }
    _, layouts = render(mapped)
    assert [lay.label for lay in layouts] == ["INTERVIEWER", "P07", "P07"]
