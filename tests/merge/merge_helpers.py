"""Shared helpers for the codebook merge tests: codebooks from YAML, merged and checked."""

from __future__ import annotations

import textwrap

from themework.domain.codebook import (
    CodebookDoc,
    CodeSpec,
    ThemeSpec,
    assign_ids,
    dump_codebook,
    iter_codes,
    iter_themes,
    lint_codebook,
    parse_codebook,
)
from themework.merge import Decide, MergeResult, merge_codebooks

LABELS = ("a.yaml", "b.yaml", "c.yaml")

TRUST_BUILDING_A = (
    "How workers build trust with young people over time through reliability and honesty."
)
TRUST_BUILDING_B = (
    "How the worker builds trust with young people over time, through honesty and being reliable."
)
POLICE = (
    "Whether young people believe the police will act on what they report, "
    "or fear being criminalised."
)
SHARING_A = (
    "The worker is open with young people about what information is shared, with whom and why."
)
SHARING_B = (
    "Being open with young people about what information will be shared, with whom, "
    "and why it is shared."
)


def cb(source: str, name: str = "cb.yaml") -> CodebookDoc:
    """A codebook from (indented) YAML, loaded as a file would be."""
    return parse_codebook(textwrap.dedent(source).lstrip("\n"), name)


def merge(
    *docs: CodebookDoc,
    base: CodebookDoc | None = None,
    threshold: float = 85,
    decide: Decide | None = None,
) -> MergeResult:
    """Merge ``docs`` labelled a.yaml, b.yaml...; the result must dump lint-clean."""
    result = merge_codebooks(
        list(zip(LABELS, docs, strict=False)), base=base, threshold=threshold, decide=decide
    )
    assert_clean(result.doc)
    return result


def assert_clean(doc: CodebookDoc) -> str:
    """The doc dumps to YAML the linter accepts, loads back as itself and dumps the same."""
    text = dump_codebook(doc)
    assert lint_codebook(text, "merged.yaml") == []
    again = parse_codebook(text, "merged.yaml")
    assert again == assign_ids(doc) == doc
    assert dump_codebook(again) == text
    return text


def codes(doc: CodebookDoc) -> dict[str, CodeSpec]:
    return {c.name: c for c, _ in iter_codes(doc)}


def parents(doc: CodebookDoc) -> dict[str, str | None]:
    return {c.name: (p.name if p else None) for c, p in iter_codes(doc)}


def themes(doc: CodebookDoc) -> dict[str, ThemeSpec]:
    return {t.name: t for t, _ in iter_themes(doc)}
