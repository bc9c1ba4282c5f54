"""The findings report as text or a file, for both front ends: rendered in one of the formats
offered (Markdown, JSON, Word, HTML) and written through the one owner-only writer.

``services/report.py`` builds what the report says; this module only lays it out and writes
it, so ``themework report -o`` and the Report screen's export give the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from themework.domain.errors import InputError

if TYPE_CHECKING:
    from themework.export.model import Report

REPORT_FORMATS = ("markdown", "json", "docx", "html")


def render_report(report: Report, fmt: str = "markdown") -> str | bytes:
    """The report as text (bytes for docx)."""
    if fmt == "json":
        from themework.export.jsontext import to_json

        return to_json(report) + "\n"
    if fmt == "docx":
        from themework.export.docx import render_docx

        return render_docx(report)
    if fmt == "html":
        from themework.export.html import render_html

        return render_html(report)
    if fmt == "markdown":
        from themework.export.markdown import render

        return render(report)
    raise InputError(f"a report is {', '.join(REPORT_FORMATS)}, not {fmt!r}")


def write_report(report: Report, path: Path, fmt: str = "markdown") -> None:
    """Render and write the report atomically, readable by its owner only (it quotes
    participants). A file that cannot be written is an ``InputError`` naming the path and
    the reason only, never the text."""
    from themework.services.files import write_private

    write_private(path, render_report(report, fmt))
