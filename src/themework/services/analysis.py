"""Analysis behind review: prevalence, co-occurrence and the framework matrix.

The service gathers plain rows in a few grouped queries and hands them to the pure
functions in ``themework.analysis``. Every analysis counts the same codings, the analysis
set (``themework.analysis.analysis_set``): consensus codings where a transcript was
reconciled, else the union of the coders; ``coders`` names coders instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy.orm import Session

from themework.analysis import cooccurrence as co
from themework.analysis.analysis_set import CONSENSUS, AnalysisSet, select_columns
from themework.analysis.columns import SpanColumns, distinct, span_columns
from themework.analysis.prevalence import (
    CodedSpan,
    MatrixCell,
    Merger,
    framework_matrix,
    matrix_counts,
    prevalence,
)
from themework.domain.errors import InputError, NotFound
from themework.domain.spans import turn_at
from themework.gcpause import gc_paused
from themework.services.audit import record
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import CaseMatrix, Cooccurrence, Matrix, Prevalence
from themework.store.models import (
    MatrixNote,
    Theme,
)
from themework.store.repos.analysis_counts import (
    code_keys,
    coding_columns,
    participant_names,
    speaking,
    turn_columns,
)
from themework.store.repos.coders import coder_names, coders_by_id
from themework.store.repos.codes import CodeIndex
from themework.store.repos.participants import consents, participant_id
from themework.store.repos.project import change_counter
from themework.store.repos.themes import (
    delete_matrix_note,
    exemplar_codings,
    insert_matrix_note,
    matrix_notes,
    theme_code_links,
)
from themework.store.repos.transcripts import transcript_count
from themework.store.repos.turns import speaker_tables

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

_ID = itemgetter(0)  # a span's coding id


class AnalysisService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        # The last spans read, under the project's change counter and the coder asked for,
        # and whether they were placed in their turns (else their participants are empty):
        # as columns, and as a list once one is asked for.
        self._kept: tuple[
            tuple[int, str | None], bool, SpanColumns, list[CodedSpan] | None
        ] | None = None
        # Each theme's spans of the analysis set and their stretches, under the same counter.
        self._kept_themes: tuple[
            tuple[int | None, tuple[str, ...]], dict[str, SpanColumns], Merger
        ] | None = None

    def kept_columns(
        self, s: Session, coder: str | None = None, placed: bool = True
    ) -> SpanColumns:
        """``columns``, read again only when the project has changed since the last call.

        A report asks for prevalence, the matrix and agreement one after another, and the
        Review screen redraws on every change; the spans are the slow part of each. Every
        write records an audit event, which bumps the change counter (the TUI's polling
        relies on the same rule), and the counter is read in the caller's transaction, so
        a hit is never stale. Spans kept placed serve a call that needs them unplaced.
        """
        key = (change_counter(s), coder)
        kept = self._kept
        if kept is None or kept[0] != key or (placed and not kept[1]):
            kept = self._kept = (key, placed, self.columns(s, coder, placed), None)
        return kept[2]

    def coded_spans(
        self, s: Session, coder: str | None = None, placed: bool = True
    ) -> list[CodedSpan]:
        """``kept_columns`` as a list of spans (kept too)."""
        cols = self.kept_columns(s, coder, placed)
        assert self._kept is not None
        listed = self._kept[3]
        if listed is None:
            listed = cols.spans()
            self._kept = (*self._kept[:3], listed)
        return list(listed)

    def analysis_columns(
        self, s: Session, coders: Sequence[str] | None = None, placed: bool = True
    ) -> tuple[SpanColumns, AnalysisSet]:
        """The spans of the analysis set (``coders`` by name, else the default rule)."""
        if coders:
            known = set(coder_names(s))
            missing = [c for c in coders if c not in known]
            if missing:
                raise NotFound(f"no coder {', '.join(map(repr, missing))}")
        return select_columns(self.kept_columns(s, placed=placed), coders)

    def analysis_spans(
        self, s: Session, coders: Sequence[str] | None = None, placed: bool = True
    ) -> tuple[list[CodedSpan], AnalysisSet]:
        """``analysis_columns`` as a list of spans."""
        cols, chosen = self.analysis_columns(s, coders, placed)
        if cols is self.kept_columns(s, placed=placed):  # all of them: the list is kept
            return self.coded_spans(s, placed=placed), chosen
        return cols.spans(), chosen

    def analysis_set(self, coders: Sequence[str] | None = None) -> AnalysisSet:
        """What the analyses count (for the report's methods paragraph)."""
        with self.ctx.store.read() as s:
            return self.analysis_columns(s, coders)[1]

    # -- gathering -------------------------------------------------------------------------
    @staticmethod
    def spans(s: Session, coder: str | None = None, placed: bool = True) -> list[CodedSpan]:
        """Every coding (or one coder's) with the participants speaking in the text it covers,
        in order of place (``columns``)."""
        return AnalysisService.columns(s, coder, placed).spans()

    @staticmethod
    @gc_paused()
    def columns(s: Session, coder: str | None = None, placed: bool = True) -> SpanColumns:
        """``spans`` as columns. Not ``placed``: every participant set is empty, for analyses
        of the text alone (reading the turns is half the time)."""
        return span_columns(
            coding_columns(s, coder), turn_columns(s) if placed else None, speaking(s),
            participant_names(s), code_keys(s), coders_by_id(s),
        )

    def _themed(
        self, s: Session, spans: SpanColumns, coders: Sequence[str] | None
    ) -> tuple[list[Theme], dict[str, SpanColumns], Merger]:
        """Themes in order, each theme's spans (``spans``: the analysis set for ``coders``)
        and their stretches as they are made, kept like the spans under the change counter:
        a report merges them for its prevalence tables and again for its matrix."""
        themes, members = self.theme_members(s)
        key = (self._kept[0][0] if self._kept else None, tuple(coders or ()))
        kept = self._kept_themes
        if kept is None or kept[0] != key:
            items = self._split(spans, {t.key: members[t.key] for t in themes})
            kept = self._kept_themes = (key, items, Merger(ordered=True, sets=spans.sets))
        return themes, kept[1], kept[2]

    @staticmethod
    def _split(spans: SpanColumns, members: dict[str, set[str]]) -> dict[str, SpanColumns]:
        """Each item's spans (those of its codes, ``members``), in order of place."""
        code_of = {k: i for i, k in spans.codes.items()}
        return {
            item: spans.take(np.flatnonzero(np.isin(
                spans.code, [code_of[c] for c in codes if c in code_of])))
            for item, codes in members.items()
        }

    @staticmethod
    def _attributes(s: Session) -> dict[str, dict[str, str]]:
        return {p.pseudonym: dict(p.attributes) for p in consents(s)}

    @staticmethod
    def theme_members(s: Session) -> tuple[list[Theme], dict[str, set[str]]]:
        """Non-discarded themes in order, and each theme's code ids including its
        sub-themes' codes."""
        from themework.store.repos.themes import ThemeIndex

        tindex = ThemeIndex(s)
        codes = CodeIndex(s)
        direct: dict[int, set[str]] = {}
        for theme_id, links in theme_code_links(s).items():
            direct[theme_id] = {codes.by_id[code_id].key for _, code_id in links}
        themes = [t for t in tindex.ordered() if t.status != "discarded"]
        members: dict[str, set[str]] = {}
        for t in themes:
            todo, got = [t.id], set()
            while todo:
                cur = todo.pop()
                got |= direct.get(cur, set())
                todo += [x.id for x in themes if x.parent_id == cur]
            members[t.key] = got
        return themes, members

    # -- prevalence ------------------------------------------------------------------------
    @gc_paused()
    def prevalence(
        self, level: str = "theme", *, by: str | None = None, per_coder: bool = False,
        coders: Sequence[str] | None = None,
    ) -> Prevalence:
        """Prevalence over the analysis set; ``per_coder`` counts each coder's own codings
        apart (``consensus`` only when named in ``coders``)."""
        if level not in ("theme", "code"):
            raise InputError("prevalence is of themes or codes")
        with self.ctx.store.read() as s:
            if per_coder and not coders:
                own = sorted(set(self.kept_columns(s).coders.values()) - {CONSENSUS})
                spans, chosen = self.analysis_columns(s, own)
            else:
                spans, chosen = self.analysis_columns(s, coders)
            attrs = self._attributes(s)
            total = transcript_count(s)
            if by is not None and not any(by in a for a in attrs.values()):
                raise InputError(f"no participant has the attribute {by!r}")
            items: Mapping[str, Sequence[CodedSpan]]
            if level == "code":
                index = CodeIndex(s)
                names = {c.key: c.name for c in index.codes if c.status == "active"}
                # every active code, and any other with codings
                coded = [spans.codes[c] for c in distinct(spans.code).tolist()]
                items = self._split(spans, {k: {k} for k in [*names, *coded]})
                merge = Merger(ordered=True, sets=spans.sets)
            else:
                themes, items, merge = self._themed(s, spans, coders)
                names = {t.key: t.name for t in themes}
        rows = prevalence(items, attrs, by=by, per_coder=per_coder, merge=merge)
        return Prevalence(
            level, by, "per-coder" if per_coder else "union", names, total, tuple(rows), chosen
        )

    # -- co-occurrence ---------------------------------------------------------------------
    @gc_paused()
    def cooccurrence(
        self, unit: str = "overlap", coders: Sequence[str] | None = None
    ) -> Cooccurrence:
        if unit not in ("overlap", "turn"):
            raise InputError("the unit is overlap or turn")
        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            names = {c.key: c.name for c in index.codes}
            # Where the codings lie in the text is all that counts, not who speaks there.
            if unit == "overlap":
                cols, chosen = self.analysis_columns(s, coders, placed=False)
                pairs = co.overlap_columns(cols.where, cols.code, cols.start, cols.end, cols.codes)
            else:
                spans, chosen = self.analysis_spans(s, coders, placed=False)
                turns = speaker_tables(s)
                units = []
                for sp in spans:
                    starts, _ = turns.get(sp.transcript, ([], []))
                    first, last = turn_at(starts, sp.start), turn_at(starts, sp.end - 1)
                    # A turn's place in its transcript identifies it (turns number in order).
                    for i in range(max(first, 0), last + 1):
                        units.append((sp.transcript, i, sp.code))
                pairs = co.by_turn(units)
        return Cooccurrence(unit, names, tuple(pairs), chosen)

    # -- framework matrix ------------------------------------------------------------------
    @gc_paused()
    def matrix(self, by: str | None = None, coders: Sequence[str] | None = None) -> Matrix:
        with self.ctx.store.read() as s:
            spans, chosen = self.analysis_columns(s, coders)
            attrs = self._attributes(s)
            themes, items, merge = self._themed(s, spans, coders)
            rows_of: dict[str, str | None] = {
                p: (a.get(by) if by else p) for p, a in attrs.items()
            }
            exemplars = exemplar_codings(s)
            notes = matrix_notes(s) if by is None else {}
            cells = framework_matrix(items, rows_of, exemplars, notes, merge)
        # Rows in order, each row's themes in theme order: the cells put in theme order
        # first, then a stable sort by row alone (a sort keyed by both took a quarter of
        # the matrix of 10,000 participants).
        in_theme: dict[str, list[MatrixCell]] = {t.key: [] for t in themes}
        for cell in cells:
            in_theme[cell.theme].append(cell)
        cells = sorted((c for t in themes for c in in_theme[t.key]), key=attrgetter("row"))
        return Matrix(
            by, tuple((t.key, t.name) for t in themes),
            tuple(sorted({c.row for c in cells})), tuple(cells), chosen,
        )

    def matrix_counts(
        self, coders: Sequence[str] | None = None
    ) -> tuple[list[tuple[str, str]], list[str], dict[tuple[str, str], int]]:
        """``matrix`` by participant as the extracts alone: themes (id, name) in order,
        participants in order, and extracts by (participant, theme) where there are any."""
        with self.ctx.store.read() as s:
            spans, _ = self.analysis_columns(s, coders)
            people = sorted(self._attributes(s))
            themes, items, merge = self._themed(s, spans, coders)
        counts = matrix_counts(items, {p: p for p in people}, merge)
        return [(t.key, t.name) for t in themes], people, counts

    def case_matrix(self) -> CaseMatrix:
        """Every participant by every active code (and any other code with codings)."""
        from themework.analysis.case_matrix import case_counts

        with self.ctx.store.read() as s:
            spans = self.coded_spans(s)
            people = sorted(self._attributes(s))
            coded = {sp.code for sp in spans}
            codes = tuple(
                (c.key, c.name) for c in CodeIndex(s).ordered()
                if c.status == "active" or c.key in coded
            )
        counts = case_counts(spans)
        return CaseMatrix(
            codes, tuple(people),
            tuple(tuple(counts.get((p, k), 0) for k, _ in codes) for p in people),
        )

    def matrix_note(self, participant: str, theme: str, text: str) -> None:
        from themework.store.repos.themes import ThemeIndex

        with self.ctx.store.write() as s:
            pid = participant_id(s, participant)
            if pid is None:
                raise NotFound(f"no participant {participant!r}")
            t = ThemeIndex(s).get(theme)
            changes = ChangeSet()
            old = s.get(MatrixNote, (pid, t.id))
            if old is not None:
                changes.deleted("matrix_note", orm_image(old))
                delete_matrix_note(s, pid, t.id)
            if text.strip():
                row = {"participant_id": pid, "theme_id": t.id, "text": text}
                insert_matrix_note(s, row)
                changes.inserted("matrix_note", row)
            record(s, self.ctx.coder_id(s), "matrix.note",
                   f"matrix note for {participant} on {t.name}", changes)


