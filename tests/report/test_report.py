"""The findings report: consent, small cells, attribution, approach, escaping, determinism."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from report_setup import HOSTILE_LINES, Study, build_study

from support import SENTINEL
from themework.cli.common import to_json
from themework.export.markdown import render
from themework.export.model import Quote, Report, ThemeSection
from themework.services.workbench import Workbench

DAY = date(2024, 5, 1)


@pytest.fixture
def study(wb: Workbench, tmp_path: Path) -> Study:
    return build_study(wb, tmp_path)


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def plain(inline: Token) -> str:
    """The text a reader sees in an inline token."""
    return "".join(c.content for c in inline.children or [])


def headings(tokens: list[Token], tag: str | None = None) -> list[str]:
    return [
        plain(tokens[i + 1]) for i, t in enumerate(tokens)
        if t.type == "heading_open" and (tag is None or t.tag == tag)
    ]


def section(report: Report, name: str) -> ThemeSection:
    return next(t for t in report.themes if t.name == name)


def quotes(report: Report) -> list[Quote]:
    out: list[Quote] = []

    def walk(t: ThemeSection) -> None:
        out.extend(p.quote for p in t.narrative if p.quote is not None)
        out.extend(t.exemplars)
        for sub in t.subthemes:
            walk(sub)

    for t in report.themes:
        walk(t)
    return out


# -- consent ---------------------------------------------------------------------------------

def test_a_participant_without_consent_is_counted_but_never_quoted(study: Study) -> None:
    wb = study.wb
    report = wb.report.build(on_date=DAY)
    text = render(report)
    assert SENTINEL not in text and SENTINEL not in to_json(report)
    assert "Honestly" not in text  # nothing else FG3 said either
    by_id = {q.coding_id: q for q in quotes(report)}
    assert by_id[study.fg3].withheld and by_id[study.fg3].text == ""
    # A quote that runs from a consenting speaker's turn into FG3's is withheld as well.
    assert by_id[study.across].withheld and by_id[study.across].text == ""
    assert "FG3" in by_id[study.across].attribution
    assert not by_id[study.fg1].withheld and by_id[study.fg1].text.startswith("Turning up")
    assert text.count("Quote withheld") == 2  # in the narrative, and among the extracts
    # ... and still counted: FG3 is one of the participants of "Being there".
    rows = section(report, "Being there").prevalence.rows  # type: ignore[union-attr]
    assert rows[0][:2] == ("All participants", "3 of 5 (60%)")
    matrix = {r[0]: r[1:] for r in report.matrix.rows}  # type: ignore[union-attr]
    assert matrix["FG3"][0] == "1"
    # Consent given later: the words appear.
    wb.participants.set("FG3", quote_consent=True)
    assert SENTINEL in render(wb.report.build(on_date=DAY))


# -- small cells -----------------------------------------------------------------------------

def _prevalence(report: Report, theme: str) -> dict[str, tuple[str, ...]]:
    table = section(report, theme).prevalence
    assert table is not None
    return {row[0]: row[1:] for row in table.rows}


def test_small_groups_are_suppressed_and_cannot_be_worked_out(study: Study) -> None:
    wb = study.wb
    # Site A: P01, H01, FG3 (3 people); Site B: FG1, FG2 (2 people).
    shown = _prevalence(wb.report.build(on_date=DAY, by="site", min_cell=2), "Being there")
    assert shown == {
        "All participants": ("3 of 5 (60%)", "2", "3"),
        "Site A": ("2 of 3 (67%)", "2", "2"),
        "Site B": ("1 of 2 (50%)", "1", "2"),
    }
    report = wb.report.build(on_date=DAY, by="site", min_cell=3)
    hidden = _prevalence(report, "Being there")
    assert hidden["All participants"] == ("3 of 5 (60%)", "2", "3")
    assert hidden["Site B"] == ("fewer than 3", "-", "-")
    # Site A alone would give Site B away (total minus Site A): it is hidden too.
    assert hidden["Site A"][1:] == ("-", "-") and "3" not in hidden["Site A"][0].split()[0]
    text = render(report)
    assert "1 of 2" not in text and "2 of 3" not in text
    assert "fewer than 3" in text
    everything = _prevalence(wb.report.build(on_date=DAY, by="site", min_cell=4), "Being there")
    assert everything["Site A"][0] == everything["Site B"][0] == "fewer than 4"


# -- attribution -----------------------------------------------------------------------------

def test_an_attribution_that_describes_one_person_is_warned_about(study: Study) -> None:
    wb = study.wb
    report = wb.report.build(on_date=DAY)
    single = [w for w in report.warnings if "single person" in w]
    assert any("Social worker, Site A" in w and "P01" in w for w in single)
    assert not any("FG1" in w or "FG2" in w for w in single)  # two youth workers at Site B
    assert "Check before sharing" in render(report)
    by_site = wb.report.build(on_date=DAY, attribution="{participant}, {site}")
    assert not [w for w in by_site.warnings if "single person" in w]
    q = next(q for q in quotes(by_site) if q.coding_id == study.p01)
    assert q.attribution == "P01, Site A"
    bare = wb.report.build(on_date=DAY, attribution="{participant}")
    assert not [w for w in bare.warnings if "single person" in w]
    assert "single person" not in render(bare)


def test_every_quote_passes_the_identifier_check_or_is_named(study: Study) -> None:
    """The hostile extract holds a web address: the report says so before it is shared."""
    report = study.wb.report.build(on_date=DAY)
    hits = [w for w in report.warnings if "may hold an identifier" in w]
    assert any("url" in w and "H01" in w for w in hits), report.warnings
    assert "Check before sharing" in render(report)


# -- approach --------------------------------------------------------------------------------

def test_reflexive_reports_leave_prevalence_out_unless_asked(study: Study) -> None:
    wb = study.wb
    wb.projects.update(approach="reflexive")
    report = wb.report.build(on_date=DAY)
    assert all(t.prevalence is None for t in report.themes)
    text = render(report)
    assert "Prevalence" not in text and "Framework matrix" not in text
    asked = wb.report.build(on_date=DAY, prevalence=True)
    rows = _prevalence(asked, "Being there")
    assert rows["All participants"][0] == "3 of 5"  # counts, without percentages
    assert "#### Prevalence" in render(asked)


def test_codebook_reports_include_the_framework_matrix(study: Study) -> None:
    wb = study.wb
    report = wb.report.build(on_date=DAY)
    assert report.matrix is not None
    assert report.matrix.columns == ("Participant", "Being there", "Honesty first", "Odd talk")
    assert report.matrix.rows == (
        ("FG1", "2", "0", "0"), ("FG2", "0", "1", "0"), ("FG3", "1", "0", "0"),
        ("H01", "0", "0", "1"), ("P01", "1", "0", "0"),
    )
    assert "## Framework matrix" in render(report)
    wb.projects.update(approach="coding-reliability")
    other = wb.report.build(on_date=DAY)
    assert other.matrix is None and "Framework matrix" not in render(other)
    assert other.themes[0].prevalence is not None


# -- escaping ----------------------------------------------------------------------------------

def _blockquote_with(tokens: list[Token], needle: str) -> list[Token]:
    for i, tok in enumerate(tokens):
        if tok.type != "blockquote_open":
            continue
        depth, j = 0, i
        while True:
            if tokens[j].type == "blockquote_open":
                depth += 1
            elif tokens[j].type == "blockquote_close":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        inside = tokens[i : j + 1]
        if any(needle in t.content for t in inside if t.type == "inline"):
            return inside
    raise AssertionError(f"no block quote holds {needle!r}")


def test_hostile_quotes_render_as_the_participants_literal_words(study: Study) -> None:
    wb = study.wb
    text = render(wb.report.build(on_date=DAY))
    md = parser()
    tokens = md.parse(text)
    quote = _blockquote_with(tokens, "alert(1)")
    kinds = {t.type for t in quote}
    assert kinds <= {"blockquote_open", "blockquote_close", "paragraph_open", "paragraph_close",
                     "inline"}, kinds
    children = {c.type for t in quote if t.type == "inline" for c in t.children or []}
    assert children <= {"text", "softbreak"}, children
    paragraphs = [t for t in quote if t.type == "inline"]
    words = [plain(p) for p in paragraphs]
    assert words[:-1] == [line.strip() for line in HOSTILE_LINES]
    assert words[-1] == "— H01, Teacher, Site A (turn 2)"
    html = md.renderer.render(quote, md.options, {})
    assert "<script" not in html and "<a " not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The rest of the document is still there, in its own structure.
    assert headings(tokens, "h2") == ["Themes", "Thematic map", "Framework matrix", "Appendix"]
    assert any(t.type == "fence" and t.info == "mermaid" for t in tokens)


def test_hostile_names_and_attributes_cannot_add_markup_anywhere(study: Study) -> None:
    wb = study.wb
    evil = "<img src=x onerror=alert(1)> | [x](http://y) **b** `c`"
    wb.participants.set("H01", {"role": evil})
    wb.themes.rename("Odd talk", "<script>t</script> # | [t](http://t)")
    wb.codes.edit("Odd talk", definition="| a | b |\n# no heading\n<b>x</b>")
    wb.codes.rename("Food", "Food <i>and</i> | drink")
    text = render(wb.report.build(on_date=DAY, by="role", min_cell=1))
    tokens = parser().parse(text)
    flat = tokens + [c for t in tokens if t.type == "inline" for c in t.children or []]
    kinds = {t.type for t in flat}
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "code_inline",
                        "code_block", "hr", "ordered_list_open"}, kinds
    titles = headings(tokens)
    assert "3. <script>t</script> # | [t](http://t)" in titles
    assert "no heading" not in " ".join(titles)
    # Every table has the columns the report gives it: no quote or name added a table.
    heads = []
    for i, t in enumerate(tokens):
        if t.type == "thead_open":
            heads.append(plain(tokens[i + 3]))  # thead, tr, th, inline
    assert set(heads) <= {"Participant", "Code", "role", "Coder"}, heads
    assert "<img src=x" not in MarkdownIt("commonmark").enable("table").render(text)
    (mermaid,) = [t.content for t in tokens if t.type == "fence" and t.info == "mermaid"]
    assert "<" not in mermaid and "`" not in mermaid
    assert 'T3["#lt;script#gt;t#lt;/script#gt; #35; | [t](http://t)"]' in mermaid


# -- determinism and JSON ---------------------------------------------------------------------

def test_building_twice_gives_the_same_bytes(study: Study) -> None:
    wb = study.wb
    first = render(wb.report.build(on_date=DAY)).encode()
    assert render(wb.report.build(on_date=DAY)).encode() == first
    assert "- **Date:** 2024-05-01" in first.decode()
    # Without --date the date is that of the last change, not of the day it runs.
    undated = render(wb.report.build())
    assert undated == render(wb.report.build())
    # Building it read everything inside its transactions: no connection is left open.
    assert wb.store.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def _cli(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    from themework.cli import main

    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["themework", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    assert done.value.code == 0, err
    return out


def test_json_carries_the_same_content_as_the_markdown(
    study: Study, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = study.wb
    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    project = wb.store.location.url
    args = ["-p", project, "report", "--date", "2024-05-01", "--by", "site", "--min-cell", "2"]
    md = _cli(args, monkeypatch, capsys)
    data: dict[str, Any] = json.loads(_cli([*args, "--format", "json"], monkeypatch, capsys))
    report = wb.report.build(on_date=DAY, by="site", min_cell=2)
    assert md == render(report)
    assert data == json.loads(to_json(report))
    assert SENTINEL not in md and SENTINEL not in json.dumps(data)
    assert data["date"] == "2024-05-01" and data["approach"] == "codebook"
    assert [t["name"] for t in data["themes"]] == ["Being there", "Honesty first", "Odd talk"]
    for t in data["themes"]:
        assert f" {t['name']}" in md
        for row in t["prevalence"]["rows"]:
            assert "| " + " | ".join(row) + " |" in md
        for q in t["exemplars"]:
            if q["withheld"]:
                assert q["text"] == ""
            else:
                first = q["text"].splitlines()[0]
                assert first[:12] in md or first.startswith(("#", "<"))
    assert [w for w in data["warnings"]] == list(report.warnings)


# -- narratives: the researcher's Markdown, never raw HTML --------------------------------------

NARRATIVE = """Trust *grows* slowly <script>alert(1)</script> & then **holds**.

