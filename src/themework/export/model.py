"""The report as plain data: what the Markdown and JSON renderers both draw from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    coding_id: int
    text: str  # possibly trimmed with [...] elisions; empty when withheld
    attribution: str  # e.g. "P03, School nurse, Site B"
    reference: str  # e.g. "P03, turn 12"
    withheld: bool = False  # the participant did not consent to quotation


@dataclass(frozen=True)
class CodeEntry:
    id: str
    name: str
    definition: str
    parent: str | None = None
    include: str = ""
    exclude: str = ""
    codings: int = 0
    status: str = "active"


@dataclass(frozen=True)
class PrevalenceTable:
    by: str | None
    coders: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class NarrativePart:
    """A piece of narrative Markdown, or an embedded extract (``quote`` set)."""

    markdown: str = ""
    quote: Quote | None = None


@dataclass(frozen=True)
class ThemeSection:
    id: str
    name: str
    status: str
    definition: str
    central_concept: str
    scope: str
    narrative: tuple[NarrativePart, ...]
    subthemes: tuple[ThemeSection, ...]
    codes: tuple[CodeEntry, ...]
    prevalence: PrevalenceTable | None
    exemplars: tuple[Quote, ...]
    depth: int = 0


@dataclass(frozen=True)
class ChecklistPoint:
    number: int
    stage: str
    criterion: str
    evidence: str
    answer: str


@dataclass(frozen=True)
class Report:
    title: str
    question: str
    approach: str
    date: str
    coders: tuple[tuple[str, int], ...]
    themes: tuple[ThemeSection, ...]
    thematic_map: str  # Mermaid source
    codebook: tuple[CodeEntry, ...]
    methods: str
    agreement: tuple[tuple[str, ...], ...] = ()
    matrix: PrevalenceTable | None = None
    checklist: tuple[ChecklistPoint, ...] = ()
    warnings: tuple[str, ...] = field(default=())
