"""The report as a Word document and as one HTML file: read back, not re-parsed Markdown."""

from __future__ import annotations

import io
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from report_setup import HOSTILE_LINES, Study, build_study

from support import SENTINEL
from themework.export.model import Report, ThemeSection
from themework.export.outline import map_outline
from themework.services.workbench import Workbench

DAY = date(2024, 5, 1)
ARGS = ["report", "--date", "2024-05-01", "--by", "site", "--min-cell", "1"]


@pytest.fixture
def study(wb: Workbench, tmp_path: Path) -> Study:
    return build_study(wb, tmp_path)


def cli(args: list[str], study: Study, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from themework.cli import main

    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["themework", "-p", study.wb.store.location.url, *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out + err


def build(study: Study) -> Report:
    return study.wb.report.build(on_date=DAY, by="site", min_cell=1)


def theme(report: Report, name: str) -> ThemeSection:
    return next(t for t in report.themes if t.name == name)


# -- DOCX -------------------------------------------------------------------------------------

def test_the_docx_report_holds_headings_tables_quotes_and_the_map(
    study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "findings.docx"
    code, said = cli([*ARGS, "--format", "docx", "-o", str(out)], study, monkeypatch, capsys)
    assert code == 0, said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it quotes participants
    report = build(study)
    doc = Document(str(out))
    paras = doc.paragraphs
    heads = [p.text for p in paras if p.style.name.startswith(("Heading", "Title"))]
    assert heads[:2] == [report.title, "Themes"]
    assert "1. Being there" in heads and "3. Odd talk" in heads
    assert {"Thematic map", "Framework matrix", "Appendix", "Codebook"} <= set(heads)

    # Prevalence: the table the model holds, cell for cell.
    prevalence = theme(report, "Being there").prevalence
    assert prevalence is not None
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    assert [list(prevalence.columns), *map(list, prevalence.rows)] in tables

    # Quotes are block quotes with their attribution; the unconsented one is withheld.
    quoted = [p.text for p in paras if p.style.name == "Quote"]
    assert "turning up when I said I would" in quoted
    assert any(q.startswith("— P01") for q in quoted)
    assert any(q.startswith("[Quote withheld: FG3") for q in quoted)
    # Hostile lines are the participant's literal words, one quote paragraph each.
    assert [line.strip() for line in HOSTILE_LINES] == [
        q for q in quoted if q in {line.strip() for line in HOSTILE_LINES}
    ]
    everything = "\n".join([p.text for p in paras] + [c for t in tables for r in t for c in r])
    assert SENTINEL not in everything
    assert "Reliability was concrete." in everything  # the narrative, around its extracts

    # The map is an outline: each theme, then its codes indented one step further.
    start = [p.text for p in paras].index("Thematic map")
    outline = [p for p in paras[start + 1:] if p.style.name == "List Bullet"]
    items = map_outline(report.themes)
    assert [p.text for p in outline] == [i.text for i in items]
    indents = {i.text: p.paragraph_format.left_indent for p, i in zip(outline, items, strict=True)}
    assert indents["Being there"] < indents["Reliability"] == indents["Food"]
    assert outline[0].runs[0].bold and not outline[1].runs[0].bold


def test_a_docx_report_needs_a_file(
    study: Study, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = cli([*ARGS, "--format", "docx"], study, monkeypatch, capsys)
    assert code != 0 and "needs -o FILE" in said
