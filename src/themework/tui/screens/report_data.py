"""Plain data the Report screen shows, built in a worker from the services: the report's
Markdown preview and the options it was built with. Rendering and writing the report are
``services/report_files.py``'s, shared with ``themework report``.

Nothing here touches Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from themework.domain.plural import plural
from themework.export.model import PrevalenceTable, Report
from themework.services.report_files import render_report, write_report
from themework.services.workbench import Workbench

PREVIEW_ROWS = 20  # of the framework matrix


@dataclass(frozen=True)
class ReportOptions:
    quotes: int = 3
    by: str | None = None
    prevalence: bool | None = None  # None: as the project's approach suggests


@dataclass(frozen=True)
class ReportView:
    markdown: str
    themes: int
    warnings: tuple[str, ...]
    approach: str
    attributes: tuple[str, ...]
    options: ReportOptions


def _build(wb: Workbench, options: ReportOptions) -> Report:
    return wb.report.build(quotes=options.quotes, by=options.by, prevalence=options.prevalence)


def preview_matrix(matrix: PrevalenceTable) -> PrevalenceTable:
    """The first ``PREVIEW_ROWS`` rows, saying how many the exported report has. The
    preview lays out a widget per table cell: a row per transcript took the Report screen
    over 20 s of CPU to show at 1,000 transcripts."""
    if len(matrix.rows) <= PREVIEW_ROWS:
        return matrix
    cut = (f"The preview shows the first {PREVIEW_ROWS} of {plural(len(matrix.rows), 'row')}; "
           "the exported report (e) has them all.")
    return replace(matrix, rows=matrix.rows[:PREVIEW_ROWS],
                   note=f"{matrix.note} {cut}".strip())


def load_report(wb: Workbench, options: ReportOptions) -> ReportView:
    """The preview: the report's Markdown as ``themework report`` writes it, but for the
    framework matrix, cut to its first rows (see ``preview_matrix``)."""
    approach = wb.projects.info().approach
    attributes = wb.participants.attribute_names()
    if options.by is not None and options.by not in attributes:
        options = replace(options, by=None)
    report = _build(wb, options)
    if report.matrix is not None:
        report = replace(report, matrix=preview_matrix(report.matrix))
    markdown = render_report(report)
    assert isinstance(markdown, str)
    return ReportView(markdown, len(report.themes), report.warnings, approach, attributes,
                      options)


def export_report(wb: Workbench, options: ReportOptions, path: Path) -> tuple[Path, int]:
    """The whole report written as Markdown, owner-only, as ``themework report -o`` does."""
    report = _build(wb, options)
    write_report(report, path)
    return path, len(report.themes)
