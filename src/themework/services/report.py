"""Building the findings report (phase 6) from the project, for Markdown or JSON."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from themework.analysis.analysis_set import CONSENSUS
from themework.domain.narrative import narrative_pieces
from themework.domain.spans import turn_at
from themework.export.mermaid import thematic_map
from themework.export.model import (
    NarrativePart,
    PrevalenceTable,
    Quote,
    Report,
)
from themework.gcpause import gc_paused
from themework.services.codes import code_infos
from themework.services.report_methods import (
    agreement_table,
    checklist_points,
    methods_paragraph,
)
from themework.services.report_sections import Sections, codebook_entries
from themework.services.theme_index import ThemeInfo, theme_infos
from themework.store.repos.audit import last_event_at
from themework.store.repos.extract_rows import coding_source
from themework.store.repos.participants import consents
from themework.store.repos.project import project_row
from themework.store.repos.record import codings_per_coder
from themework.store.repos.turns import turn_tables

if TYPE_CHECKING:
    from themework.analysis.agreement import AgreementReport
    from themework.services.analysis import AnalysisService
    from themework.services.code_ops import CodeOpsService
    from themework.services.context import ServiceContext
    from themework.services.projects import ProjectService
    from themework.services.team import TeamService

DEFAULT_ATTRIBUTION = "{participant}, {role}, {site}"
_FIELD = re.compile(r"\{(\w+)\}")


class ReportService:
    def __init__(
        self,
        ctx: ServiceContext,
        *,
        projects: ProjectService,
        analysis: AnalysisService,
        team: TeamService,
        codes: CodeOpsService,
    ) -> None:
        self.ctx = ctx
        self.projects = projects
        self.analysis = analysis
        self.team = team
        self.codes = codes

    @gc_paused()  # a matrix cell per participant and theme: 8,000 at 1,000 transcripts
    def build(
        self,
        *,
        themes: Sequence[str] = (),
        quotes: int = 3,
        by: str | None = None,
        on_date: date | None = None,
        min_cell: int = 3,
        attribution: str | None = None,
        prevalence: bool | None = None,
        coders: Sequence[str] | None = None,
    ) -> Report:
        """The report; its prevalence tables and matrix count the analysis set (``coders``
        by name, else consensus codings where reconciled and every coder's elsewhere), and
        the methods paragraph says which."""
        info = self.projects.info()
        show_prev = prevalence if prevalence is not None else info.approach != "reflexive"
        prev = self.analysis.prevalence("theme", by=by, coders=coders) if show_prev else None
        percentages = prev is not None and info.approach != "reflexive"
        matrix = (
            self._matrix_table(coders) if info.approach == "codebook" and not themes else None
        )
        chosen = prev.analysis_set if prev is not None else self.analysis.analysis_set(coders)
        coder_counts = self._coder_counts()
        agreement_report = self._agreement_report(info.approach, [n for n, _ in coder_counts])
        # Everything else, the quotes included, is read in one transaction: a quote read
        # after it closed would hold a connection open for as long as the session lived.
        with self.ctx.store.read() as s:
            project = project_row(s)
            assert project is not None
            template = (
                attribution or (project.settings or {}).get("attribution") or DEFAULT_ATTRIBUTION
            )
            ctx = _Context(s, template)
            all_themes = theme_infos(s)
            wanted = set(themes)
            _refuse_unknown_themes(wanted, all_themes)
            codes = {c.id: c for c in code_infos(s, include_retired=True)}
            report_date = _report_date(s, on_date)
            methods = methods_paragraph(s, project, codes, chosen, agreement_report)
            checklist = checklist_points(s, project, all_themes)
            sections = Sections(ctx, all_themes, codes, prev, quotes, min_cell, percentages)
            chapters = sections.chapters(wanted)
        warnings = tuple(sorted(ctx.warnings))
        agreement = self._agreement(agreement_report)
        return Report(
            title=info.name,
            question=info.question,
            approach=info.approach,
            date=report_date,
            coders=coder_counts,
            themes=chapters,
            thematic_map=thematic_map(chapters),
            codebook=codebook_entries(codes),
            methods=methods,
            matrix=matrix,
            checklist=checklist,
            warnings=warnings,
            agreement=agreement,
        )

    def _coder_counts(self) -> tuple[tuple[str, int], ...]:
        """Each coder's number of codings, by name."""
        with self.ctx.store.read() as s:
            return tuple(codings_per_coder(s, CONSENSUS))  # never counted as a coder

    def _agreement_report(self, approach: str, coders: list[str]) -> AgreementReport | None:
        """Agreement where the approach uses it: two or more coders, character level, the
        participants' turns, over the transcripts every coder marked done."""
        coders = [c for c in coders if c != CONSENSUS]
        if approach == "reflexive" or len(coders) < 2:
            return None
        return self.team.agreement(coders)

    def _agreement(self, report: AgreementReport | None) -> tuple[tuple[str, ...], ...]:
        """The agreement table of the methods appendix (none without figures)."""
        if report is None or not report.sources:
            return ()
        names = {c.id: c.name for c in self.codes.list(include_retired=True)}
        return agreement_table(report, names)

    def _matrix_table(self, coders: Sequence[str] | None = None) -> PrevalenceTable:
        themes, people, counts = self.analysis.matrix_counts(coders)
        rows = tuple(
            (row, *(str(counts.get((row, key), 0)) for key, _ in themes))
            for row in (people if themes else ())  # no themes, no cells and no rows
        )
        return PrevalenceTable(
            None,
            "union",
            ("Participant", *(name for _, name in themes)),
            rows,
            "Extracts per participant and theme (overlapping codings counted once).",
        )


class _Context:
    """Quotes with attribution, consent and re-identification checks."""

    def __init__(self, s: Session, template: str) -> None:
        self.s = s
        self.template = template
        self.warnings: set[str] = set()
        people = consents(s)
        self.attrs = {p: dict(a) for p, a, _ in people}
        self.consent = {p: c for p, _, c in people}
        self.tables: dict[str, Any] = {}

    def attribution(self, participant: str | None) -> str:
        if participant is None:
            return "Interviewer"
        attrs = {"participant": participant, **self.attrs.get(participant, {})}
        fields = _FIELD.findall(self.template)
        parts = [attrs.get(f, "") for f in fields]
        text = self.template
        for f, v in zip(fields, parts, strict=True):
            text = text.replace("{" + f + "}", v)
        text = re.sub(r"(,\s*)+$", "", re.sub(r"(,\s*){2,}", ", ", text)).strip(" ,")
        described: dict[str, str] = {
            f: attrs[f] for f in fields if f != "participant" and attrs.get(f)
        }
        if described:
            same = [
                p for p, a in self.attrs.items() if all(a.get(f) == v for f, v in described.items())
            ]
            if len(same) == 1:
                self.warnings.add(
                    f"the attribution '{', '.join(described.values())}' describes a single "
                    f"person in the study ({participant})"
                )
        return text

    def quote(self, coding_id: int, trimmed: str | None = None) -> Quote:
        row = coding_source(self.s, coding_id)
        if row is None:
            return Quote(coding_id, "", "unknown extract", f"extract {coding_id}", withheld=True)
        tid, start, end, text, tname = row
        if tid not in self.tables:
            self.tables.update(turn_tables(self.s, {tid}))
        starts, info = self.tables.get(tid, ([], []))
        i = turn_at(starts, start)
        number, _speaker, participant = info[i] if i >= 0 else (None, None, None)
        if number is None:
            reference = tname
        elif tname == participant:  # a one-to-one interview named after its participant
            reference = f"turn {number}"
        else:
            reference = f"{tname}, turn {number}"
        # Everyone whose words the extract holds must have consented, not only the speaker
        # of its first turn: an extract can run on into the next speaker's turn.
        last = turn_at(starts, end - 1)
        speakers = [info[j][2] for j in range(max(i, 0), last + 1)]
        refused = [p for p in speakers if p is not None and not self.consent.get(p, True)]
        if refused:
            return Quote(coding_id, "", self.attribution(refused[0]), reference, withheld=True)
        attribution = self.attribution(participant)
        quoted = (trimmed or text).strip()
        self._check(quoted, f"{attribution} ({reference})")
        return Quote(coding_id, quoted, attribution, reference)

    def _check(self, quoted: str, reference: str) -> None:
        """Every exported quote passes the pseudonymisation check, or is named here."""
        from themework.nlp.identifiers import check

        for f in check(quoted):
            self.warnings.add(
                f"the quote from {reference} may hold an identifier ({f.kind}, {f.confidence}): "
                f"{f.text}"
            )

    def narrative(self, text: str) -> tuple[tuple[NarrativePart, ...], set[int]]:
        parts: list[NarrativePart] = []
        embedded: set[int] = set()
        for piece in narrative_pieces(text):
            if isinstance(piece, str):
                parts.append(NarrativePart(markdown=piece))
            else:
                embedded.add(piece)
                parts.append(NarrativePart(quote=self.quote(piece)))
        return tuple(parts), embedded


def _refuse_unknown_themes(wanted: set[str], all_themes: list[ThemeInfo]) -> None:
    if wanted:
        known = {t.id for t in all_themes} | {t.name for t in all_themes}
        missing = sorted(wanted - known)
        if missing:
            from themework.domain.errors import NotFound

            raise NotFound(f"no theme {', '.join(map(repr, missing))}")


def _report_date(s: Session, on_date: date | None) -> str:
    """The given date, else the day of the project's last change, so that rebuilding an
    unchanged project gives the same report."""
    last = last_event_at(s)
    return (on_date or (last.date() if last else date.today())).isoformat()
