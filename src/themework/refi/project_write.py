"""Writing ``project.qde`` and the ``.qdpx`` archive around it.

Sources are stored as ``sources/<guid>.txt``: UTF-8 without a BOM, LF line ends, and
selection offsets in code points over exactly that text (the standard's convention, which
is themework's own). Elements come in the schema's order; containers with nothing in them
are left out (``<Sets/>`` and friends fail the schema).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from themework.refi.guids import guid
from themework.refi.model import Project, Source
from themework.refi.qdc import add_code
from themework.refi.xml import Element, clean

PROJECT_NS = "urn:QDA-XML:project:1.0"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries' time: the same project, the same bytes


def stamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands stored UTC times back without a zone
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: Element, tag: str, /, **attrs: str | None) -> Element:
    from lxml import etree

    el = etree.SubElement(parent, f"{{{PROJECT_NS}}}{tag}")
    for key, value in attrs.items():
        if value is not None and value != "":
            el.set(key, value)
    return el


def _text(parent: Element, tag: str, text: str) -> None:
    _sub(parent, tag).text = clean(text)


def write_qde(p: Project) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS})
    root.set("name", clean(p.name) or "project")
    if p.origin:
        root.set("origin", p.origin)
    if p.users:
        users = _sub(root, "Users")
        for u in p.users:
            _sub(users, "User", guid=u.guid, name=clean(u.name))
    if p.codes:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        for code in p.codes:
            add_code(codes, code, PROJECT_NS)
    if p.variables:
        variables = _sub(root, "Variables")
        for v in p.variables:
            _sub(variables, "Variable", guid=v.guid, name=clean(v.name), typeOfVariable=v.type)
    types = {v.guid: v.type for v in p.variables}
    if p.cases:
        cases = _sub(root, "Cases")
        for c in p.cases:
            case = _sub(cases, "Case", guid=c.guid, name=clean(c.name))
            for var, value in c.values:
                vv = _sub(case, "VariableValue")
                _sub(vv, "VariableRef", targetGUID=var)
                kind = "BooleanValue" if types.get(var) == "Boolean" else "TextValue"
                _text(vv, kind, value)
            for src in c.sources:
                _sub(case, "SourceRef", targetGUID=src)
    if p.sources:
        sources = _sub(root, "Sources")
        for s in p.sources:
            _source(sources, s)
    if p.notes:
        notes = _sub(root, "Notes")
        for n in p.notes:
            note = _sub(
                notes, "Note", guid=n.guid, name=clean(n.name), creatingUser=n.coder or None,
                creationDateTime=stamp(n.created),
            )
            _text(note, "PlainTextContent", n.text)
    links = [(note, c.guid) for c in p.cases for note in c.notes]
    if links:
        el = _sub(root, "Links")
        for note, case in links:
            _sub(el, "Link", guid=guid("link", f"{note}:{case}"), name="memo",
                 direction="OneWay", originGUID=note, targetGUID=case)
    groups = [s for s in p.sets if s.codes or s.notes]
    if groups:
        sets = _sub(root, "Sets")
        for group in groups:
            el = _sub(sets, "Set", guid=group.guid, name=clean(group.name))
            if group.description:
                _text(el, "Description", group.description)
            for member in group.codes:
                _sub(el, "MemberCode", targetGUID=member)
            for note in group.notes:
                _sub(el, "MemberNote", targetGUID=note)
    if p.description:
        _text(root, "Description", p.description)
    for note in p.project_notes:
        _sub(root, "NoteRef", targetGUID=note)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return data


def _source(parent: Element, s: Source) -> None:
    el = _sub(
        parent, "TextSource", guid=s.guid, name=clean(s.name),
        plainTextPath=f"internal://{s.guid}.txt", creationDateTime=stamp(s.created),
    )
    for sel in s.selections:
        pts = _sub(
            el, "PlainTextSelection", guid=sel.guid, name=clean(sel.quote),
            startPosition=str(sel.start), endPosition=str(sel.end),
            creatingUser=sel.coder or None, creationDateTime=stamp(sel.created),
        )
        coding = _sub(
            pts, "Coding", guid=guid("coding-code", sel.guid), creatingUser=sel.coder or None,
            creationDateTime=stamp(sel.created),
        )
        _sub(coding, "CodeRef", targetGUID=sel.code)
        for note in sel.notes:
            _sub(pts, "NoteRef", targetGUID=note)
    for note in s.notes:
        _sub(el, "NoteRef", targetGUID=note)


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
