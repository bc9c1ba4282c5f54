"""Render a ``Report`` as CommonMark: deterministic, and safe against hostile quotes.

Quotes are participants' words: any Markdown or HTML in them is escaped so that it shows as
text and cannot break the document (a quote cannot open a heading, a table, a link, an HTML
block or a code span).
"""

from __future__ import annotations

import re

from themework.domain.safe_text import visible
from themework.export.model import (
    CodeEntry,
    NarrativePart,
    PrevalenceTable,
    Quote,
    Report,
    ThemeSection,
)

# Inline syntax: emphasis, code spans, links and images, HTML, entities, table pipes and
# strikethrough; line starts: headings, lists, block quotes and setext underlines.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
# After the indentation is gone: a heading, block quote, list item or thematic break marker,
# or the digits of an ordered list item (escaped as "1\." since "\1" is no escape at all).
_LINE_START = re.compile(r"^(?:([-+=>#])|(\d+)([.)]))", re.MULTILINE)


def escape(text: str) -> str:
    """Backslash-escape what CommonMark could read as syntax; keep the words.

    Indentation at the start of a line goes: four spaces would open a code block.
    """
    text = _INDENT.sub("", text)
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


def cell(text: str) -> str:
    # Inside a table cell only inline syntax matters: a leading "-" is just text.
    return _INLINE.sub(r"\\\1", " ".join(str(text).split())) or " "


def blockquote(q: Quote) -> str:
    if q.withheld:
        return f"> *[Quote withheld: {escape(q.attribution)} did not consent to quotation.]*"
    lines = [escape(line) for line in q.text.strip().splitlines() if line.strip()]
    body = "\n>\n".join(f"> {line}" for line in lines) or "> "
    return f"{body}\n>\n> — {escape(q.attribution)} ({escape(q.reference)})"


def table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    head = "| " + " | ".join(cell(c) for c in columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def _prevalence(t: PrevalenceTable) -> str:
    parts = [table(t.columns, t.rows)]
    if t.note:
        parts.append(f"\n\n*{escape(t.note)}*")
    return "".join(parts)


def _codes(codes: tuple[CodeEntry, ...]) -> str:
    rows = tuple((c.name, c.definition or "-") for c in codes)
    return table(("Code", "Definition"), rows)


# Narratives are the researcher's Markdown, but on a shared project any coder can write one:
# it keeps its emphasis, lists, links and code, never raw HTML (a "<script>" must show as text).
_FENCE = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_BACKTICKS = re.compile(r"`+")
_BLOCKQUOTE = re.compile(r"^ {0,3}(?:> ?)+")
_HTML_CHARS = str.maketrans({"<": "\\<", ">": "\\>", "&": "\\&"})


def _inline(text: str) -> str:
    """Escape ``<``, ``>`` and ``&`` in one line outside code spans (a backtick run closed by
    one of the same length); backslash escapes stay as they are."""
    out, pos = [], 0
    while pos < len(text):
        tick = _BACKTICKS.search(text, pos)
        plain_end = tick.start() if tick else len(text)
        out.append(_plain(text[pos:plain_end]))
        if tick is None:
            break
        if plain_end > 0 and _escaped(text, plain_end):
            out.append("`")  # an escaped backtick opens nothing
            pos = plain_end + 1
            continue
        run = tick.group()
        close = _BACKTICKS.search(text, tick.end())
        while close is not None and close.group() != run:
            close = _BACKTICKS.search(text, close.end())
        if close is None or "|" in text[tick.end() : close.start()]:
            # No closing run (or a table cell boundary inside): literal backticks.
            out.append(run)
            pos = tick.end()
        else:
            out.append(text[tick.start() : close.end()])  # a code span, verbatim
            pos = close.end()
    return "".join(out)


def _escaped(text: str, at: int) -> bool:
    slashes = len(text[:at]) - len(text[:at].rstrip("\\"))
    return slashes % 2 == 1


def _plain(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i : i + 2])  # already escaped
            i += 2
            continue
        out.append(text[i].translate(_HTML_CHARS))
        i += 1
    return "".join(out)


