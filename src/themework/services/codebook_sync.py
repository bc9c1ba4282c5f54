"""Between the project's codes and a ``CodebookDoc``: export, fingerprints, matching.

Pure functions over ORM rows already loaded; the service owns the transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from themework.domain.codebook import CodebookDoc, CodeSpec, ThemeSpec
from themework.domain.text import name_key
from themework.store.models import Code, Theme
from themework.store.repos.codes import CodeIndex


def fingerprint(fields: dict[str, Any]) -> str:
    blob = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _exclusive(fields: dict[str, Any], exclusive: bool) -> dict[str, Any]:
    """Only a true ``exclusive`` takes part, so codes fingerprinted before the field existed
    keep their fingerprints (a load would otherwise see every code as edited)."""
    if exclusive:
        fields["exclusive"] = True
    return fields


def code_fields(code: Code, parent_key: str | None) -> dict[str, Any]:
    return _exclusive({
        "name": code.name,
        "aliases": list(code.aliases),
        "definition": code.definition,
        "include": code.include,
        "exclude": code.exclude,
        "examples": list(code.examples),
        "keywords": list(code.keywords),
        "patterns": list(code.patterns),
        "colour": code.colour,
        "status": code.status,
        "parent": parent_key,
    }, code.exclusive)


def spec_fields(spec: CodeSpec, parent_key: str | None) -> dict[str, Any]:
    return _exclusive({
        "name": spec.name,
        "aliases": list(spec.aliases),
        "definition": spec.definition,
        "include": spec.include,
        "exclude": spec.exclude,
        "examples": list(spec.examples),
        "keywords": list(spec.keywords),
        "patterns": [dict(p) if isinstance(p, dict) else list(p) for p in spec.patterns],
        "colour": spec.colour,
        "status": "retired" if spec.retired else "active",
        "parent": parent_key,
    }, spec.exclusive)


def project_fingerprints(index: CodeIndex) -> dict[str, str]:
    return {
        c.key: fingerprint(code_fields(c, _parent_key(index, c)))
        for c in index.codes
        if c.status != "merged"
    }


def _parent_key(index: CodeIndex, code: Code) -> str | None:
    return index.by_id[code.parent_id].key if code.parent_id else None


def export_doc(
    title: str, index: CodeIndex, themes: list[Theme], theme_codes: dict[int, list[int]]
) -> CodebookDoc:
    children: dict[int | None, list[Code]] = {}
    for c in index.ordered():
        if c.status == "merged":
            continue
        children.setdefault(c.parent_id, []).append(c)

    def build(code: Code) -> CodeSpec:
        return CodeSpec(
            name=code.name,
            id=code.key,
            aliases=tuple(code.aliases),
            definition=code.definition,
            include=code.include,
            exclude=code.exclude,
            examples=tuple(code.examples),
            keywords=tuple(code.keywords),
            patterns=tuple(tuple(p) if isinstance(p, list) else p for p in code.patterns),
            colour=code.colour,
            status="retired" if code.status == "retired" else "",
            exclusive=code.exclusive,
            children=tuple(build(ch) for ch in children.get(code.id, [])),
        )

    kids: dict[int | None, list[Theme]] = {}
    for t in sorted(themes, key=lambda t: (t.sort_order, t.name_key)):
        if t.status != "discarded":
            kids.setdefault(t.parent_id, []).append(t)

    def build_theme(t: Theme) -> ThemeSpec:
        return ThemeSpec(
            name=t.name,
            id=t.key,
            definition=t.definition,
            central_concept=t.central_concept,
            scope=t.scope,
            codes=tuple(index.by_id[cid].key for cid in theme_codes.get(t.id, [])),
            children=tuple(build_theme(ch) for ch in kids.get(t.id, [])),
        )

    return CodebookDoc(
        title,
        tuple(build(c) for c in children.get(None, [])),
        tuple(build_theme(t) for t in kids.get(None, [])),
    )


@dataclass
class Match:
    spec: CodeSpec
    parent: CodeSpec | None
    code: Code | None
    how: str  # id, name, alias, definition, new
    score: float = 100.0


@dataclass
class Plan:
    matches: list[Match] = field(default_factory=list)


def match_specs(specs: list[tuple[CodeSpec, CodeSpec | None]], index: CodeIndex) -> Plan:
    """Pair each spec with a stored code: by id, then by name or alias, then (for a spec
    without id) by a closely matching definition among codes nothing else claimed."""
    plan = Plan()
    claimed: set[int] = set()
    pending: list[Match] = []
    for spec, parent in specs:
        code, how = None, "new"
        if spec.id and spec.id in index.by_key:
            code, how = index.by_key[spec.id], "id"
        elif not spec.id:
            key = name_key(spec.name)
            code = index.by_name.get(key)
            how = "name"
            if code is None:
                code = index.by_alias.get(key)
                how = "alias"
            if code is None:
                for alias in spec.aliases:
                    code = index.by_name.get(name_key(alias))
                    if code is not None:
                        how = "alias"
                        break
            if code is None:
                how = "new"
        if code is not None and code.id in claimed:
            code, how = None, "new"
        if code is not None:
            claimed.add(code.id)
        m = Match(spec, parent, code, how)
        plan.matches.append(m)
        if code is None and not spec.id and spec.definition.strip():
            pending.append(m)
    if pending:
        from rapidfuzz import fuzz

        free = [c for c in index.codes if c.id not in claimed and c.definition.strip()]
        for m in pending:
            best, score = None, 0.0
            for c in free:
                s = fuzz.token_sort_ratio(m.spec.definition, c.definition)
                if s > score and c.id not in claimed:
                    best, score = c, s
            if best is not None and score >= RENAME_THRESHOLD:
                m.code, m.how, m.score = best, "definition", score
                claimed.add(best.id)
    return plan


RENAME_THRESHOLD = 85.0
