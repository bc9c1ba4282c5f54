"""Team work: who codes which transcript, how far they have got, and how far they agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from themework.domain.errors import InputError
from themework.domain.plural import plural
from themework.services.audit import record
from themework.services.changes import ChangeSet, orm_image
from themework.store.models import Assignment, Coder
from themework.store.repos.coders import statuses
from themework.store.repos.transcripts import transcript_row

if TYPE_CHECKING:
    from themework.analysis.agreement import AgreementReport
    from themework.services.context import ServiceContext

STATUSES = ("not-started", "in-progress", "done")


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
            rows = [StatusRow(r.transcript, r.coder, r.status) for r in statuses(s)]
        return sorted(rows, key=lambda r: (r.transcript.casefold(), r.coder))

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
        """Agreement between coders (``services.agreement.agreement``)."""
        from themework.services.agreement import agreement

        return agreement(
            self.ctx.store,
            coders,
            unit=unit,
            codes=codes,
            transcripts=transcripts,
            all_speakers=all_speakers,
            min_coders=min_coders,
        )
