"""Team work: who codes which transcript, how far they have got, and how far they agree."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from themework.analysis.agreement import (
    AgreementReport,
    UnitList,
    UnitSpace,
    character_agreement,
    unit_agreement,
)
from themework.domain.errors import InputError
from themework.domain.plural import plural
from themework.services.audit import record
from themework.services.changes import ChangeSet, orm_image
from themework.store.models import Assignment, Coder, Coding, Transcript, Turn
from themework.store.repos.codes import CodeIndex
from themework.store.repos.transcripts import transcript_id, transcript_row

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

STATUSES = ("not-started", "in-progress", "done")
UNITS = ("character", "turn", "sentence")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


@dataclass(frozen=True)
class StatusRow:
    transcript: str
    coder: str
    status: str


class TeamService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def assign(self, coder: str, transcripts: Sequence[str]) -> int:
        """Give a coder transcripts to code (status not-started); returns how many are new."""
        with self.ctx.store.write() as s:
            coder_id = self.ctx.coder_id(s, coder)
            changes = ChangeSet()
            for name in transcripts:
                t = transcript_row(s, name)
                if s.get(Assignment, (t.id, coder_id)) is None:
                    a = Assignment(transcript_id=t.id, coder_id=coder_id, status="not-started")
                    s.add(a)
                    s.flush()
                    changes.inserted("assignment", orm_image(a))
            record(
                s,
                self.ctx.coder_id(s),
                "assign",
                f"assigned {plural(len(changes.changes), 'transcript')} to {coder}",
                changes,
            )
            return len(changes.changes)

    def set_status(self, transcript: str, status: str, coder: str | None = None) -> StatusRow:
        if status not in STATUSES:
            raise InputError(f"a status is one of {', '.join(STATUSES)}")
        with self.ctx.store.write() as s:
            t = transcript_row(s, transcript)
            coder_id = self.ctx.coder_id(s, coder)
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
                self.ctx.coder_id(s),
                "transcript.status",
                f"{t.name}: {status} for {name}",
                changes,
            )
            return StatusRow(t.name, name, status)

    def statuses(self) -> list[StatusRow]:
        with self.ctx.store.read() as s:
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
    ) -> AgreementReport:
        """Agreement between coders over the transcripts they all marked done."""
        if unit not in UNITS:
            raise InputError(f"the unit is one of {', '.join(UNITS)}")
        if len(set(coders)) < 2:
            raise InputError("agreement needs at least two different coders")
        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            code_keys = [index.get(c).key for c in codes] or None
            names = dict(s.execute(select(Transcript.id, Transcript.name)).all())
            wanted = {transcript_id(s, t) for t in transcripts} or set(names)
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
            utterances: dict[str, list[tuple[int, int]]] = {}
            for tid, start, end in s.execute(
                select(Turn.transcript_id, Turn.start, Turn.end).where(
                    Turn.transcript_id.in_(wanted)
                )
            ).all():
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
        if unit == "character":
            spaces = [
                UnitSpace(names[tid], tuple(sorted(spans)), frozenset(done.get(tid, set())))
                for tid, spans in utterances.items()
            ]
            return character_agreement(codings, spaces, coders, code_keys)
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
        return unit_agreement(decisions, lists, coders, code_keys, unit=unit)
