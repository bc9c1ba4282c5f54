from __future__ import annotations

from pathlib import Path

import docx
import pytest

from themework.domain.errors import InputError
from themework.domain.text import render
from themework.ingest import read_transcript

Para = tuple[str, ...] | str  # a plain string, or (bold, plain, ...) runs alternating


def make_docx(path: Path, paras: list[tuple[str | None, Para]]) -> Path:
    """Write paragraphs as (style or None, text or runs); runs alternate bold and plain."""
    document = docx.Document()
    for style, content in paras:
        if style is not None and style.startswith("Heading"):
            document.add_heading(content if isinstance(content, str) else "", int(style[-1]))
            continue
        if style == "Title":
            document.add_heading(str(content), 0)
            continue
        paragraph = document.add_paragraph()
        runs = (content,) if isinstance(content, str) else content
        for k, text in enumerate(runs):
            run = paragraph.add_run(text)
            run.bold = isinstance(content, tuple) and k % 2 == 0
    document.save(str(path))
    return path


def test_plain_labels_and_continuation_paragraphs(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "a.docx",
        [
            (None, "Interviewer: How did it start?"),
            (None, "P01: It started slowly."),
            (None, "Then it got faster."),
            (None, "Interviewer: Why?"),
        ],
    )
    parsed = read_transcript(path)
    assert parsed.format == "docx"
    assert [(t.label, t.text, t.line) for t in parsed.turns] == [
        ("Interviewer", "How did it start?", 1),
        ("P01", "It started slowly.\nThen it got faster.", 2),
        ("Interviewer", "Why?", 4),
    ]


def test_bold_labels_with_colon_inside_or_after_the_run(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "b.docx",
        [
            (None, ("Interviewer:", "How are you?")),  # no space between runs
            (None, ("Jane Smith", ": Fine, thanks.")),  # colon right after the bold run
            (None, ("Interviewer: ", "Good.")),
            (None, ("Amira Khan:", " I came in late.")),  # a speaker who talks once
        ],
    )
    parsed = read_transcript(path)
    assert [(t.label, t.text) for t in parsed.turns] == [
        ("Interviewer", "How are you?"),
        ("Jane Smith", "Fine, thanks."),
        ("Interviewer", "Good."),
        ("Amira Khan", "I came in late."),
    ]


def test_bold_word_without_colon_is_not_a_label(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "c.docx",
        [
            (None, ("Interviewer:", " Tell me.")),
            (None, ("P01:", " Well.")),
            (None, ("Really", " important thing here.")),
        ],
    )
    parsed = read_transcript(path)
    assert [t.label for t in parsed.turns] == ["Interviewer", "P01"]
    assert parsed.turns[1].text == "Well.\nReally important thing here."


def test_single_bold_phrase_with_colon_is_emphasis_not_a_speaker(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "d.docx",
        [
            (None, "Interviewer: Tell me."),
            (None, "P01: Well."),
            (None, ("Important:", " we never left her alone.")),
        ],
    )
    parsed = read_transcript(path)
    assert [t.label for t in parsed.turns] == ["Interviewer", "P01"]
    assert parsed.turns[1].text.endswith("Important: we never left her alone.")


def test_headings_before_first_label_are_preamble(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "e.docx",
        [
            ("Title", "Interviewer: Pilot Site Interviews"),
            ("Heading1", "P03: Social Worker"),
            (None, "Date: 3 May 2024"),
            (None, "Interviewer: Welcome."),
            (None, "P03: Thanks."),
        ],
    )
    parsed = read_transcript(path)
    assert (
        parsed.preamble
        == "Interviewer: Pilot Site Interviews\nP03: Social Worker\nDate: 3 May 2024"
    )
    assert [(t.label, t.line) for t in parsed.turns] == [("Interviewer", 4), ("P03", 5)]


def test_table_rows_as_speaker_and_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Transcript of interview 2")
    table = document.add_table(rows=0, cols=3)
    for cells in [
        ("00:00:05", "Interviewer", "Hello."),
        ("00:00:09", "P02", "Hi there."),
    ]:
        row = table.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    path = tmp_path / "t.docx"
    document.save(str(path))
    parsed = read_transcript(path)
    assert parsed.preamble == "Transcript of interview 2"
    assert [(t.label, t.text, t.start_s) for t in parsed.turns] == [
        ("Interviewer", "Hello.", 5.0),
        ("P02", "Hi there.", 9.0),
    ]


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"Interviewer: this is plain text renamed to .docx\n")
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert "not a valid .docx file" in info.value.message
    assert info.value.file == str(path)


def test_zip_that_is_not_a_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "zip.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"not a valid \.docx file"):
        read_transcript(path)


def test_empty_docx(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "empty.docx", [(None, ""), (None, "   ")])
    with pytest.raises(InputError, match="is empty"):
        read_transcript(path)


def test_docx_without_turns(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "n.docx", [("Heading1", "Notes"), (None, "Nothing labelled.")])
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert "no speaker turns found" in info.value.message


def test_docx_malformed_timestamp_names_paragraph(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "ts.docx", [(None, "Interviewer: hi"), (None, "[00:99:00] P01: hello")]
    )
    with pytest.raises(InputError) as info:
        read_transcript(path)
    assert "malformed timestamp" in info.value.message
    assert info.value.line == 2


def test_docx_render_spans(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "r.docx",
        [
            ("Heading1", "Interview"),
            (None, ("Interviewer:", " Caf\u0065\u0301?")),
            (None, ("P01:", " Yes")),
            (None, "and more"),
        ],
    )
    parsed = read_transcript(path)
    rendered, layout = render(parsed)
    assert [rendered[lay.start : lay.end] for lay in layout] == ["Café?", "Yes\nand more"]
    assert "\u0301" not in rendered
