"""Reading ``project.qde`` (any producer's) into ``model.Project``.

Elements are matched by local name (``project:1.0`` and ``project:0:10`` are both in use);
GUIDs are normalised; a text source's text is its ``PlainTextContent``, else the archive's
``sources/`` file its ``plainTextPath`` names, else the text of its ``.docx``. Paths that
point outside the archive (``absolute://``, ``relative://``) are never followed: such a
source is skipped and listed. Sources other than text (PDF, pictures, audio, video) are
listed as skipped too.
"""

from __future__ import annotations

import codecs
from datetime import datetime
from functools import lru_cache
from itertools import islice

from themework.domain.errors import InputError
from themework.refi import model
from themework.refi.archive import Archive
from themework.refi.guids import norm_guid
from themework.refi.qdc import read_codes, read_sets, required
from themework.refi.xml import Element, child, children, local, parse_xml, text_of

OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


def read_project(archive: Archive) -> tuple[model.Project, frozenset[str]]:
    """The project, and hints about the file's shape for recognising its producer."""
    name, data = archive.project_file()
    where = f"{archive.path}:{name}"
    root = parse_xml(data, where)
    if local(root) != "Project":
        raise InputError(f"not a REFI-QDA project (the root is <{local(root)}>)", file=where)
    hints = set()
    if name.casefold() != "project.qde":
        hints.add("named-qde")
    skipped: list[str] = []
    users = tuple(
        model.User(norm_guid(required(u, "guid", where)), u.get("name") or u.get("id") or "")
        for u in _items(root, "Users", "User")
    )
    codebook = child(root, "CodeBook")
    codes_el = child(codebook, "Codes") if codebook is not None else None
    codes = read_codes(codes_el, where) if codes_el is not None else ()
    guids = [c.get("guid") or "" for c in islice(root.iter(), 200) if isinstance(c.tag, str)]
    if any(g.strip("{}") != g.strip("{}").lower() for g in guids if g):
        hints.add("upper-guids")
    variables = tuple(
        model.Variable(norm_guid(required(v, "guid", where)), required(v, "name", where),
                       v.get("typeOfVariable") or "Text")
        for v in _items(root, "Variables", "Variable")
    )
    links = _case_links(root)
    cases = tuple(_case(c, where, links) for c in _items(root, "Cases", "Case"))
    sources = []
    sources_el = child(root, "Sources")
    for el in sources_el if sources_el is not None else ():
        kind = local(el)
        if kind == "TextSource":
            source = _source(el, archive, where, skipped)
            if source is not None:
                sources.append(source)
        elif kind in OTHER_SOURCES:
            skipped.append(f"{kind} {el.get('name') or el.get('guid')}: only text sources "
                           "can be imported")
    notes = tuple(_note(n, archive, where) for n in _items(root, "Notes", "Note"))
    project = model.Project(
        name=root.get("name") or archive.path.stem,
        origin=root.get("origin") or "",
        users=users,
        codes=codes,
        variables=variables,
        cases=cases,
        sources=tuple(sources),
        notes=notes,
        sets=read_sets(child(root, "Sets"), where),
        project_notes=_refs(root, "NoteRef"),
        description=text_of(child(root, "Description")).strip(),
        skipped=tuple(skipped),
    )
    return project, frozenset(hints)


def _items(root: Element, container: str, item: str) -> list[Element]:
    el = child(root, container)
    return list(children(el, item)) if el is not None else []


def _refs(el: Element, name: str) -> tuple[str, ...]:
    return tuple(
        norm_guid(r.get("targetGUID"))
        for r in el.iterchildren(f"{{*}}{name}")
        if r.get("targetGUID")
    )


@lru_cache(maxsize=4096)  # codings made together share their time
def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _case_links(root: Element) -> dict[str, list[str]]:
    """Case GUID -> GUIDs of notes linked to it (either way round)."""
    notes = {norm_guid(n.get("guid") or "") for n in _items(root, "Notes", "Note")}
    out: dict[str, list[str]] = {}
    for link in _items(root, "Links", "Link"):
        a, b = norm_guid(link.get("originGUID") or ""), norm_guid(link.get("targetGUID") or "")
        if a in notes:
            out.setdefault(b, []).append(a)
        elif b in notes:
            out.setdefault(a, []).append(b)
    return out


