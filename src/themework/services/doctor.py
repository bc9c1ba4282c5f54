"""What ``doctor`` checks: the project's store and its integrity, and the language pipeline
that identifier checks would use."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from themework.nlp.pipeline import PipelineInfo
    from themework.services.context import ServiceContext
    from themework.services.participants import ParticipantService
    from themework.services.projects import ProjectService


class OpenProject(Protocol):
    """The services doctor reads from an open project (the ``Workbench`` offers them)."""

    @property
    def context(self) -> ServiceContext: ...
    @property
    def projects(self) -> ProjectService: ...
    @property
    def participants(self) -> ParticipantService: ...


def project_health(
    open_project: Callable[[], AbstractContextManager[OpenProject]],
) -> tuple[dict[str, str | None], str | None]:
    """The project's location, backend and integrity (finishing a withdrawal cut short), and
    its language-pipeline setting. A project that cannot be opened is a finding, named by its
    error's class, not a crash: doctor is what a user runs when something is wrong."""
    from themework.services.backups import integrity_problems

    try:
        with open_project() as wb:
            info = wb.projects.info()
            finished = wb.participants.finish_erasure()
            problems = integrity_problems(wb.context)
            return {
                "location": info.location, "backend": info.backend, "problem": None,
                "integrity": "; ".join(problems) or "ok",
                "finished_withdrawal": "yes" if finished else None,
            }, wb.projects.nlp_setting()
    except Exception as exc:
        return {
            "location": None, "backend": None, "problem": type(exc).__name__, "integrity": None
        }, None


def pipeline(setting: str | None) -> PipelineInfo:
    """The pipeline entity checks would use (loaded, so that a broken one shows here)."""
    from themework.nlp.pipeline import describe_pipeline

    return describe_pipeline(setting)
