"""Render a ``Report`` as a Word document (python-docx), from the same model as the Markdown.

Everything goes in as plain runs of text, so participants' words and researchers' narratives
show as written: Word has no markup to inject. Characters XML cannot carry are replaced.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.shared import Cm

from themework.export.model import (
    NarrativePart,
    PrevalenceTable,
    Quote,
    Report,
    ThemeSection,
)
from themework.export.outline import map_outline
from themework.refi.xml import clean

Doc = Any  # python-docx ships no type information


def _para(doc: Doc, text: str, style: str | None = None, label: str = "") -> Any:
    p = doc.add_paragraph(style=style)
    if label:
        p.add_run(clean(label) + " ").bold = True
    p.add_run(clean(text))
    return p


def _paragraphs(doc: Doc, text: str) -> None:
    # A narrative's blank lines separate its paragraphs; single line breaks are kept.
    for block in text.strip().split("\n\n"):
        if block.strip():
            _para(doc, block.strip())


def _quote(doc: Doc, q: Quote) -> None:
    if q.withheld:
        _para(doc, f"[Quote withheld: {q.attribution} did not consent to quotation.]",
              "Quote")
        return
    for line in q.text.strip().splitlines():
        if line.strip():
            _para(doc, line.strip(), "Quote")
    _para(doc, f"— {q.attribution} ({q.reference})", "Quote")


def add_table(doc: Doc, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> None:
    t = doc.add_table(rows=1, cols=len(columns))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = clean(str(text))


def _prevalence(doc: Doc, table: PrevalenceTable) -> None:
    add_table(doc, table.columns, table.rows)
    if table.note:
        _para(doc, table.note).runs[0].italic = True


def _narrative(doc: Doc, parts: tuple[NarrativePart, ...]) -> bool:
    wrote = False
    for part in parts:
        if part.quote is not None:
            _quote(doc, part.quote)
            wrote = True
        elif part.markdown.strip():
            _paragraphs(doc, part.markdown)
            wrote = True
    return wrote


def _theme(doc: Doc, t: ThemeSection, number: str) -> None:
    level = min(2 + t.depth, 4)
    doc.add_heading(clean(f"{number} {t.name}"), level)
    for label, text in (("Definition.", t.definition),
                        ("Central organising concept.", t.central_concept),
                        ("Scope.", t.scope)):
        if text:
            _para(doc, text, label=label)
    if not _narrative(doc, t.narrative) and t.status != "final":
        _para(doc, "No analytic narrative has been written for this theme yet.").runs[0].italic \
            = True
    for i, sub in enumerate(t.subthemes, start=1):
        _theme(doc, sub, f"{number}{i}.")
    sub_level = min(level + 1, 5)
    if t.codes:
        doc.add_heading(clean(f"Codes in {t.name}"), sub_level)
        add_table(doc, ("Code", "Definition"),
                  tuple((c.name, c.definition or "-") for c in t.codes))
    if t.prevalence is not None:
        doc.add_heading("Prevalence", sub_level)
        _prevalence(doc, t.prevalence)
    if t.exemplars:
        quoted = any(p.quote is not None for p in t.narrative)
        doc.add_heading("Further extracts" if quoted else "Extracts", sub_level)
        for q in t.exemplars:
            _quote(doc, q)


def _appendix(doc: Doc, report: Report) -> None:
    doc.add_heading("Appendix", 1)
    doc.add_heading("Methods", 2)
    _paragraphs(doc, report.methods)
    doc.add_heading("Codebook", 2)
    add_table(doc, ("Code", "Parent", "Definition", "Include", "Exclude", "Codings"), tuple(
        (c.name, c.parent or "-", c.definition or "-", c.include or "-", c.exclude or "-",
         str(c.codings))
        for c in report.codebook
    ))
    doc.add_heading("Coders", 2)
    add_table(doc, ("Coder", "Codings"), tuple((n, str(k)) for n, k in report.coders))
    if report.agreement:
        doc.add_heading("Agreement", 2)
        add_table(doc, report.agreement[0], report.agreement[1:])
    if report.checklist:
        doc.add_heading("Braun and Clarke's 15-point checklist", 2)
        _para(doc, "The evidence is what the project holds; the answers are the researcher's "
                   "own. The tool does not tick these.")
        for p in report.checklist:
            _para(doc, p.criterion, "List Number", label=f"{p.stage}.")
            _para(doc, p.evidence, "List Bullet 2", label="Evidence:")
            _para(doc, p.answer or "not yet answered", "List Bullet 2", label="Researcher:")


def render_docx(report: Report) -> bytes:
    doc = Document()
    doc.core_properties.title = clean(report.title)
    doc.add_heading(clean(report.title), 0)
    _para(doc, report.question or "-", label="Research question:")
    _para(doc, f"{report.approach} thematic analysis", label="Approach:")
    _para(doc, report.date, label="Date:")
    _para(doc, ", ".join(name for name, _ in report.coders) or "-", label="Coders:")
    if report.warnings:
        _para(doc, "Check before sharing.").runs[0].bold = True
        for w in report.warnings:
            _para(doc, w, "List Bullet")
    doc.add_heading("Themes", 1)
    for i, theme in enumerate(report.themes, start=1):
        _theme(doc, theme, f"{i}.")
    doc.add_heading("Thematic map", 1)
    for item in map_outline(report.themes):
        p = _para(doc, item.text, "List Bullet")
        p.paragraph_format.left_indent = Cm(0.75 * (item.depth + 1))
        if item.kind == "theme":
            p.runs[0].bold = True
    if report.matrix is not None:
        doc.add_heading("Framework matrix", 1)
        _prevalence(doc, report.matrix)
    _appendix(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