def _case(el: Element, where: str, links: dict[str, list[str]]) -> model.Case:
    case_guid = norm_guid(required(el, "guid", where))
    values = []
    for vv in children(el, "VariableValue"):
        ref = child(vv, "VariableRef")
        value = next((c for c in vv if local(c).endswith("Value")), None)
        if ref is not None and value is not None:
            values.append((norm_guid(ref.get("targetGUID") or ""), text_of(value).strip()))
    return model.Case(
        case_guid,
        " ".join((el.get("name") or "").split()) or case_guid[:8],
        tuple(values),
        _refs(el, "SourceRef"),
        tuple(links.get(case_guid, ())),
    )


def _decode(data: bytes) -> str:
    """A source file's text as shipped, without its BOM (UTF-8 or UTF-16 with a BOM,
    else UTF-8, else Windows-1252)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs)


def _source(
    el: Element, archive: Archive, where: str, skipped: list[str]
) -> model.Source | None:
    guid = norm_guid(required(el, "guid", where))
    name = " ".join((el.get("name") or "").split()) or guid
    text: str | None = None
    content = child(el, "PlainTextContent")
    if content is not None:
        text = text_of(content)
    missing: list[str] = []
    for attr, is_docx in (("plainTextPath", False), ("richTextPath", True)):
        ref = el.get(attr) or ""
        if text is not None or not ref:
            continue
        if not ref.startswith("internal://"):
            skipped.append(f"source {name}: its text is outside the archive ({ref.split(':')[0]})")
            return None
        data = archive.source(ref)
        if data is None:
            missing.append(ref.split("://", 1)[1])
            continue
        try:
            text = _docx_text(data) if is_docx or ref.lower().endswith(".docx") else _decode(data)
        except Exception:  # python-docx raises many kinds on a damaged file
            raise InputError(f"source {name}: its file {ref} cannot be read",
                             file=where) from None
    if text is None:
        looked = f" ({' or '.join(missing)} not found)" if missing else ""
        skipped.append(f"source {name}: no text in the archive{looked}")
        return None
    selections = [
        x for sel in el.iterchildren("{*}PlainTextSelection") for x in _selection(sel, where)
    ]
    if any(True for _ in children(el, "Coding")):
        skipped.append(f"source {name}: codings of the whole source (not of a selection)")
    return model.Source(guid, name, text.lstrip("\ufeff"), tuple(selections),
                        _refs(el, "NoteRef"), _when(el.get("creationDateTime")),
                        el.sourceline or 0)


def _selection(sel: Element, where: str) -> list[model.Selection]:
    """One Selection per Coding of a PlainTextSelection. The hot loop of a large import
    (50,000 of them): one pass over the children, attributes read directly."""
    get = sel.get
    try:
        start, end = int(get("startPosition")), int(get("endPosition"))
    except (TypeError, ValueError):
        raise InputError("a selection's start or end position is missing or not a number",
                         file=where, line=sel.sourceline) from None
    sel_guid = norm_guid(required(sel, "guid", where))
    codings, notes = _split(sel)
    out = []
    for coding in codings:
        refs, coding_notes = _split(coding, "CodeRef")
        target = refs[0].get("targetGUID") if refs else None
        if not target:
            continue
        out.append(
            model.Selection(
                sel_guid, start, end, norm_guid(target),
                norm_guid(coding.get("creatingUser") or get("creatingUser") or ""),
                _when(coding.get("creationDateTime") or get("creationDateTime")),
                get("name") or "", notes + coding_notes, sel.sourceline or 0,
            )
        )
    return out


def _split(el: Element, wanted: str = "Coding") -> tuple[list[Element], tuple[str, ...]]:
    """The children named ``wanted``, and the targets of the NoteRefs."""
    found, notes = [], []
    for kid in el:
        tag = kid.tag
        if not isinstance(tag, str):
            continue
        name = tag[tag.rfind("}") + 1 :]
        if name == wanted:
            found.append(kid)
        elif name == "NoteRef" and kid.get("targetGUID"):
            notes.append(norm_guid(kid.get("targetGUID")))
    return found, tuple(notes)


def _note(el: Element, archive: Archive, where: str) -> model.Note:
    guid = norm_guid(required(el, "guid", where))
    content = child(el, "PlainTextContent")
    text = text_of(content) if content is not None else ""
    ref = el.get("plainTextPath") or ""
    if content is None and ref.startswith("internal://"):
        data = archive.source(ref)
        text = _decode(data) if data is not None else ""
    return model.Note(
        guid, (el.get("name") or "").strip(), text.replace("\r\n", "\n").strip(),
        norm_guid(el.get("creatingUser") or ""), _when(el.get("creationDateTime")),
    )
