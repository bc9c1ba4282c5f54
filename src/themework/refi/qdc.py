"""REFI-QDA codebooks (``.qdc``) to and from ``CodebookDoc``.

Written: every code with its hierarchy, name, description and colour; GUIDs from the code
ids (``guids.guid("code", id)``); retired codes as ``isCodable="false"``; themes as
``<Sets>`` of member codes; no empty containers (``<Sets/>`` fails the schema). The
description carries the definition, then "Include: ..." and "Exclude: ..." paragraphs when
the code has criteria; reading splits them back.

Read: any namespace (matched by local name), GUIDs compared case- and brace-insensitively,
3-digit colours widened; a code name used twice is told apart by its parent's name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from themework.domain.codebook import CodebookDoc, CodeSpec, ThemeSpec, iter_codes, iter_themes
from themework.domain.errors import InputError
from themework.domain.text import name_key
from themework.refi.guids import guid, norm_guid
from themework.refi.xml import Element, child, children, clean, local, parse_xml, text_of

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "themework"

_RGB = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_CRITERIA = re.compile(r"\n\n(Include|Exclude): ")


@dataclass(frozen=True)
class RefiCode:
    guid: str  # normalised
    name: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    colour: str = ""
    codable: bool = True
    children: tuple[RefiCode, ...] = ()
    notes: tuple[str, ...] = ()  # NoteRef targets (normalised), in a project
    line: int = 0


@dataclass(frozen=True)
class RefiSet:
    guid: str
    name: str
    description: str = ""
    codes: tuple[str, ...] = ()  # member code GUIDs (normalised)
    notes: tuple[str, ...] = ()  # MemberNote targets
    line: int = 0


# How a themework export marks what REFI-QDA has no element for, in words any tool shows:
# a theme's narrative is a note of this name among its set's notes, and a sub-theme's set
# ends its description with this line naming the parent theme. An import from themework
# reads both back; from other tools they stay a memo and a description.
NARRATIVE_NOTE = "Narrative"
SUB_THEME_OF = "Sub-theme of: "


def with_parent(description: str, parent: str | None) -> str:
    if parent is None:
        return description
    return "\n\n".join(p for p in (description, SUB_THEME_OF + parent) if p)


def parent_of(description: str) -> tuple[str, str | None]:
    """A set's description without its "Sub-theme of" line, and the parent it names."""
    body, sep, last = description.rpartition("\n")
    if not sep:
        body, last = "", description
    if not last.startswith(SUB_THEME_OF) or not last[len(SUB_THEME_OF):].strip():
        return description, None
    return body.rstrip(), last[len(SUB_THEME_OF):].strip()


@dataclass(frozen=True)
class Codebook:
    codes: tuple[RefiCode, ...]
    sets: tuple[RefiSet, ...] = ()
    origin: str = ""


# -- writing -----------------------------------------------------------------------------
def description(code: RefiCode) -> str:
    parts = [code.definition.strip()]
    if code.include.strip():
        parts.append(f"Include: {code.include.strip()}")
    if code.exclude.strip():
        parts.append(f"Exclude: {code.exclude.strip()}")
    return "\n\n".join(p for p in parts if p)


