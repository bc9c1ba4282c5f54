"""The codebook schema: plain frozen specs, loading from YAML and deterministic dumping.

A codebook file (teams keep them in git)::

    codebook: Name of the codebook
    codes:
      - name: Consistency of worker      # required, unique with aliases by ``name_key``
        id: consistency-of-worker        # optional in files, always written by ``dump``
        aliases: [Consistent worker]
        exclusive: true                  # its children are one categorical variable
        children: [...]                  # or ``parent: ID`` on a top-level code
    themes:
      - name: Relationship-based practice
        codes: [consistency-of-worker]   # code ids, names or aliases

``lint_codebook`` reports every problem; ``parse_codebook`` raises ``CodebookError`` (an
``InputError``) listing them all, or returns a ``CodebookDoc``; ``dump_codebook`` writes the
same bytes for the same doc. For a valid doc ``parse_codebook(dump_codebook(doc))`` equals
``assign_ids(doc)``, which is ``doc`` itself once ids are assigned (line numbers never take part
in equality), and dumping that again gives the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import yaml

from themework.domain.codebook_draft import DraftCode, DraftTheme, Problem
from themework.domain.codebook_lint import lint_codebook, read_codebook
from themework.domain.errors import InputError
from themework.domain.text import name_key

__all__ = [
    "CodeSpec",
    "CodebookDoc",
    "CodebookError",
    "Pattern",
    "Problem",
    "ThemeSpec",
    "assign_ids",
    "dump_codebook",
    "iter_codes",
    "iter_themes",
    "lint_codebook",
    "parse_codebook",
    "slug_id",
]

Pattern = tuple[dict[str, Any], ...]  # one spaCy Matcher pattern: a token mapping per token
_Node = TypeVar("_Node", "CodeSpec", "ThemeSpec")


@dataclass(frozen=True)
class CodeSpec:
    name: str
    id: str | None = None
    aliases: tuple[str, ...] = ()
    definition: str = ""
    include: str = ""  # inclusion criteria
    exclude: str = ""  # exclusion criteria
    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = field(default=(), hash=False)  # dicts are unhashable
    colour: str = ""  # "#rrggbb" or ""
    status: str = ""  # "", "active" or "retired"; "" means active
    exclusive: bool = False  # its children are mutually exclusive: one categorical variable
    children: tuple[CodeSpec, ...] = ()
    line: int = field(default=0, compare=False)  # where the code starts in its file, 0 if none

    @property
    def retired(self) -> bool:
        return self.status == "retired"


@dataclass(frozen=True)
class ThemeSpec:
    name: str
    id: str | None = None
    definition: str = ""
    central_concept: str = ""
    scope: str = ""
    codes: tuple[str, ...] = ()  # each a code's id, or its name when the code has no id
    children: tuple[ThemeSpec, ...] = ()
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class CodebookDoc:
    title: str = ""
    codes: tuple[CodeSpec, ...] = ()
    themes: tuple[ThemeSpec, ...] = ()


class CodebookError(InputError):
    """A codebook file with problems: ``str(err)`` is one ``file:line:column: message`` line
    per problem; ``file``, ``line`` and ``column`` locate the first."""

    def __init__(self, problems: Sequence[Problem], file: str) -> None:
        first = problems[0]
        message = "\n".join(str(p) for p in problems)
        super().__init__(message, file=file, line=first.line, column=first.column)
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return self.message


def parse_codebook(text: str, filename: str) -> CodebookDoc:
    """The codebook in ``text``; raises ``CodebookError`` listing every problem.

    ``parent:`` links become nesting (appended after the parent's nested children, in file
    order); theme code references become the code's id, or its name when it has none."""
    draft, problems = read_codebook(text, filename)
    if problems or draft is None:
        raise CodebookError(problems or [Problem(filename, 1, 1, "unreadable")], filename)
    return CodebookDoc(
        draft.title,
        tuple(_freeze_code(c) for c in draft.codes),
        tuple(_freeze_theme(t) for t in draft.themes),
    )


def _freeze_code(c: DraftCode) -> CodeSpec:
    return CodeSpec(
        name=c.name,
        id=c.id,
        aliases=tuple(a.text for a in c.aliases),
        definition=c.definition,
        include=c.include,
        exclude=c.exclude,
        examples=tuple(e.text for e in c.examples),
        keywords=tuple(k.text for k in c.keywords),
        patterns=tuple(c.patterns),
        colour=c.colour,
        status=c.status,
        exclusive=c.exclusive,
        children=tuple(_freeze_code(child) for child in c.children),
        line=c.line,
    )


def _freeze_theme(t: DraftTheme) -> ThemeSpec:
    return ThemeSpec(
        name=t.name,
        id=t.id,
        definition=t.definition,
        central_concept=t.central_concept,
        scope=t.scope,
        codes=tuple(t.codes),
        children=tuple(_freeze_theme(child) for child in t.children),
        line=t.line,
    )


def iter_codes(doc: CodebookDoc) -> Iterator[tuple[CodeSpec, CodeSpec | None]]:
    """Every code with its parent (None at the top), depth first in file order."""
    return _walk(doc.codes, None)


def iter_themes(doc: CodebookDoc) -> Iterator[tuple[ThemeSpec, ThemeSpec | None]]:
    """Every theme with its parent theme (None at the top), depth first in file order."""
    return _walk(doc.themes, None)


def _walk(items: tuple[_Node, ...], parent: _Node | None) -> Iterator[tuple[_Node, _Node | None]]:
    for item in items:
        yield item, parent
        yield from _walk(item.children, item)


_MAX_SLUG = 60


