"""Writing ``project.qde`` and the ``.qdpx`` archive around it.

Sources are stored as ``sources/<guid>.txt``: UTF-8 without a BOM, LF line ends, and
selection offsets in code points over exactly that text (the standard's convention, which
is themework's own). Elements come in the schema's order; containers with nothing in them
are left out (``<Sets/>`` and friends fail the schema).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache

from themework.refi.guids import guid
from themework.refi.model import Project, Source
from themework.refi.qdc import RefiCode, description
from themework.refi.xml import clean

PROJECT_NS = "urn:QDA-XML:project:1.0"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries' time: the same project, the same bytes


@lru_cache(maxsize=4096)  # codings made together share their time
def stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands stored UTC times back without a zone
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ATTR = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
     "\t": "&#9;"}
)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _a(value: str) -> str:
    return clean(value).translate(_ATTR)


def _t(value: str) -> str:
    return clean(value).translate(_TEXT)


def _tag(name: str, attrs: Mapping[str, str | None], *, empty: bool = False) -> str:
    """An opening (or empty) tag; attributes without a value are left out."""
    inner = "".join(f' {k}="{_a(v)}"' for k, v in attrs.items() if v)
    return f"<{name}{inner}{'/' if empty else ''}>"


class _Out:
    """The document as a list of lines, indented two spaces a level (as lxml would)."""

    def __init__(self) -> None:
        self.lines: list[str] = ['<?xml version=\'1.0\' encoding=\'utf-8\'?>']

    def add(self, depth: int, text: str) -> None:
        self.lines.append("  " * depth + text)

    def element(self, depth: int, name: str, text: str) -> None:
        self.add(depth, f"<{name}>{_t(text)}</{name}>")

    def data(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def write_qde(p: Project) -> bytes:
    """``project.qde``. Built as text, not as a tree: 50,000 selections are 150,000
    elements, and building them as lxml elements took most of an export's time."""
    out = _Out()
    out.add(0, _tag("Project", {"xmlns": PROJECT_NS, "name": p.name or "project",
                                "origin": p.origin}))
    if p.users:
        out.add(1, "<Users>")
        for u in p.users:
            out.add(2, _tag("User", {"guid": u.guid, "name": u.name}, empty=True))
        out.add(1, "</Users>")
    if p.codes:
        out.add(1, "<CodeBook>")
        out.add(2, "<Codes>")
        for code in p.codes:
            _code(out, 3, code)
        out.add(2, "</Codes>")
        out.add(1, "</CodeBook>")
    _variables_and_cases(out, p)
    if p.sources:
        out.add(1, "<Sources>")
        for s in p.sources:
            _source(out, s)
        out.add(1, "</Sources>")
    if p.notes:
        out.add(1, "<Notes>")
        for n in p.notes:
            out.add(2, _tag("Note", {"guid": n.guid, "name": n.name, "creatingUser": n.coder,
                                     "creationDateTime": stamp(n.created)}))
            out.element(3, "PlainTextContent", n.text)
            out.add(2, "</Note>")
        out.add(1, "</Notes>")
    _links_and_sets(out, p)
    if p.description:
        out.element(1, "Description", p.description)
    for note in p.project_notes:
        out.add(1, _tag("NoteRef", {"targetGUID": note}, empty=True))
    out.add(0, "</Project>")
    return out.data()


def _code(out: _Out, depth: int, code: RefiCode) -> None:
    attrs = {"guid": code.guid, "name": code.name,
             "isCodable": "true" if code.codable else "false", "color": code.colour}
    text = description(code)
    if not (text or code.notes or code.children):
        out.add(depth, _tag("Code", attrs, empty=True))
        return
    out.add(depth, _tag("Code", attrs))
    if text:
        out.element(depth + 1, "Description", text)
    for note in code.notes:
        out.add(depth + 1, _tag("NoteRef", {"targetGUID": note}, empty=True))
    for kid in code.children:
        _code(out, depth + 1, kid)
    out.add(depth, "</Code>")


