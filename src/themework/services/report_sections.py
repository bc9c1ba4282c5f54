"""The findings report's theme chapters, codebook appendix and prevalence tables, laid out
from what ``ReportService.build`` read (no queries of their own: quotes come through the
report's quote source, inside its transaction)."""

from __future__ import annotations

from typing import Any, Protocol

from themework.domain.figures import percent
from themework.domain.plural import plural
from themework.export.model import CodeEntry, NarrativePart, PrevalenceTable, Quote, ThemeSection
from themework.services.codes import CodeInfo
from themework.services.theme_index import ThemeInfo


class QuoteSource(Protocol):
    def quote(self, coding_id: int, trimmed: str | None = None) -> Quote: ...

    def narrative(self, text: str) -> tuple[tuple[NarrativePart, ...], set[int]]: ...


class Sections:
    """The report's theme chapters, each with its sub-themes, codes, prevalence and quotes."""

    def __init__(
        self,
        ctx: QuoteSource,
        all_themes: list[ThemeInfo],
        codes: dict[str, CodeInfo],
        prev: Any,
        quotes: int,
        min_cell: int,
        percentages: bool,
    ) -> None:
        self.ctx = ctx
        self.all_themes = all_themes
        self.by_id = {t.id: t for t in all_themes}
        self.codes = codes
        self.prev = prev
        self.quotes = quotes
        self.min_cell = min_cell
        self.percentages = percentages

    def chapters(self, wanted: set[str]) -> tuple[ThemeSection, ...]:
        """The themes asked for by id or name, else every top-level theme."""
        by_id = self.by_id
        tops = [
            t
            for t in self.all_themes
            # (a theme whose parent was discarded before discarding lifted sub-themes
            # counts as a top-level theme rather than vanishing)
            if ((t.parent is None or t.parent not in by_id) and not wanted)
            or t.id in wanted
            or t.name in wanted
        ]
        return tuple(self.section(t, 0) for t in tops)

    def section(self, t: ThemeInfo, depth: int) -> ThemeSection:
        codes = self.codes
        entries = tuple(
            CodeEntry(
                c,
                codes[c].name,
                codes[c].definition,
                codes[c].parent,
                codes[c].include,
                codes[c].exclude,
                codes[c].codings,
                codes[c].status,
            )
            for c in t.codes
            if c in codes
        )
        parts, embedded = self.ctx.narrative(t.narrative)
        exemplars = tuple(
            self.ctx.quote(e.coding_id, e.trimmed)
            for e in t.exemplars
            if e.coding_id not in embedded
        )[: self.quotes]
        prev = self.prev
        return ThemeSection(
            t.id,
            t.name,
            t.status,
            t.definition,
            t.central_concept,
            t.scope,
            parts,
            tuple(self.section(self.by_id[c], depth + 1) for c in t.children if c in self.by_id),
            entries,
            prevalence_table(prev, t.id, self.min_cell, self.percentages) if prev else None,
            exemplars,
            depth,
        )


def codebook_entries(codes: dict[str, CodeInfo]) -> tuple[CodeEntry, ...]:
    """The codebook appendix: every code but the merged ones, parents by name."""
    return tuple(
        CodeEntry(
            c.id,
            c.name,
            c.definition,
            codes[c.parent].name if c.parent else None,
            c.include,
            c.exclude,
            c.codings,
            c.status,
        )
        for c in codes.values()
        if c.status != "merged"
    )


def prevalence_table(prev: Any, theme: str, min_cell: int, percentages: bool) -> PrevalenceTable:
    mine = [r for r in prev.rows if r.item == theme]
    small = {r.group for r in mine if r.group is not None and r.participants_total < min_cell}
    if len(small) == 1:
        # One hidden group could be worked out from the total and the other groups: hide
        # the smallest other group as well (complementary suppression).
        others = sorted(
            (r.participants_total, str(r.group))
            for r in mine
            if r.group is not None and r.group not in small
        )
        if others:
            small.add(next(r.group for r in mine if str(r.group) == others[0][1]))
    rows = []
    for r in mine:
        label = "All participants" if r.group is None else str(r.group)
        if r.group in small:
            rows.append(
                (
                    label,
                    f"fewer than {min_cell}" if r.participants_total < min_cell else "not shown",
                    "-",
                    "-",
                )
            )
            continue
        share = f"{r.participants} of {r.participants_total}"
        if percentages and r.participants_total:
            share += f" ({percent(r.participants, r.participants_total)})"
        rows.append((label, share, str(r.transcripts), str(r.extracts)))
    note = "Extracts are stretches of text; overlapping codings of the theme count once. "
    note += (
        "Each coder's codings are counted separately."
        if prev.coders == "per-coder"
        else "All coders' codings are counted together."
    )
    if small:
        note += (
            f" Groups of fewer than {plural(min_cell, 'participant')} are not shown, nor any group "
            "from which they could be worked out."
        )
    return PrevalenceTable(
        prev.by,
        prev.coders,
        (prev.by or "Group", "Participants", "Transcripts", "Extracts"),
        tuple(rows),
        note,
    )
