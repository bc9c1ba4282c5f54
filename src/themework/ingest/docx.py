"""Word (.docx) transcripts.

Each body paragraph is one logical line for the plain-text turn rules, so ``ParsedTurn.line``
and error lines count paragraphs (a table row counts as one). Word adds two signals plain
text lacks: heading styles, which are never speaker turns, and bold labels, which a
transcriber uses to mark speakers and which therefore count even when a name occurs once.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from themework.domain.errors import InputError
from themework.domain.text import ParsedTranscript, normalise

from ._labels import label_shape_ok
from .decode import read_file_bytes
from .formats import register
from .limits import MAX_PARAGRAPHS, check_docx, check_lines, too_many_paragraphs
from .plain import Candidate, assemble, match_label

_HEADING_STYLES = ("heading", "title", "subtitle")
_TIME_CELL = re.compile(r"[\[(]?[\d.,]*\d:[\d:.,]*[\])]?")
_NOT_DOCX = (
    "not a valid .docx file (a Word 97-2003 .doc or a renamed file must be saved as .docx first)"
)


class _Styles:
    """Style names and boldness by style id, read once per document.

    python-docx's ``paragraph.style`` and ``run.style`` look the default style up by
    scanning every style each time: 10 ms a paragraph, 50 s for 5,000 paragraphs.
    """

    def __init__(self, document: Any) -> None:
        self.names: dict[str, str] = {}
        self.bold: dict[str, bool] = {}
        for style in document.styles:
            try:
                sid = str(style.style_id)
                self.names[sid] = str(style.name or "")
                font = getattr(style, "font", None)
                self.bold[sid] = bool(font is not None and font.bold)
            except (AttributeError, KeyError, ValueError):
                continue

    def is_heading(self, paragraph: Any) -> bool:
        # No style id is the default (body) style; an id that points nowhere is body text.
        sid = paragraph._p.style
        return bool(sid) and self.names.get(sid, "").casefold().startswith(_HEADING_STYLES)

    def run_bold(self, run: Any) -> bool:
        if run.bold:
            return True
        sid = run._r.style
        return bool(sid) and self.bold.get(sid, False)


def _bold_prefix(paragraph: Any, styles: _Styles) -> str:
    """The text of the leading bold runs (leading blank runs included)."""
    parts: list[str] = []
    seen_text = False
    for run in paragraph.runs:
        text = run.text
        if not seen_text and not text.strip():
            parts.append(text)
            continue
        if not styles.run_bold(run):
            break
        seen_text = True
        parts.append(text)
    return "".join(parts) if seen_text else ""


def _paragraph_entry(paragraph: Any, styles: _Styles) -> tuple[str, Candidate | None]:
    text = normalise(paragraph.text)
    if styles.is_heading(paragraph):
        return text, None
    prefix = normalise(_bold_prefix(paragraph, styles))
    line = text
    bold = bool(prefix.strip()) and text.startswith(prefix)
    if bold and prefix.rstrip().endswith(":"):
        # "Interviewer:" in bold directly followed by text: runs carry no space between them.
        line = prefix.rstrip() + " " + text[len(prefix) :].lstrip()
    cand = match_label(line)
    if cand is None:
        return text, None
    label_end = line.find(cand.label) + len(cand.label)
    if bold and label_end <= len(prefix.rstrip()):
        cand = replace(cand, strong=True)
    return text, cand


def _row_entry(row: Any) -> tuple[str, Candidate | None]:
    """A ``speaker | text`` or ``time | speaker | text`` table row as one line."""
    cells: list[Any] = []
    for cell in row.cells:
        # Merged cells come back once per grid column; keep one of each.
        if not cells or cell._tc is not cells[-1]._tc:
            cells.append(cell)
    texts = [normalise(cell.text).strip() for cell in cells]
    raw_time = None
    if len(texts) >= 3 and _TIME_CELL.fullmatch(texts[0]):
        raw_time = texts[0].strip("[]()")
        texts = texts[1:]
    joined = "\n".join(t for t in texts if t)
    if len(texts) >= 2:
        label = texts[0].rstrip(":").strip()
        if label_shape_ok(label):
            rest = "\n".join(t for t in texts[1:] if t)
            return joined, Candidate(label, rest, raw_time)
    return joined, None


def read_docx(path: Path, default_speaker: str | None = None) -> ParsedTranscript:
    """Parse a .docx transcript. ``ParsedTurn.line`` is the 1-based paragraph number.

    ``default_speaker`` is ignored: every turn of a document needs a label."""
    data = read_file_bytes(path)
    check_docx(data, path)
    # Imported here: python-docx pulls in lxml, which importing the readers need not load.
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        # python-docx raises zip, XML, key and package errors for broken files; none of
        # their messages are useful to a researcher, and some quote document content.
        raise InputError(_NOT_DOCX, file=path) from None

    lines: list[str] = []
    candidates: list[Candidate | None] = []
    try:
        styles = _Styles(document)
        for block in document.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    text, cand = _row_entry(row)
                    lines.append(text)
                    candidates.append(cand)
            else:
                text, cand = _paragraph_entry(block, styles)
                lines.append(text)
                candidates.append(cand)
            if len(lines) > MAX_PARAGRAPHS:  # a document that spells its tags otherwise
                raise InputError(too_many_paragraphs(len(lines)), file=path)
    except InputError:
        raise
    except Exception:
        raise InputError(_NOT_DOCX, file=path) from None

    check_lines(lines, path)
    if not any(line.strip() for line in lines):
        raise InputError("the file is empty", file=path)

    # One bold phrase ending in a colon is emphasis; bold labels are a convention only when
    # the document uses them at least twice.
    if sum(1 for c in candidates if c is not None and c.strong) < 2:
        candidates = [replace(c, strong=False) if c is not None else None for c in candidates]
    return assemble(lines, candidates, path=path, fmt="docx")


register(read_docx, (".docx",))
