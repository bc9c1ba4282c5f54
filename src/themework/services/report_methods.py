"""The report's methods paragraph and reporting checklist, read from the project's record.

Both are built from what the project holds (counts, the audit log, the phase log, snapshots and
the themes), not from what the researcher says of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from themework.analysis.agreement_table import agreement_table as agreement_table
from themework.analysis.analysis_set import CONSENSUS, AnalysisSet
from themework.domain.blind import BlindCoding, blind_record
from themework.domain.narrative import EXTRACT_REF
from themework.domain.plural import plural
from themework.export.checklist import CHECKLIST
from themework.export.model import ChecklistPoint
from themework.services.theme_index import ThemeInfo
from themework.store.models import Project
from themework.store.repos.record import (
    audit_record,
    checklist_record,
    coding_record,
    coding_times,
    quotes_of,
)

if TYPE_CHECKING:
    from themework.analysis.agreement import AgreementReport


def methods_paragraph(
    s: Session,
    project: Project,
    codes: dict[str, Any],
    analysis: AnalysisSet,
    agreement: AgreementReport | None = None,
) -> str:
    """The methods paragraph: what was analysed, by whom, which codings the analyses count;
    with two coders or more, whether they coded independently (blind), the unit agreement
    was computed over (``agreement``, as the report's table gives it) and how disagreements
    were settled; and what the audit log records. ``consensus`` (the coder reconciliation
    records under) is not a coder."""
    counted = coding_record(s, CONSENSUS)
    transcripts, participants, codings, coders = counted[:4]
    audit = audit_record(s)
    status = Counter(c.status for c in codes.values())
    text = (
        f"{plural(transcripts, 'transcript')} from {plural(participants, 'participant')} "
        "were analysed "
        f"using {project.approach} thematic analysis. {plural(coders, 'coder')} applied "
        f"{plural(codings, 'coding')} with {plural(status.get('active', 0), 'active code')}; "
        "over the "
        f"analysis {plural(status.get('merged', 0), 'code')} "
        f"{'was' if status.get('merged', 0) == 1 else 'were'} merged into others and "
        f"{status.get('retired', 0)} retired. {analysis.describe()}"
    )
    reconciled = (counted.excluded_codings, counted.excluded_transcripts)
    text += _between_coders(s, project, coders, reconciled, agreement)
    return text + _audit_trail(
        project, sum(audit.actions.values()), audit.first, audit.last, audit.snapshots
    )


def _between_coders(
    s: Session,
    project: Project,
    coders: int,
    consensus: tuple[int, int],
    agreement: AgreementReport | None,
) -> str:
    """With two coders or more: blind or not, the agreement unit, and how disagreements
    were settled; reconciliation whenever there was some."""
    text = ""
    if coders > 1:
        times = coding_times(s, CONSENSUS)
        text += " " + independence(blind_record(project.settings), times)
        text += " " + agreement_unit(project.approach, agreement)
    if consensus[0]:
        text += (
            " Disagreements were settled by reconciliation: "
            f"{plural(consensus[0], 'agreed coding')} recorded on "
            f"{plural(consensus[1], 'transcript')}."
        )
    elif coders > 1:
        text += " No reconciliation of the coders' disagreements is recorded."
    return text


def _audit_trail(
    project: Project,
    changes: int,
    first: datetime | None,
    last: datetime | None,
    snapshots: list[str],
) -> str:
    """What the audit log, the phase log and the snapshots record."""
    steps = [f"phase {e.get('phase')} on {e.get('date')}" for e in (project.phase_log or [])]
    phases = " and ".join([", ".join(steps[:-1]), steps[-1]] if len(steps) > 1 else steps)
    text = f" The audit log records {plural(changes, 'change')}"
    if first and last:
        a, b = first.date().isoformat(), last.date().isoformat()
        text += f" on {a}" if a == b else f" between {a} and {b}"
    text += "."
    if phases:
        text += f" The researcher recorded moving to {phases}."
    if snapshots:
        text += f" Snapshots of the codebook and themes: {', '.join(snapshots)}."
    return text


def independence(record: BlindCoding, times: Sequence[datetime]) -> str:
    """Whether the coders' codings were made blind, as the project recorded it."""
    if not record.recorded:
        return "Whether coding was independent (blind) was not recorded."
    before = sum(1 for t in times if record.before_first(t))
    blind, total = record.count_blind(times)
    if total and blind == total:
        return "Coding was independent (coders did not see each other's codings)."
    if before == total:
        return (
            "Whether coding was independent (blind) was not recorded: blind coding was "
            "switched on after the codings were made."
        )
    parts = [f"{blind} of {plural(total, 'coding')} were made blind (coders did not see "
             "each other's codings)"]  # fmt: skip
    if before:
        parts.append(f"{before} before blind coding was recorded")
    if total - blind - before:
        parts.append(f"{total - blind - before} while it was off")
    return "; ".join(parts) + "."


def agreement_unit(approach: str, report: AgreementReport | None) -> str:
    """What the agreement figures count, or why there are none."""
    if approach == "reflexive":
        return "Agreement statistics were not computed: the reflexive approach does not use them."
    if report is None or not report.sources:
        return "Agreement was not computed: no transcript was marked done by every coder."
    unit = {"character": "characters", "turn": "turns", "sentence": "sentences"}[report.unit]
    whose = (
        "the participants' turns (interviewers' and facilitators' turns left out)"
        if report.speakers == "participants"
        else "every speaker's turns"
    )
    return (
        f"Agreement was computed with {unit} as units, over {whose}, in the "
        f"{plural(len(report.sources), 'transcript')} every coder marked done."
    )


def checklist_points(
    s: Session, project: Project, themes: list[ThemeInfo]
) -> tuple[ChecklistPoint, ...]:
    """The reporting checklist, each point with the evidence the project holds for it."""
    answers = (project.settings or {}).get("checklist", {})
    total, coded, edits, journal, codings = checklist_record(s)
    defined = sum(1 for t in themes if t.definition and t.central_concept)
    narrated = sum(1 for t in themes if t.narrative.strip())
    single = [t.name for t in themes if len(t.codes) == 1 and not t.children]
    reviewed = sum(1 for t in themes if t.status in ("reviewed", "defined", "final"))
    embedding = sum(1 for t in themes if EXTRACT_REF.search(t.narrative))
    n = len(themes)
    evidence = [
        f"{plural(total, 'transcript')}; {plural(edits, 'correction')} recorded after import",
        f"{coded} of {plural(total, 'transcript')} have at least one coding",
        f"{plural(codings, 'coding')} in all",
        f"{sum(1 for t in themes if t.codes)} of {plural(n, 'theme')} collate codes",
        f"{reviewed} of {plural(n, 'theme')} marked reviewed or beyond",
        f"{defined} of {plural(n, 'theme')} have a definition and a central organising concept; "
        + (f"single-code themes: {', '.join(single)}" if single else "no theme is a single code"),
        f"{narrated} of {plural(n, 'theme')} have an analytic narrative",
        f"{embedding} of {plural(n, 'narrative')} embed extracts",
        f"{plural(n, 'theme')} in a set order",
        _balance(s, themes),
        "phases recorded: "
        + (
            ", ".join(f"{e.get('phase')} ({e.get('date')})" for e in (project.phase_log or []))
            or "none"
        ),
        f"approach recorded as {project.approach}",
        f"approach {project.approach}; agreement statistics "
        + (
            "belong to this approach" if project.approach != "reflexive" else "not used (reflexive)"
        ),
        "the project holds no evidence on this point",
        f"{journal} reflexive journal {'entry' if journal == 1 else 'entries'}",
    ]
    return tuple(
        ChecklistPoint(i, stage, criterion, evidence[i - 1], str(answers.get(str(i), "")))
        for i, (stage, criterion) in enumerate(CHECKLIST, start=1)
    )


def _balance(s: Session, themes: list[ThemeInfo]) -> str:
    """Words of analysis against words of quoted extracts across the narratives."""
    from themework.domain.narrative import extract_ids

    ids = [i for t in themes for i in extract_ids(t.narrative)]
    ids += [e.coding_id for t in themes for e in t.exemplars]
    quoted = sum(len(q.split()) for q in quotes_of(s, ids))
    own = sum(len(EXTRACT_REF.sub("", t.narrative).split()) for t in themes)
    return (f"{plural(own, 'word')} of analytic narrative to {plural(quoted, 'word')} "
            "of quoted extracts")
