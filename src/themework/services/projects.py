"""The project itself: creation, summary, the phase the researcher says they are in."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from themework.domain.blind import BLIND_KEY, BlindCoding, blind_record
from themework.domain.errors import InputError, ProjectError
from themework.services.audit import now, record
from themework.services.changes import ChangeSet, orm_image
from themework.services.dto import ProjectInfo
from themework.store.models import Project
from themework.store.repos.coders import coder_names
from themework.store.repos.project import change_counter, counts, project_row

if TYPE_CHECKING:
    from themework.services.context import ServiceContext

APPROACHES = ("reflexive", "codebook", "coding-reliability")

PHASES = {
    1: "Familiarise",
    2: "Generate codes",
    3: "Search for themes",
    4: "Review themes",
    5: "Define and name",
    6: "Report",
}


class ProjectService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def create(self, *, name: str, approach: str, question: str) -> None:
        with self.ctx.store.write() as s:
            project = Project(
                name=name,
                question=question,
                approach=approach,
                phase=1,
                phase_log=[{"phase": 1, "date": date.today().isoformat()}],
                settings={},
                change_counter=0,
                created_at=now(),
            )
            s.add(project)
            s.flush()
            changes = ChangeSet()
            changes.inserted("project", orm_image(project))
            record(
                s,
                self.ctx.coder_id(s),
                "project.create",
                f"created project {name}",
                changes,
                undoable=False,
            )

    def _project(self, s: Any) -> Project:
        p = project_row(s)
        if p is None:
            raise ProjectError("the project row is missing: is this a themework project?")
        return p

    def _set_setting(self, s: Any, p: Project, key: str, value: Any, action: str,
                     summary: str) -> None:
        """Store one of the project's settings, in the audit log as ``action``."""
        before = orm_image(p)
        p.settings = {**(p.settings or {}), key: value}
        s.flush()
        changes = ChangeSet()
        changes.updated("project", before, orm_image(p))
        record(s, self.ctx.coder_id(s), action, summary, changes)

    def info(self) -> ProjectInfo:
        with self.ctx.store.read() as s:
            p = self._project(s)
            counted = counts(s)
            coders = tuple(coder_names(s))
            return ProjectInfo(
                name=p.name,
                question=p.question,
                approach=p.approach,
                phase=p.phase,
                location=self.ctx.store.location.display(),
                backend=self.ctx.store.dialect,
                created_at=p.created_at,
                retention_date=p.retention_date,
                transcripts=counted.transcripts,
                participants=counted.participants,
                codes=counted.codes,
                codings=counted.codings,
                themes=counted.themes,
                coders=coders,
                change_counter=p.change_counter,
                phase_log=tuple(p.phase_log or ()),
            )

    def change_counter(self) -> int:
        with self.ctx.store.read() as s:
            return change_counter(s)

    def update(
        self,
        *,
        name: str | None = None,
        question: str | None = None,
        approach: str | None = None,
        phase: int | None = None,
        retention: date | None = None,
        default_coder: str | None = None,
    ) -> ProjectInfo:
        if approach is not None and approach not in APPROACHES:
            raise InputError(f"unknown approach {approach!r}: use one of {', '.join(APPROACHES)}")
        if phase is not None and phase not in PHASES:
            raise InputError("the phase is a number from 1 to 6")
        with self.ctx.store.write() as s:
            p = self._project(s)
            before = orm_image(p)
            for attr, value in (
                ("name", name),
                ("question", question),
                ("approach", approach),
                ("retention_date", retention),
                ("default_coder", default_coder),
            ):
                if value is not None:
                    setattr(p, attr, value)
            if phase is not None and phase != p.phase:
                p.phase = phase
                p.phase_log = [*p.phase_log, {"phase": phase, "date": date.today().isoformat()}]
            s.flush()
            changes = ChangeSet()
            changes.updated("project", before, orm_image(p))
            record(s, self.ctx.coder_id(s), "project.update", "updated project settings", changes)
        return self.info()

    def answer_checklist(self, number: int, answer: str) -> None:
        """The researcher's own answer to a point of Braun and Clarke's checklist."""
        from themework.export.checklist import CHECKLIST

        if not 1 <= number <= len(CHECKLIST):
            raise InputError(f"the checklist has points 1 to {len(CHECKLIST)}")
        with self.ctx.store.write() as s:
            p = self._project(s)
            answers = dict((p.settings or {}).get("checklist", {}))
            answers[str(number)] = answer
            self._set_setting(s, p, "checklist", answers, "project.checklist",
                              f"answered checklist point {number}")

    def blind_coding(self) -> BlindCoding:
        """Whether the team codes blind, and since when (see ``BlindCoding``)."""
        with self.ctx.store.read() as s:
            return blind_record(self._project(s).settings)

    def set_blind_coding(self, on: bool) -> BlindCoding:
        """Record that coders code blind from now on (``on``), or no longer do. While it is
        on, every session hides other coders' codings and counts, as ``--blind`` does."""
        with self.ctx.store.write() as s:
            p = self._project(s)
            current = blind_record(p.settings)
            if current.on == on:
                return current
            entry = {"on": on, "at": now().isoformat(), "by": self.ctx.coder_name(s)}
            self._set_setting(
                s, p, BLIND_KEY, [*current.raw(), entry], "project.blind",
                "blind coding " + ("on: coders do not see each other's codings" if on else "off"),
            )
            return blind_record(p.settings)

    def nlp_setting(self) -> str | None:
        """The trained language pipeline named in the project's settings, if any."""
        from themework.nlp.pipeline import pipeline_setting

        with self.ctx.store.read() as s:
            return pipeline_setting(self._project(s).settings)