def codes_of(
    doc: CodebookDoc, notes: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[RefiCode, ...]:
    """The doc's codes (each with an id) as REFI codes; ``notes`` maps code ids to the
    GUIDs of their notes. Retired codes are not codable."""
    notes = notes or {}

    def build(spec: CodeSpec) -> RefiCode:
        return RefiCode(
            guid=guid("code", spec.id),
            name=spec.name,
            definition=spec.definition,
            include=spec.include,
            exclude=spec.exclude,
            colour=spec.colour if _RGB.match(spec.colour) else "",
            codable=not spec.retired,
            children=tuple(build(kid) for kid in spec.children),
            notes=notes.get(spec.id or "", ()),
        )

    return tuple(build(spec) for spec in doc.codes)


def add_code(parent: Element, code: RefiCode, ns: str) -> None:
    """A ``<Code>`` and its children under ``parent``. NoteRefs (which only the project
    schema allows) go between the description and the children."""
    from lxml import etree

    el = etree.SubElement(parent, f"{{{ns}}}Code")
    el.set("guid", code.guid)
    el.set("name", clean(code.name))
    el.set("isCodable", "true" if code.codable else "false")
    if code.colour:
        el.set("color", code.colour)
    text = description(code)
    if text:
        etree.SubElement(el, f"{{{ns}}}Description").text = clean(text)
    for target in code.notes:
        etree.SubElement(el, f"{{{ns}}}NoteRef").set("targetGUID", target)
    for kid in code.children:
        add_code(el, kid, ns)


def theme_sets(doc: CodebookDoc) -> list[tuple[ThemeSpec, list[str]]]:
    """Themes that group at least one exported code, with their member codes' GUIDs."""
    known = {c.id for c, _ in iter_codes(doc)}
    out = []
    for theme, _ in iter_themes(doc):
        members = [guid("code", ref) for ref in theme.codes if ref in known]
        if members:
            out.append((theme, list(dict.fromkeys(members))))
    return out


def write_qdc(doc: CodebookDoc) -> bytes:
    """The codebook as a ``.qdc`` file; ``doc`` has an id on every code (a dumped doc)."""
    from lxml import etree

    ns = CODEBOOK_NS
    root = etree.Element(f"{{{ns}}}CodeBook", nsmap={None: ns})
    root.set("origin", ORIGIN)
    if not doc.codes:
        raise InputError("the codebook has no codes: a .qdc file needs at least one")
    codes = etree.SubElement(root, f"{{{ns}}}Codes")
    for code in codes_of(doc):
        add_code(codes, code, ns)
    groups = theme_sets(doc)
    if groups:
        sets = etree.SubElement(root, f"{{{ns}}}Sets")
        for theme, members in groups:
            el = etree.SubElement(sets, f"{{{ns}}}Set")
            el.set("guid", guid("theme", theme.id))
            el.set("name", clean(theme.name))
            if theme.definition.strip():
                etree.SubElement(el, f"{{{ns}}}Description").text = clean(theme.definition)
            for member in members:
                etree.SubElement(el, f"{{{ns}}}MemberCode").set("guid", member)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return data


# -- reading -----------------------------------------------------------------------------
def _colour(value: str | None) -> str:
    value = (value or "").strip()
    if not _RGB.match(value):
        return ""
    hexa = value[1:].lower()
    return "#" + ("".join(ch * 2 for ch in hexa) if len(hexa) == 3 else hexa)


def split_description(text: str) -> tuple[str, str, str]:
    """(definition, include, exclude) from a description written by ``description``."""
    text = text.replace("\r\n", "\n").strip()
    parts = _CRITERIA.split(text)
    definition, include, exclude = parts[0].strip(), "", ""
    for label, body in zip(parts[1::2], parts[2::2], strict=True):
        if label == "Include" and not include:
            include = body.strip()
        elif label == "Exclude" and not exclude:
            exclude = body.strip()
        else:  # a criterion twice: not our shape, keep the text as it is
            return text, "", ""
    if definition.startswith(("Include: ", "Exclude: ")):
        return text, "", ""
    return definition, include, exclude


def required(el: Element, attr: str, file: str | Path) -> str:
    value = el.get(attr)
    if value is None or not value.strip():
        raise InputError(f"<{local(el)}> has no {attr}", file=file, line=el.sourceline)
    return str(value)


def read_codes(parent: Element, file: str | Path) -> tuple[RefiCode, ...]:
    out = []
    for el in children(parent, "Code"):
        definition, include, exclude = split_description(text_of(child(el, "Description")))
        out.append(
            RefiCode(
                guid=norm_guid(required(el, "guid", file)),
                name=" ".join(required(el, "name", file).split()),
                definition=definition,
                include=include,
                exclude=exclude,
                colour=_colour(el.get("color")),
                codable=(el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                children=read_codes(el, file),
                notes=tuple(norm_guid(n.get("targetGUID") or "") for n in children(el, "NoteRef")),
                line=el.sourceline or 0,
            )
        )
    return tuple(out)


def read_sets(parent: Element | None, file: str | Path) -> tuple[RefiSet, ...]:
    if parent is None:
        return ()  # includes an empty <Sets/>, which some tools write
    out = []
    for el in children(parent, "Set"):
        codes = [m.get("guid") or m.get("targetGUID") or "" for m in children(el, "MemberCode")]
        notes = [m.get("targetGUID") or "" for m in children(el, "MemberNote")]
        out.append(
            RefiSet(
                norm_guid(required(el, "guid", file)),
                " ".join(required(el, "name", file).split()),
                text_of(child(el, "Description")).strip(),
                tuple(norm_guid(c) for c in codes if c),
                tuple(norm_guid(n) for n in notes if n),
                el.sourceline or 0,
            )
        )
    return tuple(out)


def read_qdc(data: bytes, file: str | Path) -> Codebook:
    root = parse_xml(data, file)
    if local(root) != "CodeBook":
        raise InputError(f"not a REFI-QDA codebook (the root is <{local(root)}>)", file=file)
    codes_el = child(root, "Codes")
    if codes_el is None:
        raise InputError("the codebook has no <Codes>", file=file, line=root.sourceline)
    return Codebook(
        read_codes(codes_el, file), read_sets(child(root, "Sets"), file), root.get("origin") or ""
    )


def read_qdc_file(path: Path) -> CodebookDoc:
    from themework.ingest.decode import read_file_bytes

    book = read_qdc(read_file_bytes(path), path)
    return to_doc(book, title=path.stem)


@dataclass
class _Names:
    """Unique names for codes: a repeated name takes its parent's name in brackets."""

    repeated: set[str]
    used: set[str] = field(default_factory=set)

    def take(self, name: str, parent: str | None) -> str:
        candidates = [name]
        if parent:
            # A repeated name keeps its plain form for the top-level code that has one.
            where = f"{name} ({parent})"
            candidates = [where, name] if name_key(name) in self.repeated else [name, where]
        for candidate in candidates:
            if name_key(candidate) not in self.used:
                self.used.add(name_key(candidate))
                return candidate
        n = 2
        while name_key(f"{candidates[-1]} {n}") in self.used:
            n += 1
        self.used.add(name_key(f"{candidates[-1]} {n}"))
        return f"{candidates[-1]} {n}"


def to_doc(
    book: Codebook, *, title: str = "", known: Mapping[str, str] | None = None
) -> CodebookDoc:
    """The codebook as a ``CodebookDoc``. ``known`` maps GUIDs to the ids of codes already
    in the project (a code exported by themework comes back to the code it came from).
    Retired codes are recognised only in themework's own files: elsewhere
    ``isCodable="false"`` marks a folder of codes, still in use."""
    known = known or {}
    ours = book.origin.lower().startswith(ORIGIN)
    counts = Counter(name_key(c.name) for c in _walk(book.codes))
    names = _Names({k for k, n in counts.items() if n > 1})
    name_of: dict[str, str] = {}  # guid -> the name the code gets

    def build(code: RefiCode, parent: str | None) -> CodeSpec:
        name = names.take(code.name, parent)
        name_of[code.guid] = name
        return CodeSpec(
            name=name,
            id=known.get(code.guid),
            definition=code.definition,
            include=code.include,
            exclude=code.exclude,
            colour=code.colour,
            status="retired" if ours and not code.codable else "",
            children=tuple(build(kid, name) for kid in code.children),
            line=code.line,
        )

    specs = tuple(build(c, None) for c in book.codes)
    themes = []
    for s in book.sets:
        refs = tuple(known.get(g) or name_of[g] for g in s.codes if g in name_of)
        if refs:
            themes.append(ThemeSpec(name=s.name, definition=s.description, codes=refs, line=s.line))
    return CodebookDoc(title, specs, _unique_themes(themes))


def _walk(codes: tuple[RefiCode, ...]) -> Iterator[RefiCode]:
    for code in codes:
        yield code
        yield from _walk(code.children)


def _unique_themes(themes: list[ThemeSpec]) -> tuple[ThemeSpec, ...]:
    seen: set[str] = set()
    out = []
    for t in themes:
        if name_key(t.name) not in seen:
            seen.add(name_key(t.name))
            out.append(t)
    return tuple(out)
