from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.domain.text import ParsedTurn, render
from themework.ingest import parse_plain, read_transcript

PATH = Path("t.txt")
WriteFile = Callable[[str, str | bytes], Path]


def labels(turns: tuple[ParsedTurn, ...]) -> list[str]:
    return [t.label for t in turns]


def test_role_pseudonym_and_recurring_name_labels() -> None:
    text = (
        "Interviewer: How did you start?\n"
        "P03: In 2019.\n"
        "Dr Amira Khan: I joined later.\n"
        "Interviewer: Thanks.\n"
        "Dr Amira Khan: Welcome.\n"
    )
    parsed = parse_plain(text, PATH)
    assert parsed.format == "txt"
    assert labels(parsed.turns) == [
        "Interviewer",
        "P03",
        "Dr Amira Khan",
        "Interviewer",
        "Dr Amira Khan",
    ]
    assert [t.text for t in parsed.turns] == [
        "How did you start?",
        "In 2019.",
        "I joined later.",
        "Thanks.",
        "Welcome.",
    ]
    assert [t.line for t in parsed.turns] == [1, 2, 3, 4, 5]
    assert parsed.preamble == ""


@pytest.mark.parametrize(
    "label", ["P03", "Participant 3", "YP1", "SW2", "I", "R", "Int", "Respondent", "Moderator"]
)
def test_known_labels_count_even_once(label: str) -> None:
    parsed = parse_plain(f"Facilitator: Hello.\n{label}: Hi.\n", PATH)
    assert labels(parsed.turns) == ["Facilitator", label]


def test_name_used_once_is_not_a_speaker() -> None:
    parsed = parse_plain("Interviewer: Who?\nJane Smith: only once\n", PATH)
    assert labels(parsed.turns) == ["Interviewer"]
    assert parsed.turns[0].text == "Who?\nJane Smith: only once"


def test_continuation_lines_and_blank_lines_stay_in_turn() -> None:
    text = (
        "Interviewer: Tell me more.\n"
        "P01: First paragraph\n"
        "still first.\n"
        "\n"
        "Second paragraph.\n"
        "\n"
        "Interviewer: OK.\n"
    )
    parsed = parse_plain(text, PATH)
    assert parsed.turns[1].text == "First paragraph\nstill first.\n\nSecond paragraph."
    assert parsed.turns[2].line == 7


def test_note_and_example_mid_answer_are_not_speakers() -> None:
    text = (
        "Interviewer: What happened?\n"
        "P02: She rang the office.\n"
        "Note: the worker said she had left.\n"
        "Example: the second visit.\n"
        "Interviewer: And then?\n"
        "P02: Nothing.\n"
    )
    parsed = parse_plain(text, PATH)
    assert labels(parsed.turns) == ["Interviewer", "P02", "Interviewer", "P02"]
    assert parsed.turns[1].text == (
        "She rang the office.\nNote: the worker said she had left.\nExample: the second visit."
    )


def test_note_is_not_a_speaker_even_when_it_recurs() -> None:
    text = "Interviewer: a\nNote: one\nP01: b\nNote: two\n"
    parsed = parse_plain(text, PATH)
    assert labels(parsed.turns) == ["Interviewer", "P01"]


def test_preamble_headings_and_metadata_are_not_turns() -> None:
    text = (
        "Interview 4 - Site B\n"
        "Date: 3 May 2024\n"
        "Time: 10:30\n"
        "Location: Office\n"
        "\n"
        "Interviewer: Shall we start?\n"
        "P04: Yes.\n"
    )
    parsed = parse_plain(text, PATH)
    assert (
        parsed.preamble == "Interview 4 - Site B\nDate: 3 May 2024\nTime: 10:30\nLocation: Office"
    )
    assert labels(parsed.turns) == ["Interviewer", "P04"]
    assert parsed.turns[0].line == 6


@pytest.mark.parametrize(
    ("line", "seconds"),
    [
        ("[00:01:02] P01: hello", 62.0),
        ("[01:02] P01: hello", 62.0),
        ("(00:01:02) P01: hello", 62.0),
        ("P01 [00:01:02]: hello", 62.0),
        ("P01 (1:02:03): hello", 3723.0),
        ("P01: [00:00:05.5] hello", 5.5),
        ("P01: hello", None),
    ],
)
def test_timestamps_before_or_after_label(line: str, seconds: float | None) -> None:
    parsed = parse_plain(f"Interviewer: hi\n{line}\n", PATH)
    turn = parsed.turns[1]
    assert (turn.label, turn.text, turn.start_s, turn.end_s) == ("P01", "hello", seconds, None)


def test_markdown_bold_labels() -> None:
    parsed = parse_plain("**Interviewer:** hi\n**P01**: hello\n", PATH)
    assert [(t.label, t.text) for t in parsed.turns] == [("Interviewer", "hi"), ("P01", "hello")]


def test_labels_must_be_short_and_at_line_start() -> None:
    text = (
        "Interviewer: q\n"
        "  P01: indented is continuation\n"
        "One two three four five: too many words\n"
        "One two three four five: too many words\n"
        "See https://example.org for details\n"
    )
    parsed = parse_plain(text, PATH)
    assert labels(parsed.turns) == ["Interviewer"]


def test_no_speaker_turns() -> None:
    with pytest.raises(InputError) as info:
        parse_plain("Just some notes.\nNo labels here.\nNote: one\n", PATH)
    assert "no speaker turns found" in info.value.message
    assert info.value.file == str(PATH)


def test_malformed_timestamp_names_file_and_line() -> None:
    with pytest.raises(InputError) as info:
        parse_plain("Interviewer: hi\n[00:75:00] P01: hello\n", PATH)
    assert "malformed timestamp" in info.value.message
    assert (info.value.file, info.value.line) == (str(PATH), 2)


def test_read_transcript_txt_crlf_cp1252(write: WriteFile) -> None:
    path = write("p.txt", "Interviewer: “Why?”\r\nP01: £5 for the café\r\n".encode("cp1252"))
    parsed = read_transcript(path)
    assert [(t.label, t.text) for t in parsed.turns] == [
        ("Interviewer", "“Why?”"),
        ("P01", "£5 for the café"),
    ]


def test_render_spans_match_utterances() -> None:
    text = (
        "Study X\n\nInterviewer: Tell me.\nP01: Line one\nline two\n\nmore.\n"
        "Interviewer: [00:01:00] Thanks.\n"
    )
    parsed = parse_plain(text, PATH)
    rendered, layout = render(parsed)
    assert len(layout) == 3
    for turn, lay in zip(parsed.turns, layout, strict=True):
        assert rendered[lay.start : lay.end] == turn.text
        assert rendered[lay.label_start : lay.label_end] == turn.label
    assert layout[2].start_s == 60.0
