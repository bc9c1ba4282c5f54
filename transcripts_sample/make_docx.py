"""Build the sample .docx transcripts (P08, P09) from their plain-text sources.

Usage (from anywhere):
    python transcripts_sample/make_docx.py

Reads transcripts_sample/src/P08.txt and src/P09.txt (same plain format as the
.txt samples: optional heading lines before the first speaker label, then
"Label: text" turns; unlabelled lines continue the previous turn) and writes
transcripts_sample/P08.docx and P09.docx: a Heading 1 title paragraph, then one
paragraph per turn with the label as a bold run ("P08:") followed by a normal run.
Continuation lines stay in the same paragraph, separated by a line break.
All content is fictional sample data.
"""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document

HERE = Path(__file__).resolve().parent
SOURCES = ["P08", "P09"]
LABEL = re.compile(r"^(Interviewer|P\d{2}):\s*(.*)$")


def parse(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Return (heading lines, turns); each turn is (label, [line, ...])."""
    headings: list[str] = []
    turns: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = LABEL.match(line)
        if m:
            turns.append((m.group(1), [m.group(2)]))
        elif turns:
            turns[-1][1].append(line)
        else:
            headings.append(line)
    return headings, turns


def title_from(headings: list[str], stem: str) -> str:
    if not headings:
        return f"Interview {stem}"
    parts = [headings[0]]
    for h in headings[1:]:
        parts.append(re.sub(r"^Date:\s*", "", h))
    return " - ".join(parts)


def build(stem: str) -> Path:
    src = HERE / "src" / f"{stem}.txt"
    headings, turns = parse(src.read_text(encoding="utf-8"))
    doc = Document()
    props = doc.core_properties
    props.title = title_from(headings, stem)
    props.author = "themework sample data"
    props.last_modified_by = "themework sample data"
    props.comments = "Fictional, pseudonymised sample transcript."
    doc.add_heading(title_from(headings, stem), level=1)
    for label, lines in turns:
        para = doc.add_paragraph()
        para.add_run(f"{label}:").bold = True
        body = para.add_run(" " + lines[0])
        for extra in lines[1:]:
            body.add_break()
            body = para.add_run(extra)
    out = HERE / f"{stem}.docx"
    doc.save(out)
    return out


def main() -> None:
    for stem in SOURCES:
        out = build(stem)
        print(f"wrote {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
