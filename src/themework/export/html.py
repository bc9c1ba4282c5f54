"""Render a ``Report`` as one self-contained HTML file, from the same model as the Markdown.

Nothing is fetched when it is viewed: the style sheet is inline, there is no script, and a
Content-Security-Policy forbids loading anything. Every piece of user text (participants'
words, names, narratives) is escaped, so it shows as written and cannot add markup; a
narrative's Markdown is shown as its text, not rendered.
"""

from __future__ import annotations

from html import escape as _escape

from themework.export.model import (
    NarrativePart,
    PrevalenceTable,
    Quote,
    Report,
    ThemeSection,
)
from themework.export.outline import map_outline
from themework.refi.xml import clean

_STYLE = """
body { font-family: Georgia, serif; max-width: 48em; margin: 2em auto; padding: 0 1em;
       line-height: 1.5; color: #222; }
h1, h2, h3, h4, h5 { font-family: Helvetica, Arial, sans-serif; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
blockquote { border-left: 4px solid #bbb; margin: 1em 0; padding: 0.2em 1em; color: #333; }
blockquote footer { font-style: italic; }
.warnings { border: 2px solid #c60; padding: 0.5em 1em; }
ul.map, ul.map ul { list-style: none; padding-left: 1.5em; }
ul.map li.theme > span { font-weight: bold; }
.note { font-style: italic; }
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def esc(text: str) -> str:
    """User text as HTML text: characters escaped, control characters replaced."""
    return _escape(clean(str(text)), quote=True)


def _paragraphs(text: str) -> list[str]:
    return [f"<p>{esc(block.strip())}</p>" for block in text.strip().split("\n\n")
            if block.strip()]


def _quote(q: Quote) -> str:
    if q.withheld:
        return (f'<blockquote class="withheld"><p>[Quote withheld: {esc(q.attribution)} '
                "did not consent to quotation.]</p></blockquote>")
    lines = "".join(f"<p>{esc(line.strip())}</p>" for line in q.text.strip().splitlines()
                    if line.strip())
    return (f"<blockquote>{lines}<footer>— {esc(q.attribution)} ({esc(q.reference)})"
            "</footer></blockquote>")


def _table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _prevalence(t: PrevalenceTable) -> list[str]:
    return [_table(t.columns, t.rows), *([f'<p class="note">{esc(t.note)}</p>'] if t.note else [])]


def _narrative(parts: tuple[NarrativePart, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part.quote is not None:
            out.append(_quote(part.quote))
        elif part.markdown.strip():
            out += _paragraphs(part.markdown)
    return out


def _theme(t: ThemeSection, number: str) -> list[str]:
    level = min(3 + t.depth, 5)
    sub = min(level + 1, 6)
    out = [f"<h{level}>{esc(f'{number} {t.name}')}</h{level}>"]
    for label, text in (("Definition.", t.definition),
                        ("Central organising concept.", t.central_concept),
                        ("Scope.", t.scope)):
        if text:
            out.append(f"<p><strong>{label}</strong> {esc(text)}</p>")
    narrative = _narrative(t.narrative)
    if not narrative and t.status != "final":
        narrative = ['<p class="note">No analytic narrative has been written for this theme '
                     "yet.</p>"]
    out += narrative
    for i, s in enumerate(t.subthemes, start=1):
        out += _theme(s, f"{number}{i}.")
    if t.codes:
        out.append(f"<h{sub}>Codes in {esc(t.name)}</h{sub}>")
        out.append(_table(("Code", "Definition"),
                          tuple((c.name, c.definition or "-") for c in t.codes)))
    if t.prevalence is not None:
        out += [f"<h{sub}>Prevalence</h{sub}>", *_prevalence(t.prevalence)]
    if t.exemplars:
        quoted = any(p.quote is not None for p in t.narrative)
        out.append(f"<h{sub}>{'Further extracts' if quoted else 'Extracts'}</h{sub}>")
        out += [_quote(q) for q in t.exemplars]
    return out


def _map(themes: tuple[ThemeSection, ...]) -> str:
    """The outline as nested lists: a deeper item opens a list inside the one before."""
    out = ['<ul class="map">']
    depth = 0
    for n, item in enumerate(map_outline(themes)):
        if n:
            if item.depth > depth:
                out.append("<ul>")
            else:
                out.append("</li>" + "</ul></li>" * (depth - item.depth))
        depth = item.depth
        out.append(f'<li class="{item.kind}"><span>{esc(item.text)}</span>')
    if len(out) > 1:
        out.append("</li>" + "</ul></li>" * depth)
    out.append("</ul>")
    return "\n".join(out)


def _appendix(report: Report) -> list[str]:
    out = ["<h2>Appendix</h2>", "<h3>Methods</h3>", *_paragraphs(report.methods)]
    out += ["<h3>Codebook</h3>", _table(
        ("Code", "Parent", "Definition", "Include", "Exclude", "Codings"),
        tuple((c.name, c.parent or "-", c.definition or "-", c.include or "-",
               c.exclude or "-", str(c.codings)) for c in report.codebook),
    )]
    out += ["<h3>Coders</h3>",
            _table(("Coder", "Codings"), tuple((n, str(k)) for n, k in report.coders))]
    if report.agreement:
        out += ["<h3>Agreement</h3>", _table(report.agreement[0], report.agreement[1:])]
    if report.checklist:
        out += ["<h3>Braun and Clarke's 15-point checklist</h3>",
                "<p>The evidence is what the project holds; the answers are the researcher's "
                "own. The tool does not tick these.</p>", "<ol>"]
        for p in report.checklist:
            answer = esc(p.answer) if p.answer else "<em>not yet answered</em>"
            out.append(f"<li><strong>{esc(p.stage)}.</strong> {esc(p.criterion)}<ul>"
                       f"<li>Evidence: {esc(p.evidence)}</li><li>Researcher: {answer}</li>"
                       "</ul></li>")
        out.append("</ol>")
    return out


def render_html(report: Report) -> str:
    coders = ", ".join(esc(name) for name, _ in report.coders) or "-"
    out = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        f"<h1>{esc(report.title)}</h1>",
        "<ul>",
        f"<li><strong>Research question:</strong> {esc(report.question) or '-'}</li>",
        f"<li><strong>Approach:</strong> {esc(report.approach)} thematic analysis</li>",
        f"<li><strong>Date:</strong> {esc(report.date)}</li>",
        f"<li><strong>Coders:</strong> {coders}</li>",
        "</ul>",
    ]
    if report.warnings:
        out += ['<div class="warnings"><p><strong>Check before sharing.</strong></p><ul>',
                *(f"<li>{esc(w)}</li>" for w in report.warnings), "</ul></div>"]
    out.append("<h2>Themes</h2>")
    for i, theme in enumerate(report.themes, start=1):
        out += _theme(theme, f"{i}.")
    out += ["<h2>Thematic map</h2>", _map(report.themes)]
    if report.matrix is not None:
        out += ["<h2>Framework matrix</h2>", *_prevalence(report.matrix)]
    out += _appendix(report)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
