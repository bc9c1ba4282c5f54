"""The codebook as a table for a methods appendix: CSV, Markdown or Word.

One row per code in the codebook's order (children after their parent): name, definition,
inclusion and exclusion criteria, examples (one a line) and the parent's name. Retired codes
are left out unless asked for; they then carry "(retired)" after their name.
"""

from __future__ import annotations

import io

from themework.domain.codebook import CodebookDoc, iter_codes
from themework.export.csvtext import csv_text

COLUMNS = ("Name", "Definition", "Inclusion", "Exclusion", "Examples", "Parent")
FORMATS = ("csv", "md", "docx")
# A spreadsheet reads a cell starting with one of these as a formula (or a DDE call).


def rows(doc: CodebookDoc, retired: bool = False) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for code, parent in iter_codes(doc):
        if code.status == "retired" and not retired:
            continue
        name = f"{code.name} (retired)" if code.status == "retired" else code.name
        out.append((name, code.definition, code.include, code.exclude,
                    "\n".join(code.examples), parent.name if parent else ""))
    return out


def to_csv(table: list[tuple[str, ...]]) -> str:
    return csv_text([c.lower() for c in COLUMNS], table)


def to_markdown(title: str, table: list[tuple[str, ...]]) -> str:
    from themework.domain.safe_text import visible
    from themework.export.markdown import escape
    from themework.export.markdown import table as md_table

    heading = f"# {escape(title)}\n\n" if title else ""
    # A Markdown table cell is one line: examples are separated by a slash there.
    cells = tuple(tuple(v.replace("\n", " / ") or "-" for v in row) for row in table)
    # A file is shown in a terminal as readily as stdout is: no raw control character.
    return visible(heading + md_table(COLUMNS, cells) + "\n")


def to_docx(title: str, table: list[tuple[str, ...]]) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from themework.export.docx import add_table
    from themework.refi.xml import clean

    doc = Document()
    section = doc.sections[0]  # six columns read better across a landscape page
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    if title:
        doc.add_heading(clean(title), 1)
    add_table(doc, COLUMNS, tuple(tuple(v or "-" for v in row) for row in table))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
