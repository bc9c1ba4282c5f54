"""codebook table: the codebook as CSV, Markdown or Word for a methods appendix."""

from __future__ import annotations

import csv
import io
import stat
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from markdown_it import MarkdownIt

from themework.services.workbench import Workbench

CODEBOOK = """codebook: Appendix test
codes:
  - name: Reliability
    id: reliability
    definition: "=SUM(1,2) turns up | as said"
    include: Turning up.
    exclude: "-Promises"
    examples: ["I'm there at four.", "Same time, every week."]
    children:
      - name: Follow-through
        id: follow-through
        definition: Does what was said.
  - name: Old idea
    id: old-idea
    definition: Dropped.
    status: retired
"""
HEAD = ["name", "definition", "inclusion", "exclusion", "examples", "parent"]


def cli(args: list[str], wb: Workbench, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from themework.cli import main

    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["themework", "-p", wb.store.location.url, *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out + err


@pytest.fixture
def loaded(wb: Workbench, tmp_path: Path) -> Workbench:
    path = tmp_path / "cb.yaml"
    path.write_text(CODEBOOK, encoding="utf-8")
    wb.codebook.load(path)
    return wb


def test_csv_has_one_row_per_code_with_its_parent_and_no_formulas(
    loaded: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "codebook.csv"
    code, said = cli(["codebook", "table", "--format", "csv", "-o", str(out)], loaded,
                     monkeypatch, capsys)
    assert code == 0, said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows == [
        HEAD,
        ["Reliability", "'=SUM(1,2) turns up | as said", "Turning up.", "'-Promises",
         "I'm there at four.\nSame time, every week.", ""],
        ["Follow-through", "Does what was said.", "", "", "", "Reliability"],
    ]
    code, said = cli(["codebook", "table", "--format", "csv", "--retired"], loaded,
                     monkeypatch, capsys)
    assert code == 0 and "Old idea (retired),Dropped.,,,," in said


def test_markdown_is_one_table_whatever_the_text_holds(
    loaded: Workbench, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = cli(["codebook", "table"], loaded, monkeypatch, capsys)
    assert code == 0, text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert [t.type for t in tokens].count("table_open") == 1
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells[0] == "Appendix test"  # the heading
    assert cells[1:7] == [h.capitalize() for h in HEAD]
    assert cells[7:13] == [
        "Reliability", "=SUM(1,2) turns up | as said", "Turning up.", "-Promises",
        "I'm there at four. / Same time, every week.", "-",
    ]
    assert cells[-1] == "Reliability" and len(cells) == 1 + 6 * 3


def test_docx_is_a_landscape_table_read_back_cell_for_cell(
    loaded: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "codebook.docx"
    code, said = cli(["codebook", "table", "--format", "docx", "-o", str(out)], loaded,
                     monkeypatch, capsys)
    assert code == 0, said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    doc = Document(str(out))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert doc.paragraphs[0].text == "Appendix test"
    (table,) = doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == [h.capitalize() for h in HEAD]
    assert rows[1] == ["Reliability", "=SUM(1,2) turns up | as said", "Turning up.",
                       "-Promises", "I'm there at four.\nSame time, every week.", "-"]
    assert rows[2][0] == "Follow-through" and rows[2][5] == "Reliability"
    assert len(rows) == 3
    code, said = cli(["codebook", "table", "--format", "docx"], loaded, monkeypatch, capsys)
    assert code != 0 and "needs -o FILE" in said
    code, said = cli(["codebook", "table", "--format", "xlsx"], loaded, monkeypatch, capsys)
    assert code != 0 and "--format is csv, md, docx" in said
