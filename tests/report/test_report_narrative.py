"""A narrative's punctuation after an embedded extract stays with the sentence before it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from report_setup import build_study

from themework.export.markdown import render
from themework.services.workbench import Workbench


def test_no_paragraph_of_the_report_starts_with_the_full_stop_after_an_extract(
    wb: Workbench, tmp_path: Path
) -> None:
    study = build_study(wb, tmp_path)
    wb.themes.define(
        "Being there",
        narrative=f"Reliability was described as {{{{extract:{study.p01}}}}}. When this "
        "failed, trust went with it.",
    )
    text = render(wb.report.build(on_date=date(2024, 5, 1)))
    paragraphs = [p.strip() for p in text.split("\n\n")]
    assert "Reliability was described as." in paragraphs
    assert "When this failed, trust went with it." in paragraphs
    assert not any(p.startswith(".") for p in paragraphs)
