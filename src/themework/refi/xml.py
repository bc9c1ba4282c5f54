"""Parsing untrusted REFI-QDA XML, and the small helpers every reader shares.

lxml (already installed with python-docx) parses with entity resolution, DTD loading and
network access off; a document that declares a DTD at all is refused, since no REFI-QDA
file has one and an internal subset is how entity-expansion ("billion laughs") and
external-entity attacks arrive. Elements are matched by local name: namespaces
``urn:QDA-XML:codebook:1.0``, ``codebook:0:4`` and ``project:0:10`` are all in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from themework.domain.errors import InputError

Element = Any  # lxml's _Element (lxml ships no type information)

_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_xml(data: bytes, file: str | Path) -> Element:
    """The root element; ``InputError`` naming the file (and line) for anything refused."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        reason = str(exc.msg).split(",")[0].strip() if exc.msg else "not well-formed XML"
        if "entit" in reason.lower():
            reason = "entity declarations and references are refused"
        raise InputError(f"not a readable XML file ({reason})", file=file, line=line) from None
    except ValueError:
        raise InputError("not a readable XML file", file=file) from None
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise InputError(
            "the XML declares a DTD (entities and external references are refused)", file=file
        )
    return root


def local(el: Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # an entity reference or other special node
    return tag.rsplit("}", 1)[-1]


def children(el: Element, name: str) -> Iterator[Element]:
    for child in el:
        if local(child) == name:
            yield child


def child(el: Element, name: str) -> Element | None:
    return next(children(el, name), None)


def descendants(el: Element, name: str) -> Iterator[Element]:
    for node in el.iter():
        if local(node) == name:
            yield node


def text_of(el: Element | None) -> str:
    if el is None:
        return ""
    return "".join(el.itertext())


def clean(text: str) -> str:
    """Text XML 1.0 can carry: control characters become U+FFFD (one for one)."""
    return _INVALID.sub("\ufffd", text)
