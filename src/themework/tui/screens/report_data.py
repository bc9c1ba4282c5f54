"""Plain data the Report screen shows, built in a worker from the services: the report's
Markdown (the preview's, or the exported file's) and the options it was built with.

Nothing here touches Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from themework.domain.errors import InputError
from themework.domain.plural import plural
from themework.export.model import PrevalenceTable
from themework.services.files import write_private
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


def build_markdown(wb: Workbench, options: ReportOptions,
                   preview: bool = False) -> tuple[str, int, tuple[str, ...]]:
    """The report's Markdown, exactly as ``themework report`` writes it; for the
    ``preview``, the framework matrix cut to its first rows (see ``preview_matrix``)."""
    from themework.export.markdown import render

    report = wb.report.build(quotes=options.quotes, by=options.by,
                             prevalence=options.prevalence)
    if preview and report.matrix is not None:
        report = replace(report, matrix=preview_matrix(report.matrix))
    return render(report), len(report.themes), report.warnings


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
    approach = wb.projects.info().approach
    attributes = tuple(sorted({a for p in wb.participants.list() for a in p.attributes}))
    if options.by is not None and options.by not in attributes:
        options = replace(options, by=None)
    markdown, themes, warnings = build_markdown(wb, options, preview=True)
    return ReportView(markdown, themes, warnings, approach, attributes, options)


def export_report(wb: Workbench, options: ReportOptions, path: Path) -> tuple[Path, int]:
    markdown, themes, _ = build_markdown(wb, options)
    try:
        write_private(path, markdown)
    except OSError as exc:  # the reason only: never the text
        raise InputError(f"could not write {path}: {exc.strerror or type(exc).__name__}"
                         ) from None
    return path, themes