- one <b onclick=x>bold</b>
- two `<i>code</i>` kept as code

> as one participant put it <img src=x onerror=alert(1)>

```html
<div>an example, verbatim</div>
```

A list with a fence that is never closed:

1. item

   ```
   code
<script>after the list</script>"""

NARRATIVE_MD = """Trust *grows* slowly \\<script\\>alert(1)\\</script\\> \\& then **holds**.

- one \\<b onclick=x\\>bold\\</b\\>
- two `<i>code</i>` kept as code

> as one participant put it \\<img src=x onerror=alert(1)\\>

```html
<div>an example, verbatim</div>
```

A list with a fence that is never closed:

1. item

   ```
   code
\\<script\\>after the list\\</script\\>"""


def test_a_narrative_keeps_its_markdown_and_loses_its_html() -> None:
    from themework.export.markdown import narrative_markdown

    assert narrative_markdown(NARRATIVE) == NARRATIVE_MD
    html = MarkdownIt("commonmark").enable("table").render(NARRATIVE_MD)
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "<em>grows</em>" in html and "<strong>holds</strong>" in html
    assert "<li>two <code>&lt;i&gt;code&lt;/i&gt;</code> kept as code</li>" in html
    assert "<blockquote>" in html and "<ol>" in html
    assert "&lt;div&gt;an example, verbatim&lt;/div&gt;" in html  # the fence, as code


def test_a_theme_narrative_with_html_reaches_the_report_as_text(study: Study) -> None:
    wb = study.wb
    wb.themes.define("Honesty first", narrative=NARRATIVE)
    text = render(wb.report.build(on_date=DAY))
    assert NARRATIVE_MD in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html and "<img" not in html and "<b " not in html
    # The rest of the report keeps its structure after the narrative.
    assert headings(parser().parse(text), "h2") == [
        "Themes", "Thematic map", "Framework matrix", "Appendix"
    ]