def _variables_and_cases(out: _Out, p: Project) -> None:
    if p.variables:
        out.add(1, "<Variables>")
        for v in p.variables:
            out.add(2, _tag("Variable", {"guid": v.guid, "name": v.name,
                                         "typeOfVariable": v.type}, empty=True))
        out.add(1, "</Variables>")
    types = {v.guid: v.type for v in p.variables}
    if not p.cases:
        return
    out.add(1, "<Cases>")
    for c in p.cases:
        if not (c.values or c.sources):
            out.add(2, _tag("Case", {"guid": c.guid, "name": c.name}, empty=True))
            continue
        out.add(2, _tag("Case", {"guid": c.guid, "name": c.name}))
        for var, value in c.values:
            out.add(3, "<VariableValue>")
            out.add(4, _tag("VariableRef", {"targetGUID": var}, empty=True))
            kind = "BooleanValue" if types.get(var) == "Boolean" else "TextValue"
            out.element(4, kind, value)
            out.add(3, "</VariableValue>")
        for src in c.sources:
            out.add(3, _tag("SourceRef", {"targetGUID": src}, empty=True))
        out.add(2, "</Case>")
    out.add(1, "</Cases>")


def _links_and_sets(out: _Out, p: Project) -> None:
    links = [(note, c.guid) for c in p.cases for note in c.notes]
    if links:
        out.add(1, "<Links>")
        for note, case in links:
            out.add(2, _tag("Link", {"guid": guid("link", f"{note}:{case}"), "name": "memo",
                                     "direction": "OneWay", "originGUID": note,
                                     "targetGUID": case}, empty=True))
        out.add(1, "</Links>")
    groups = list(p.sets)  # a theme grouping only sub-themes is a set with no member
    if not groups:
        return
    out.add(1, "<Sets>")
    for group in groups:
        out.add(2, _tag("Set", {"guid": group.guid, "name": group.name}))
        if group.description:
            out.element(3, "Description", group.description)
        for member in group.codes:
            out.add(3, _tag("MemberCode", {"targetGUID": member}, empty=True))
        for note in group.notes:
            out.add(3, _tag("MemberNote", {"targetGUID": note}, empty=True))
        out.add(2, "</Set>")
    out.add(1, "</Sets>")


def _source(out: _Out, s: Source) -> None:
    out.add(2, _tag("TextSource", {"guid": s.guid, "name": s.name,
                                   "plainTextPath": f"internal://{s.guid}.txt",
                                   "creationDateTime": stamp(s.created)}))
    add = out.lines.append
    for sel in s.selections:  # the hot loop: one f-string per element
        who = f' creatingUser="{sel.coder}"' if sel.coder else ""
        when = stamp(sel.created)
        at = f' creationDateTime="{when}"' if when else ""
        name = f' name="{_a(sel.quote)}"' if sel.quote else ""
        add(f'      <PlainTextSelection guid="{sel.guid}"{name} startPosition="{sel.start}" '
            f'endPosition="{sel.end}"{who}{at}>')
        add(f'        <Coding guid="{guid("coding-code", sel.guid)}"{who}{at}>')
        add(f'          <CodeRef targetGUID="{sel.code}"/>')
        add("        </Coding>")
        for note in sel.notes:
            add(f'        <NoteRef targetGUID="{note}"/>')
        add("      </PlainTextSelection>")
    for note in s.notes:
        out.add(3, _tag("NoteRef", {"targetGUID": note}, empty=True))
    out.add(2, "</TextSource>")


def write_qdpx(p: Project) -> bytes:
    """The archive: ``project.qde`` and ``sources/<guid>.txt`` for every text source."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        _add(zf, "project.qde", write_qde(p))
        for s in p.sources:
            _add(zf, f"sources/{s.guid}.txt", s.text.encode("utf-8"))
    return out.getvalue()


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # owner-only when unpacked: the texts are personal data
    zf.writestr(info, data, compresslevel=6)