def slug_id(name: str, taken: Container[str], fallback: str = "code") -> str:
    """A kebab-case ASCII id for ``name`` not in ``taken`` (which is not changed).

    Accents are dropped (``Café culture`` -> ``cafe-culture``), ``ß`` becomes ``ss``, anything
    else that is not a letter or digit separates words; at most 60 characters before a
    ``-2``, ``-3``... suffix; ``fallback`` when nothing ASCII is left."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:_MAX_SLUG].strip("-") or fallback
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def assign_ids(doc: CodebookDoc) -> CodebookDoc:
    """The doc with an id on every code and theme, and themes' code lists as code ids.

    Missing ids come from ``slug_id`` in depth-first order, avoiding every id in the doc and
    every other code's case-folded name or alias (the loader refuses a name that spells
    another code's id), so the same doc always gets the same ids and the dump loads again.
    A theme's reference is resolved as the loader does (id first, then case-folded name or
    alias); one that names no code is kept as it is."""
    ids = _CodeIds(doc)
    codes = tuple(ids.assign(c) for c in doc.codes)
    by_id: dict[str, str] = {}
    by_key: dict[str, str] = {}
    renamed = replace(doc, codes=codes)
    for (old, _), (new, _) in zip(iter_codes(doc), iter_codes(renamed), strict=True):
        new_id = new.id or ""
        if old.id:
            by_id.setdefault(old.id, new_id)
        for text in (old.name, *old.aliases):
            by_key.setdefault(name_key(text), new_id)

    def resolve(ref: str) -> str:
        return by_id.get(ref) or by_key.get(name_key(ref)) or ref

    theme_taken = {t.id for t, _ in iter_themes(doc) if t.id}

    def theme(t: ThemeSpec) -> ThemeSpec:
        tid = t.id or slug_id(t.name, theme_taken, fallback="theme")
        theme_taken.add(tid)
        refs = tuple(dict.fromkeys(resolve(r) for r in t.codes))
        return replace(t, id=tid, codes=refs, children=tuple(theme(c) for c in t.children))

    return replace(doc, codes=codes, themes=tuple(theme(t) for t in doc.themes))


class _CodeIds:
    """What a new code id must avoid, as a container for ``slug_id``: ids in use, and the
    name keys of every code but the one being named."""

    def __init__(self, doc: CodebookDoc) -> None:
        self.ids = {c.id for c, _ in iter_codes(doc) if c.id}
        self.owners: dict[str, set[int]] = {}  # name key -> positions of the codes using it
        for position, (code, _) in enumerate(iter_codes(doc)):
            for text in (code.name, *code.aliases):
                self.owners.setdefault(name_key(text), set()).add(position)
        self.position = -1  # of the code being named, depth first

    def __contains__(self, slug: object) -> bool:
        owners = self.owners.get(slug, set()) if isinstance(slug, str) else set()
        return slug in self.ids or bool(owners - {self.position})

    def assign(self, code: CodeSpec) -> CodeSpec:
        self.position += 1
        cid = code.id or slug_id(code.name, self)
        self.ids.add(cid)
        return replace(code, id=cid, children=tuple(self.assign(c) for c in code.children))


class _Flow(list[Any]):
    """A list written in flow style: ``[a, b]``."""


class _Dumper(yaml.SafeDumper):
    """Block style, sequences indented under their key, no anchors, ``|`` for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


# Plain scalars PyYAML reads as strings but YAML 1.2 readers or other tools may not: y/n, and
# number-like words such as 0o17, -.5, 1e3 (PyYAML already quotes what it would misread itself).
_LOOKS_TYPED = re.compile(r"[yYnN]|[-+]?\.?[0-9][0-9a-zA-Z_.:+-]*")


def _represent_str(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted style by itself when a block literal cannot hold the text
    # (trailing spaces, special characters), and quotes whatever would resolve to another type.
    # Line breaks other than \n must be escaped: PyYAML writes a NEL raw inside single quotes,
    # and reading folds it into a space.
    style: str | None = None
    if any(c in data for c in "\r\x85\u2028\u2029"):
        style = '"'
    elif "\n" in data:
        style = "|"
    elif _LOOKS_TYPED.fullmatch(data):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_flow(dumper: _Dumper, data: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


def dump_codebook(doc: CodebookDoc) -> str:
    """Deterministic YAML for ``doc``: fixed key order, empty optional fields left out, every
    code and theme with an id (see ``assign_ids``), parents written as nesting."""
    doc = assign_ids(doc)
    data: dict[str, Any] = {"codebook": doc.title, "codes": [_code_data(c) for c in doc.codes]}
    if doc.themes:
        data["themes"] = [_theme_data(t) for t in doc.themes]
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000_000,
        indent=2,
    )


def _code_data(code: CodeSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"name": code.name, "id": code.id}
    optional: list[tuple[str, Any]] = [
        ("aliases", _Flow(code.aliases)),
        ("definition", code.definition),
        ("include", code.include),
        ("exclude", code.exclude),
        ("examples", list(code.examples)),
        ("keywords", _Flow(code.keywords)),
        ("patterns", [_Flow(_plain(p)) for p in code.patterns]),
        ("colour", code.colour),
        ("status", code.status),
        ("exclusive", code.exclusive),
        ("children", [_code_data(c) for c in code.children]),
    ]
    data.update((k, v) for k, v in optional if v)
    return data


def _theme_data(theme: ThemeSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"name": theme.name, "id": theme.id}
    optional: list[tuple[str, Any]] = [
        ("definition", theme.definition),
        ("central_concept", theme.central_concept),
        ("scope", theme.scope),
        ("codes", _Flow(theme.codes)),
        ("children", [_theme_data(c) for c in theme.children]),
    ]
    data.update((k, v) for k, v in optional if v)
    return data


def _plain(value: Any) -> Any:
    """Tuples to lists and mappings to dicts, so the safe dumper can write a pattern."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
