"""The service facade: open or create a project and reach every use case from one object.

The CLI and the TUI build one ``Workbench`` and call its services; tests do the same. The
services themselves are built from the workbench's ``ServiceContext`` (the store and who is
working) and from the other services they need, never from the workbench.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from themework.domain.errors import ProjectError
from themework.services.context import ServiceContext
from themework.services.projects import APPROACHES
from themework.store.engine import Store, create_private_file, make_engine
from themework.store.location import Location
from themework.store.migrate import create_schema, ensure_current, probe_sqlite

if TYPE_CHECKING:
    from collections.abc import Callable

    from themework.services.analysis import AnalysisService
    from themework.services.backups import BackupService
    from themework.services.code_ops import CodeOpsService
    from themework.services.codebook import CodebookService
    from themework.services.coding import CodingService
    from themework.services.copying import CopyReport
    from themework.services.drafts import DraftService
    from themework.services.history import HistoryService
    from themework.services.language import LanguageService
    from themework.services.memos import MemoService
    from themework.services.participants import ParticipantService
    from themework.services.project_merge import MergeReport
    from themework.services.projects import ProjectService
    from themework.services.reconcile import ReconcileService
    from themework.services.refi import RefiService
    from themework.services.report import ReportService
    from themework.services.snapshots import SnapshotService
    from themework.services.team import TeamService
    from themework.services.themes import ThemeService
    from themework.services.transcripts import TranscriptService



class Workbench:
    def __init__(self, store: Store, coder: str | None = None) -> None:
        self.context = ServiceContext(store, coder)

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls, location: Location, coder: str | None = None, *, insecure: bool = False
    ) -> Workbench:
        if location.path is not None and not location.path.exists():
            raise ProjectError(
                f"{location.display()} does not exist: create it with "
                f"'themework init {location.display()}'"
            )
        if location.path is not None:
            probe_sqlite(location.path, location.display())
        store = Store(location, make_engine(location, insecure=insecure))
        try:
            wb = cls(store, coder)
            wb.last_backup = ensure_current(
                store.engine, location.display(), backup=lambda: wb.backup("upgrade")
            )
        except Exception:
            store.dispose()
            raise
        return wb

    @classmethod
    def init(
        cls,
        location: Location,
        *,
        insecure: bool = False,
        name: str,
        approach: str = "reflexive",
        question: str = "",
        coder: str | None = None,
    ) -> Workbench:
        if approach not in APPROACHES:
            raise ProjectError(f"unknown approach {approach!r}: use one of {', '.join(APPROACHES)}")
        if location.path is not None:
            if location.path.exists():
                raise ProjectError(f"{location.display()} already exists; nothing was changed")
            location.path.parent.mkdir(parents=True, exist_ok=True)
            create_private_file(location.path)
        store = Store(location, make_engine(location, insecure=insecure))
        try:
            with store.engine.connect() as conn:
                from themework.store.migrate import current_revision

                if current_revision(conn) is not None:
                    raise ProjectError(f"{location.display()} already holds a project")
            create_schema(store.engine)
            wb = cls(store, coder)
            wb.projects.create(name=name, approach=approach, question=question)
        except Exception:
            store.dispose()
            if location.path is not None:
                for suffix in ("", "-wal", "-shm"):
                    Path(str(location.path) + suffix).unlink(missing_ok=True)
            raise
        return wb

    @classmethod
    def copy(
        cls,
        source: Location,
        destination: Location,
        progress: Callable[[str, int], None] | None = None,
    ) -> CopyReport:
        """A new project at ``destination`` holding every row of ``source``."""
        from themework.services.copying import check_destination_empty, copy_project

        check_destination_empty(destination)
        with cls.open(source) as src:
            info = src.projects.info()
            with cls.init(destination, name=info.name, approach=info.approach) as dst:
                return copy_project(src.store, dst.store, progress)

    def merge(self, other: Location) -> MergeReport:
        """Another coder's project brought into this one (see ``project_merge``)."""
        from themework.services.project_merge import merge_project

        with Workbench.open(other) as theirs:
            return merge_project(self.context, theirs.store)

    def close(self) -> None:
        self.store.dispose()

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- who is working (the context services are built from holds it) --------------------
    @property
    def store(self) -> Store:
        return self.context.store

    @property
    def last_backup(self) -> Path | None:
        return self.context.last_backup

    @last_backup.setter
    def last_backup(self, path: Path | None) -> None:
        self.context.last_backup = path

    def coder_name(self, session: Session) -> str:
        return self.context.coder_name(session)

    def whoami(self) -> str:
        """The coder this workbench records changes under."""
        with self.store.read() as s:
            return self.context.coder_name(s)

    def coder_id(self, session: Session, name: str | None = None) -> int:
        """The coder's id, created on first use."""
        return self.context.coder_id(session, name)

    def backup(self, reason: str) -> Path | None:
        return self.context.backup(reason)

    # -- services (imported lazily: each front-end command pays only for what it uses) ----
    @cached_property
    def projects(self) -> ProjectService:
        from themework.services.projects import ProjectService

        return ProjectService(self.context)

    @cached_property
    def transcripts(self) -> TranscriptService:
        from themework.services.transcripts import TranscriptService

        return TranscriptService(self.context, projects=self.projects)

    @cached_property
    def participants(self) -> ParticipantService:
        from themework.services.participants import ParticipantService

        return ParticipantService(self.context)

    @cached_property
    def backups(self) -> BackupService:
        from themework.services.backups import BackupService

        return BackupService(self.context)

    @cached_property
    def codebook(self) -> CodebookService:
        from themework.services.codebook import CodebookService

        return CodebookService(self.context)

    @cached_property
    def codes(self) -> CodeOpsService:
        from themework.services.code_ops import CodeOpsService

        return CodeOpsService(self.context)

    @cached_property
    def coding(self) -> CodingService:
        from themework.services.coding import CodingService

        return CodingService(self.context)

    @cached_property
    def memos(self) -> MemoService:
        from themework.services.memos import MemoService

        return MemoService(self.context)

    @cached_property
    def drafts(self) -> DraftService:
        from themework.services.drafts import DraftService

        return DraftService(self.context)

    @cached_property
    def themes(self) -> ThemeService:
        from themework.services.themes import ThemeService

        return ThemeService(self.context)

    @cached_property
    def analysis(self) -> AnalysisService:
        from themework.services.analysis import AnalysisService

        return AnalysisService(self.context)

    @cached_property
    def snapshots(self) -> SnapshotService:
        from themework.services.snapshots import SnapshotService

        return SnapshotService(self.context)

    @cached_property
    def report(self) -> ReportService:
        from themework.services.report import ReportService

        return ReportService(
            self.context,
            projects=self.projects,
            analysis=self.analysis,
            team=self.team,
            codes=self.codes,
        )

    @cached_property
    def team(self) -> TeamService:
        from themework.services.team import TeamService

        return TeamService(self.context)

    @cached_property
    def reconcile(self) -> ReconcileService:
        from themework.services.reconcile import ReconcileService

        return ReconcileService(self.context, memos=self.memos, coding=self.coding)

    @cached_property
    def refi(self) -> RefiService:
        from themework.services.refi import RefiService

        return RefiService(self.context, codebook=self.codebook)

    @cached_property
    def language(self) -> LanguageService:
        from themework.services.language import LanguageService

        return LanguageService(self.context, coding=self.coding)

    @cached_property
    def history(self) -> HistoryService:
        from themework.services.history import HistoryService

        return HistoryService(self.context)
