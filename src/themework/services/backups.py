"""The project's own backups: list them, restore one, and check a project's integrity.

SQLite projects get a compacted, owner-only copy (``VACUUM INTO``, see store/backup.py)
before every destructive operation: a codebook load that deletes or overwrites codes, a
project merge, a transcript replaced or edited, a schema upgrade. A withdrawal is never
backed up: it removes every backup instead, since each one holds the participant.

PostgreSQL projects are not copied by themework: a copy inside the same server would keep
withdrawn participants' rows where the erasure cannot reach them, and a copy outside it is
the server's job (``pg_dump``, base backups). ``list`` and ``restore`` say so.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from themework.domain.errors import NotFound, ProjectError
from themework.domain.plural import plural
from themework.services.context import ServiceContext
from themework.store import backup as files
from themework.store.repos.project import settings as project_settings
from themework.store.repos.record import broken_codings, sqlite_checks

PG_ADVICE = (
    "themework backs up SQLite projects only: back up a PostgreSQL project with the "
    "server's tools (pg_dump -Fc DATABASE > study.dump, restored with pg_restore)"
)


@dataclass(frozen=True)
class BackupInfo:
    id: str
    reason: str
    made: datetime
    size: int
    path: str


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    saved: BackupInfo | None  # the project as it was just before the restore


def _info(db_path: Path, path: Path) -> BackupInfo:
    ident = path.stem.removeprefix(f"{db_path.stem}-")
    stamp, _, reason = ident.partition("-")
    try:
        made = datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    except ValueError:
        made = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupInfo(ident, reason, made, path.stat().st_size, str(path))


class BackupService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _path(self) -> Path:
        path = self.ctx.store.location.path
        if path is None:
            raise ProjectError(PG_ADVICE)
        return path

    def list(self) -> list[BackupInfo]:
        """The backups next to the project, newest first."""
        db = self._path()
        return [_info(db, p) for p in reversed(files.list_backups(db))]

    def find(self, ident: str) -> BackupInfo:
        found = [b for b in self.list() if b.id == ident] or [
            b for b in self.list() if b.id.startswith(ident)
        ]
        if len(found) != 1:
            what = "no backup" if not found else f"{len(found)} backups"
            raise NotFound(f"{what} with id {ident!r}: see 'themework backup list'")
        return found[0]

    def restore(self, ident: str) -> RestoreResult:
        """Put a backup's contents in place of the project's, in one step.

        The project as it was is backed up first, so a restore can itself be undone by
        restoring that copy. The copy goes through SQLite's backup API into the open
        project, under its write lock: other programs see the old project or the restored
        one, never a mixture.
        """
        # Under the backup lock: a withdrawal cannot remove the chosen copy between the
        # choice and the copy, and so cannot be undone by it.
        with files.backups_locked(self._path()):
            chosen = self.find(ident)
            return self._restore(chosen)

    def _restore(self, chosen: BackupInfo) -> RestoreResult:
        source = sqlite3.connect(f"file:{chosen.path}?mode=ro", uri=True)
        try:
            # Read it before the retention limit may delete the file to make room.
            if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise ProjectError(f"backup {chosen.id} is damaged; the project was not changed")
            saved = files.make_backup(
                self.ctx.store.engine, self._path(), "restore", spare=Path(chosen.path)
            )
            raw = self.ctx.store.engine.raw_connection()
            try:
                target = raw.driver_connection
                assert isinstance(target, sqlite3.Connection)  # backups are SQLite's only
                source.backup(target)
            finally:
                raw.close()
        finally:
            source.close()
        self.ctx.store.engine.dispose()  # no pooled connection keeps the old schema cache
        self.ctx.last_backup = saved
        return RestoreResult(chosen, _info(self._path(), saved) if saved else None)


def integrity_problems(ctx: ServiceContext) -> list[str]:
    """What is wrong with the stored project, in words; empty when nothing is.

    The database's own check (SQLite's pages and foreign keys; PostgreSQL checks its keys
    on every write), then the rules themework keeps above the schema: no coding on a merged
    code, every coding inside its transcript's text.
    """
    problems: list[str] = []
    with ctx.store.read() as s:
        if ctx.store.dialect == "sqlite":
            pages, keys = sqlite_checks(s)
            if pages != ["ok"]:
                problems += [f"database file: {p}" for p in pages[:10]]
            if keys:
                problems.append(f"{plural(keys, 'row')} point at rows that do not exist")
        merged, outside = broken_codings(s)
        if merged:
            problems.append(f"{plural(merged, 'coding')} on merged codes")
        if outside:
            problems.append(f"{plural(outside, 'coding')} ending past the transcript's text")
        settings = project_settings(s)
        if settings.get("withdrawal_rewrite_pending") is not None:
            problems.append(
                "a withdrawal was cut short before its tables were rewritten: the words of "
                "the participant are out of every query but still in the server's files "
                "(run 'themework doctor' again to finish it)"
            )
    return problems
