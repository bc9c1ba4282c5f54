from __future__ import annotations

from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.ingest import parse_srt, read_transcript

PATH = Path("call.srt")

LABELLED = """1
00:00:01,000 --> 00:00:04,000
Interviewer: How long have you
worked here?

2
00:00:04,500 --> 00:00:06,250
Interviewer: Roughly.

3
00:00:07,000 --> 00:00:12,000
<i>P05:</i> About six years.

4
00:00:12,000 --> 00:00:13,000
{\\an8}P05: Maybe seven.
"""

UNLABELLED = """1
00:00:01,000 --> 00:00:04,000
I started in 2018.

2
00:00:04,000 --> 00:00:08,500
It was a <b>hard</b> year.
"""


def test_labelled_cues_merge_into_turns() -> None:
    parsed = parse_srt(LABELLED, PATH)
    assert parsed.format == "srt"
    assert [(t.label, t.text, t.start_s, t.end_s, t.line) for t in parsed.turns] == [
        ("Interviewer", "How long have you worked here? Roughly.", 1.0, 6.25, 1),
        ("P05", "About six years. Maybe seven.", 7.0, 13.0, 10),
    ]


def test_unlabelled_cues_without_speaker_fail_with_hint() -> None:
    with pytest.raises(InputError) as info:
        parse_srt(UNLABELLED, PATH)
    assert "--speaker" in info.value.message
    assert info.value.file == str(PATH)
    assert info.value.line == 1


def test_unlabelled_cues_with_speaker() -> None:
    parsed = parse_srt(UNLABELLED, PATH, default_speaker="P11")
    assert [(t.label, t.text, t.start_s, t.end_s) for t in parsed.turns] == [
        ("P11", "I started in 2018. It was a hard year.", 1.0, 8.5)
    ]


def test_colon_in_unlabelled_speech_is_not_a_label() -> None:
    text = UNLABELLED + "\n3\n00:00:09,000 --> 00:00:10,000\nHonestly: it was fine.\n"
    parsed = parse_srt(text, PATH, default_speaker="P11")
    assert [t.label for t in parsed.turns] == ["P11"]
    assert parsed.turns[0].text.endswith("Honestly: it was fine.")


def test_missing_blank_line_between_cues_is_tolerated() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nA B: one\n2\n00:00:02,000 --> 00:00:03,000\nC D: two\n"
    )
    parsed = parse_srt(text, PATH)
    assert [(t.label, t.text, t.line) for t in parsed.turns] == [
        ("A B", "one", 1),
        ("C D", "two", 4),
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("1\n00:00:01,000 --> 00:00:0x,000\nA: hi\n", 2),
        ("1\n00:00:01,000 -> 00:00:02,000\nA: hi\n", 2),
        ("1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\nhello\n", 5),
        ("1\n00:00:03,000 --> 00:00:02,000\nA: hi\n", 2),
    ],
)
def test_malformed_srt_names_the_line(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        parse_srt(text, PATH)
    assert (info.value.file, info.value.line) == (str(PATH), line)


def test_read_transcript_srt_with_speaker(tmp_path: Path) -> None:
    path = tmp_path / "zoom.srt"
    path.write_bytes(UNLABELLED.replace("\n", "\r\n").encode("utf-8-sig"))
    with pytest.raises(InputError, match="--speaker"):
        read_transcript(path)
    parsed = read_transcript(path, default_speaker="P11")
    assert parsed.turns[0].label == "P11"
    assert parsed.turns[0].end_s == 8.5
