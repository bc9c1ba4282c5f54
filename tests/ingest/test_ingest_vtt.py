from __future__ import annotations

from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.domain.text import render
from themework.ingest import parse_vtt, read_transcript

PATH = Path("call.vtt")

TEAMS = """WEBVTT

d1f0c3a2-5b6e-4f7a-9c1d-2e3f4a5b6c7d/12-0
00:00:03.120 --> 00:00:07.480
<v Jane Smith>So thank you for joining today.
Could you tell me</v>

d1f0c3a2-5b6e-4f7a-9c1d-2e3f4a5b6c7d/12-1
00:00:07.480 --> 00:00:09.000
<v Jane Smith>about your role?</v>

d1f0c3a2-5b6e-4f7a-9c1d-2e3f4a5b6c7d/13-0
00:00:09.500 --> 00:00:15.250
<v Sam Patel>I'm a <i>social</i> worker &amp; <c.yellow>team lead</c>.</v>

d1f0c3a2-5b6e-4f7a-9c1d-2e3f4a5b6c7d/14-0
00:01:15.000 --> 00:01:20.000
<v Jane Smith>Thanks.
"""

ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Jane Smith: Hello and welcome.

2
00:00:04.500 --> 00:00:06.000
Jane Smith: Shall we begin?

3
00:00:06.500 --> 00:00:09.000
Sam Patel: Yes: I'm ready.

4
00:00:09.000 --> 00:00:10.000
Tom Reid: Sorry, wrong room.
"""


def test_teams_voice_tags_merge_consecutive_cues() -> None:
    parsed = parse_vtt(TEAMS, PATH)
    assert parsed.format == "vtt"
    assert [(t.label, t.text, t.start_s, t.end_s, t.line) for t in parsed.turns] == [
        (
            "Jane Smith",
            "So thank you for joining today. Could you tell me about your role?",
            3.12,
            9.0,
            3,
        ),
        ("Sam Patel", "I'm a social worker & team lead.", 9.5, 15.25, 12),
        ("Jane Smith", "Thanks.", 75.0, 80.0, 16),
    ]


def test_zoom_labels_including_a_speaker_who_talks_once() -> None:
    parsed = parse_vtt(ZOOM, PATH)
    assert [(t.label, t.text, t.start_s, t.end_s) for t in parsed.turns] == [
        ("Jane Smith", "Hello and welcome. Shall we begin?", 1.0, 6.0),
        ("Sam Patel", "Yes: I'm ready.", 6.5, 9.0),
        ("Tom Reid", "Sorry, wrong room.", 9.0, 10.0),
    ]


def test_note_style_and_region_blocks_and_header_metadata_are_skipped() -> None:
    text = (
        "WEBVTT - Teams export\nKind: captions\nLanguage: en\n\n"
        "NOTE\nThis is a note: ignore it\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "REGION\nid:left\n\n"
        "00:00:01.000 --> 00:00:02.000 align:start position:10%\n<v A B>Hi</v>\n\n"
        "NOTE another one\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v.loud A B>there\n"
    )
    parsed = parse_vtt(text, PATH)
    assert [(t.label, t.text, t.start_s, t.end_s) for t in parsed.turns] == [
        ("A B", "Hi there", 1.0, 3.0)
    ]


def test_two_voices_in_one_cue() -> None:
    text = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ann>Yes?</v>\n<v Bo>No.</v>\n"
    parsed = parse_vtt(text, PATH)
    assert [(t.label, t.text) for t in parsed.turns] == [("Ann", "Yes?"), ("Bo", "No.")]


def test_missing_header() -> None:
    with pytest.raises(InputError) as info:
        parse_vtt("1\n00:00:01.000 --> 00:00:02.000\nA: hi\n", PATH)
    assert "WEBVTT" in info.value.message
    assert (info.value.file, info.value.line) == (str(PATH), 1)


def test_cues_without_speaker_need_default() -> None:
    text = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nhello there\n\n"
        "2\n00:00:02.000 --> 00:00:03.000\nhow are you\n"
    )
    with pytest.raises(InputError) as info:
        parse_vtt(text, PATH)
    assert "2 of 2 cues have no speaker" in info.value.message
    assert "--speaker NAME" in info.value.message
    assert info.value.line == 3
    parsed = parse_vtt(text, PATH, default_speaker="P09")
    assert [(t.label, t.text, t.start_s, t.end_s) for t in parsed.turns] == [
        ("P09", "hello there how are you", 1.0, 3.0)
    ]


def test_default_speaker_only_fills_unlabelled_cues() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Question?</v>\n\n"
        "00:00:02.000 --> 00:00:03.000\nanswer\n"
    )
    parsed = parse_vtt(text, PATH, default_speaker="P02")
    assert [t.label for t in parsed.turns] == ["Ann", "P02"]


@pytest.mark.parametrize(
    ("timing", "line"),
    [
        ("00:00:01.000 --> 00:61:02.000", 4),
        ("00:00:01.000 --> banana", 4),
        ("00:00:05.000 --> 00:00:01.000", 4),
    ],
)
def test_bad_timestamps_name_the_line(timing: str, line: int) -> None:
    text = f"WEBVTT\n\n1\n{timing}\n<v A>hi</v>\n"
    with pytest.raises(InputError) as info:
        parse_vtt(text, PATH)
    assert (info.value.file, info.value.line) == (str(PATH), line)


def test_cue_id_without_timing_line() -> None:
    with pytest.raises(InputError) as info:
        parse_vtt("WEBVTT\n\n1\n<v A>hi</v>\n", PATH)
    assert "timing line" in info.value.message
    assert info.value.line == 4


def test_header_only_has_no_cues() -> None:
    with pytest.raises(InputError, match="no cues found"):
        parse_vtt("WEBVTT\n\nNOTE nothing here\n", PATH)


def test_read_transcript_vtt_utf16_crlf(tmp_path: Path) -> None:
    path = tmp_path / "teams.vtt"
    path.write_bytes(TEAMS.replace("\n", "\r\n").encode("utf-16"))
    parsed = read_transcript(path)
    assert [t.label for t in parsed.turns] == ["Jane Smith", "Sam Patel", "Jane Smith"]
    rendered, layout = render(parsed)
    for turn, lay in zip(parsed.turns, layout, strict=True):
        assert rendered[lay.start : lay.end] == turn.text
        assert (lay.start_s, lay.end_s) == (turn.start_s, turn.end_s)
