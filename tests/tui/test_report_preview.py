"""The Report screen's preview cuts the framework matrix (a row per transcript) to its first
rows and says so; the exported report keeps every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from themework.services.workbench import Workbench
from themework.tui.screens import report_data
from themework.tui.screens.report_data import ReportOptions, export_report, load_report


def _matrix_rows(markdown: str) -> list[str]:
    section = markdown.split("## Framework matrix", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ")][2:]


def test_preview_cuts_the_matrix_and_says_so_export_keeps_it_all(
    demo_wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = demo_wb.report.build().matrix
    assert whole is not None and len(whole.rows) > 5
    monkeypatch.setattr(report_data, "PREVIEW_ROWS", 5)
    shown = load_report(demo_wb, ReportOptions()).markdown
    assert _matrix_rows(shown) == _matrix_rows(export_md(demo_wb, tmp_path))[:5]
    assert f"first 5 of {len(whole.rows)} rows" in shown
    assert len(_matrix_rows(export_md(demo_wb, tmp_path))) == len(whole.rows)


def test_a_short_matrix_is_shown_whole(demo_wb: Workbench, tmp_path: Path) -> None:
    shown = load_report(demo_wb, ReportOptions()).markdown
    assert _matrix_rows(shown) == _matrix_rows(export_md(demo_wb, tmp_path))
    assert "The preview shows" not in shown


def export_md(wb: Workbench, tmp_path: Path) -> str:
    path, _ = export_report(wb, ReportOptions(), tmp_path / "report.md")
    return path.read_text(encoding="utf-8")
