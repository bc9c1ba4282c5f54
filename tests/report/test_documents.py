"""The report as a Word document and as one HTML file: read back, not re-parsed Markdown."""

from __future__ import annotations

import io
import stat
import sys
from datetime import date
from html.parser import HTMLParser
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
    # Characters XML cannot carry would make python-docx refuse the whole document.
    study.wb.themes.define("Honesty first", narrative="Tab\x0bbed\x1b[31m text")
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
    assert "Tab\ufffdbed\ufffd[31m text" in everything

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


# -- HTML -------------------------------------------------------------------------------------

class Page(HTMLParser):
    """Tags, attributes and the text inside each element of interest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.current: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in VOID:
            return
        self.stack.append(tag)
        self.current.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()
        self.text.setdefault(tag, []).append(self.current[tag].pop().strip())

    def handle_data(self, data: str) -> None:
        for parts in self.current.values():  # open elements hold the text of those inside
            parts[:] = [text + data for text in parts]


VOID = {"meta", "br", "img", "link", "hr", "input"}


def test_the_html_report_is_one_self_contained_file_with_escaped_text(
    study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wb = study.wb
    wb.themes.rename("Odd talk", "<script>alert(2)</script> & [t](http://t)")
    wb.themes.define("Honesty first",
                     narrative="<img src=http://evil/x.png> *not emphasis*\n\nA\x0bB")
    out = tmp_path / "findings.html"
    code, said = cli([*ARGS, "--format", "html", "-o", str(out)], study, monkeypatch, capsys)
    assert code == 0, said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    assert not page.stack  # every element closed where it was opened
    tags = {t for t, _ in page.tags}
    assert not tags & {"script", "img", "link", "iframe", "object", "a"}, tags
    for _, attrs in page.tags:
        for name in ("src", "href"):
            assert not (attrs.get(name) or "").startswith(("http:", "https:", "//")), attrs
    assert "<style>" in html and "@import" not in html and "url(" not in html

    report = build(study)
    assert page.text["h1"] == [report.title]
    assert {"Themes", "Thematic map", "Framework matrix", "Appendix"} <= set(page.text["h2"])
    assert "3. <script>alert(2)</script> & [t](http://t)" in page.text["h3"]
    assert "<img src=http://evil/x.png> *not emphasis*" in page.text["p"]
    assert "\x0b" not in html
    quotes = page.text["blockquote"]
    assert any("turning up when I said I would" in q and "— P01" in q for q in quotes)
    assert any(q.startswith("[Quote withheld: FG3") for q in quotes)
    hostile = next(q for q in quotes if "alert(1)" in q)
    for line in HOSTILE_LINES:
        assert line.strip() in hostile
    assert SENTINEL not in html
    prevalence = theme(report, "Being there").prevalence
    assert prevalence is not None
    assert list(prevalence.rows[0]) == page.text["td"][
        page.text["td"].index(prevalence.rows[0][0]):][:len(prevalence.rows[0])]
    # The map: each theme's list item holds a nested list of its codes.
    items = page.text["li"]
    assert "Being there Reliability Food" in [" ".join(i.split()) for i in items]
