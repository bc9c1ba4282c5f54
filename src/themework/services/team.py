"""Team work: who codes which transcript, how far they have got, and how far they agree."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from sqlalchemy import select

from themework.analysis.agreement import (
    AgreementReport,
    UnitList,
    UnitSpace,
    character_agreement,
    unit_agreement,
)
from themework.analysis.agreement_sets import (
    Row,
    SetAgreement,
    character_rows,
    set_agreement,
    unit_rows,
)
from themework.domain.errors import InputError
from themework.services.audit import record
from themework.services.changes import ChangeSet, orm_image
from themework.services.codes import CodeIndex
from themework.services.transcripts import TranscriptService
from themework.store.models import Assignment, Coder, Coding, Speaker, Transcript, Turn

if TYPE_CHECKING:
    from themework.services.workbench import Workbench

STATUSES = ("not-started", "in-progress", "done")
UNITS = ("character", "turn", "sentence")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


@dataclass(frozen=True)
class StatusRow:
    transcript: str
    coder: str
    status: str


class TeamService:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb

    def assign(self, coder: str, transcripts: Sequence[str]) -> int:
        """Give a coder transcripts to code (status not-started); returns how many are new."""
        with self.wb.store.write() as s:
            coder_id = self.wb.coder_id(s, coder)
            changes = ChangeSet()
            for name in transcripts:
                t = TranscriptService._get(s, name)
                if s.get(Assignment, (t.id, coder_id)) is None:
                    a = Assignment(transcript_id=t.id, coder_id=coder_id, status="not-started")
                    s.add(a)
                    s.flush()
                    changes.inserted("assignment", orm_image(a))
            record(
                s,
                self.wb.coder_id(s),
                "assign",
                f"assigned {len(changes.changes)} transcripts to {coder}",
                changes,
            )
            return len(changes.changes)

    def set_status(self, transcript: str, status: str, coder: str | None = None) -> StatusRow:
        if status not in STATUSES:
            raise InputError(f"a status is one of {', '.join(STATUSES)}")
        with self.wb.store.write() as s:
            t = TranscriptService._get(s, transcript)
            coder_id = self.wb.coder_id(s, coder)
            changes = ChangeSet()
            a = s.get(Assignment, (t.id, coder_id))
            if a is None:
                a = Assignment(transcript_id=t.id, coder_id=coder_id, status=status)
                s.add(a)
                s.flush()
                changes.inserted("assignment", orm_image(a))
            else:
                before = orm_image(a)
                a.status = status
                s.flush()
                changes.updated("assignment", before, orm_image(a))
            name = s.get_one(Coder, coder_id).name
            record(
                s,
                self.wb.coder_id(s),
                "transcript.status",
                f"{t.name}: {status} for {name}",
                changes,
            )
            return StatusRow(t.name, name, status)

    def statuses(self) -> list[StatusRow]:
        with self.wb.store.read() as s:
            rows = s.execute(
                select(Transcript.name, Coder.name, Assignment.status)
                .join(Assignment, Assignment.transcript_id == Transcript.id)
                .join(Coder, Coder.id == Assignment.coder_id)
            ).all()
        return sorted(
            (StatusRow(*r) for r in rows), key=lambda r: (r.transcript.casefold(), r.coder)
        )

    def agreement(
        self,
        coders: Sequence[str],
        *,
        unit: str = "character",
        codes: Sequence[str] = (),
        transcripts: Sequence[str] = (),
        all_speakers: bool = False,
        min_coders: int | None = None,
    ) -> AgreementReport:
        """Agreement between coders over the transcripts they all marked done, or at least
        ``min_coders`` of them (the others' values are missing: alpha takes the values
        present, Fleiss' kappa needs complete data and says so).

        The units are the participants' turns (speakers linked to a participant) and what
        lies in them; an interviewer's or facilitator's turn nobody codes would otherwise count
        as agreement that the code is absent. ``all_speakers`` counts every turn.
        """
        if unit not in UNITS:
            raise InputError(f"the unit is one of {', '.join(UNITS)}")
        if len(set(coders)) < 2:
            raise InputError("agreement needs at least two different coders")
        if min_coders is not None and not 2 <= min_coders <= len(set(coders)):
            raise InputError(f"--min-coders is between 2 and {len(set(coders))}")
        with self.wb.store.read() as s:
            index = CodeIndex(s)
            code_keys = [index.get(c).key for c in codes] or None
            sets = _exclusive_sets(index, code_keys)
            names = dict(s.execute(select(Transcript.id, Transcript.name)).all())
            wanted = {TranscriptService._get(s, t).id for t in transcripts} or set(names)
            known = set(s.scalars(select(Coder.name)))
            unknown = [c for c in coders if c not in known]
            if unknown:
                raise InputError(f"no coder named {', '.join(unknown)} in this project")
            done: dict[str, set[str]] = {}
            for tid, coder, status in s.execute(
                select(Assignment.transcript_id, Coder.name, Assignment.status).join(
                    Coder, Coder.id == Assignment.coder_id
                )
            ).all():
                if status == "done":
                    done.setdefault(tid, set()).add(coder)
            # A transcript with no participant's turn still counts, with no units.
            utterances: dict[str, list[tuple[int, int]]] = {tid: [] for tid in wanted}
            turns = select(Turn.transcript_id, Turn.start, Turn.end).where(
                Turn.transcript_id.in_(wanted)
            )
            if not all_speakers:
                turns = turns.join(Speaker, Speaker.id == Turn.speaker_id).where(
                    Speaker.participant_id.is_not(None)
                )
            for tid, start, end in s.execute(turns).all():
                utterances.setdefault(tid, []).append((start, end))
            codings = [
                (names[tid], index.by_id[cid].key, coder, start, end)
                for tid, cid, coder, start, end in s.execute(
                    select(
                        Coding.transcript_id, Coding.code_id, Coder.name, Coding.start, Coding.end
                    )
                    .join(Coder, Coder.id == Coding.coder_id)
                    .where(Coder.name.in_(coders), Coding.transcript_id.in_(wanted))
                ).all()
            ]
            texts = (
                dict(
                    s.execute(
                        select(Transcript.id, Transcript.text).where(Transcript.id.in_(wanted))
                    ).all()
                )
                if unit == "sentence"
                else {}
            )
        speakers = "all" if all_speakers else "participants"
        if unit == "character":
            spaces = [
                UnitSpace(names[tid], tuple(sorted(spans)), frozenset(done.get(tid, set())))
                for tid, spans in utterances.items()
            ]
            report = character_agreement(codings, spaces, coders, code_keys, min_done=min_coders)
            counted = set(report.sources)
            rows = {
                parent: character_rows(
                    ((sp, _judged(sp.done, coders)) for sp in spaces if sp.source in counted),
                    (
                        (source, code, coders.index(coder), start, end)
                        for source, code, coder, start, end in codings
                        if code in children and source in counted
                    ),
                )
                for parent, children in sets.items()
            }
            return replace(report, speakers=speakers, sets=_sets(sets, rows, coders, unit))
        units: dict[str, list[tuple[int, int]]] = {}
        for tid, spans in utterances.items():
            if unit == "turn":
                units[names[tid]] = sorted(spans)
            else:
                text = texts[tid]
                units[names[tid]] = [
                    (a + m.start(), a + m.end())
                    for a, b in sorted(spans)
                    for m in _SENTENCE.finditer(text[a:b])
                    if m.group().strip()
                ]
        lists = [
            UnitList(
                names[tid], tuple(range(len(units[names[tid]]))), frozenset(done.get(tid, set()))
            )
            for tid in utterances
        ]
        decisions = set()

        for source, code, coder, start, end in codings:
            spans = units.get(source, [])
            starts = [a for a, _ in spans]
            i = max(0, bisect.bisect_right(starts, start) - 1)
            while i < len(spans) and spans[i][0] < end:
                if spans[i][1] > start:
                    decisions.add((source, i, code, coder))
                i += 1
        report = unit_agreement(
            decisions, lists, coders, code_keys, unit=unit, min_done=min_coders
        )
        counted = set(report.sources)
        rows = {
            parent: unit_rows(
                (
                    (ul.source, len(ul.units), _judged(ul.done, coders))
                    for ul in lists
                    if ul.source in counted
                ),
                (
                    (source, item, code, coders.index(coder))
                    for source, item, code, coder in decisions
                    if code in children and source in counted
                ),
            )
            for parent, children in sets.items()
        }
        return replace(report, speakers=speakers, sets=_sets(sets, rows, coders, unit))


def _exclusive_sets(index: CodeIndex, wanted: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    """Each exclusive parent code (all, or those in ``wanted``) with its active children."""
    out: dict[str, tuple[str, ...]] = {}
    for code in index.ordered():
        if not code.exclusive or code.status != "active":
            continue
        if wanted is not None and code.key not in wanted:
            continue
        out[code.key] = tuple(
            c.key for c in index.ordered() if c.parent_id == code.id and c.status == "active"
        )
    return out


def _judged(done: frozenset[str], coders: Sequence[str]) -> tuple[bool, ...]:
    return tuple(c in done for c in coders)


def _sets(
    sets: dict[str, tuple[str, ...]],
    rows: dict[str, list[Row]],
    coders: Sequence[str],
    unit: str,
) -> MappingProxyType[str, SetAgreement]:
    return MappingProxyType(
        {
            parent: set_agreement(parent, children, rows[parent], coders, unit)
            for parent, children in sets.items()
        }
    )