def narrative_markdown(text: str) -> str:
    """A narrative as Markdown with raw HTML escaped, outside code spans and fenced blocks.

    Where this reading could differ from a renderer's, it escapes: code spans are taken
    within one line and one table cell, and a fence inside a list ends at a line indented
    less than the fence. A fence left open is closed, so it cannot swallow the report.
    """
    out: list[str] = []
    fence, indent = "", 0
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(" "))
        if fence and line.strip() and depth < indent:
            fence = ""  # the list item holding the fence has ended
        opened = _FENCE.match(line)
        if fence:
            out.append(line)
            if (opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence)
                    and not line.strip().strip(fence[0])):
                fence = ""
        elif opened:
            fence, indent = opened.group(1), depth
            out.append(line)
        else:
            marker = _BLOCKQUOTE.match(line)
            cut = marker.end() if marker else 0
            out.append(line[:cut] + _inline(line[cut:]))
    if fence:
        out.append(" " * indent + fence)
    return "\n".join(out)


def _narrative(parts: tuple[NarrativePart, ...]) -> str:
    out = []
    for part in parts:
        if part.quote is not None:
            out.append(blockquote(part.quote))
        elif part.markdown.strip():
            out.append(narrative_markdown(part.markdown.strip()))
    return "\n\n".join(out)


def _theme(t: ThemeSection, number: str) -> list[str]:
    level = "#" * min(3 + t.depth, 5)
    out = [f"{level} {number} {escape(t.name)}"]
    facts = []
    if t.definition:
        facts.append(f"**Definition.** {escape(t.definition)}")
    if t.central_concept:
        facts.append(f"**Central organising concept.** {escape(t.central_concept)}")
    if t.scope:
        facts.append(f"**Scope.** {escape(t.scope)}")
    out += facts
    narrative = _narrative(t.narrative)
    if narrative:
        out.append(narrative)
    elif t.status != "final":
        out.append("*No analytic narrative has been written for this theme yet.*")
    for i, sub in enumerate(t.subthemes, start=1):
        out += _theme(sub, f"{number}{i}.")
    if t.codes:
        out += [f"{level}# Codes in {escape(t.name)}", _codes(t.codes)]
    if t.prevalence is not None:
        out += [f"{level}# Prevalence", _prevalence(t.prevalence)]
    if t.exemplars:
        quoted = any(p.quote is not None for p in t.narrative)
        out.append(f"{level}# {'Further extracts' if quoted else 'Extracts'}")
        out += [blockquote(q) for q in t.exemplars]
    return out


def render(report: Report) -> str:
    out = [f"# {escape(report.title)}"]
    meta = [
        f"- **Research question:** {escape(report.question) or '-'}",
        f"- **Approach:** {escape(report.approach)} thematic analysis",
        f"- **Date:** {escape(report.date)}",
        "- **Coders:** " + (", ".join(escape(name) for name, _ in report.coders) or "-"),
    ]
    out.append("\n".join(meta))
    if report.warnings:
        out.append(
            "> **Check before sharing.**\n>\n"
            + "\n".join(f"> - {escape(w)}" for w in report.warnings)
        )
    out.append("## Themes")
    for i, theme in enumerate(report.themes, start=1):
        out += _theme(theme, f"{i}.")
    out += ["## Thematic map", "```mermaid\n" + report.thematic_map + "\n```"]
    if report.matrix is not None:
        out += ["## Framework matrix", _prevalence(report.matrix)]
    out.append("## Appendix")
    out += ["### Methods", escape(report.methods)]
    out += ["### Codebook", table(
        ("Code", "Parent", "Definition", "Include", "Exclude", "Codings"),
        tuple(
            (c.name, c.parent or "-", c.definition or "-", c.include or "-", c.exclude or "-",
             str(c.codings))
            for c in report.codebook
        ),
    )]
    out += ["### Coders", table(("Coder", "Codings"), tuple((n, str(k)) for n, k in report.coders))]
    if report.agreement:
        out += ["### Agreement", table(report.agreement[0], report.agreement[1:])]
    if report.checklist:
        out.append("### Braun and Clarke's 15-point checklist")
        out.append(
            "The evidence is what the project holds; the answers are the researcher's own. "
            "The tool does not tick these."
        )
        for p in report.checklist:
            out.append(
                f"{p.number}\\. **{escape(p.stage)}.** {escape(p.criterion)}\n\n"
                f"   - Evidence: {escape(p.evidence)}\n"
                f"   - Researcher: {escape(p.answer) if p.answer else '*not yet answered*'}"
            )
    # The one Markdown boundary for control characters: a name, memo or quote holding
    # ESC ] 52 must not reach whoever runs `cat report.md`.
    return visible("\n\n".join(out) + "\n")
