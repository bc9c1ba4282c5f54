"""Backups before destructive work: ``VACUUM INTO`` a private file, keeping the newest few.

``VACUUM INTO`` rather than the online backup API: both give a consistent copy under a read
transaction, but the backup API copies free pages too, and those can hold deleted text.

PostgreSQL projects are backed up by their server's own tooling; there this returns None.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

KEEP = 5


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


_held: dict[Path, int] = {}  # lock files this process holds, and how deeply
_held_guard = threading.Lock()


@contextmanager
def backups_locked(db_path: Path | None) -> Iterator[None]:
    """Hold the project's backup lock: one backup, restore or withdrawal at a time, across
    processes (``flock`` on the backup folder).

    A withdrawal holds it from before it removes the backups until after its commit, so a
    copy another program starts meanwhile waits and then copies the project without the
    participant; a copy begun earlier finishes first and is removed with the others.
    Reentrant within a process (a restore backs the project up while holding it). Where the
    folder cannot be made (read-only media) no backup can be either, so nothing is held.
    """
    if db_path is None:
        yield
        return
    lock = backup_dir(db_path)  # the folder itself: no lock file beside the copies
    with _held_guard:
        depth = _held.get(lock, 0)
        _held[lock] = depth + 1
    fd = -1
    try:
        if depth == 0:
            try:
                lock.mkdir(mode=0o700, exist_ok=True)
                fd = os.open(lock, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:
                fd = -1
            if fd >= 0:
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # releases the flock
        with _held_guard:
            _held[lock] -= 1
            if not _held[lock]:
                del _held[lock]


def list_backups(db_path: Path) -> list[Path]:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.themework"))


def make_backup(
    engine: Engine, db_path: Path | None, reason: str, keep: int = KEEP, spare: Path | None = None
) -> Path | None:
    """A compacted owner-only copy of the project (None on PostgreSQL); past ``keep``
    copies the oldest go, except ``spare`` (the one a restore is reading)."""
    if db_path is None or engine.dialect.name != "sqlite":
        return None
    with backups_locked(db_path):
        return _make_backup(engine, db_path, reason, keep, spare)


def _make_backup(
    engine: Engine, db_path: Path, reason: str, keep: int, spare: Path | None
) -> Path:
    folder = backup_dir(db_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.themework"
    # The umask makes the copy owner-only from its first byte; VACUUM must run outside a
    # transaction, so it goes through the raw connection (pysqlite's autocommit mode).
    old_umask = os.umask(0o077)
    try:
        vacuum(engine, into=target)
    except Exception as exc:
        # A half-written copy (the disk filled up) must not pass for a backup.
        target.unlink(missing_ok=True)
        from themework.store.engine import raise_if_storage

        raise_if_storage(exc, target, f"the backup before this {reason} ({folder})")
        raise
    finally:
        os.umask(old_umask)
    os.chmod(target, 0o600)
    for stale in list_backups(db_path)[:-keep]:
        if stale != spare:
            stale.unlink(missing_ok=True)
    return target


def others_reading(engine: Engine, wait_ms: int = 5_000) -> bool:
    """True when another connection keeps the WAL from being checkpointed and emptied
    (a program in the middle of reading the project), after waiting ``wait_ms`` for it."""
    from themework.store.engine import BUSY_TIMEOUT_MS

    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()
    finally:
        raw.close()
    return busy is not None and busy[0] != 0


def vacuum(engine: Engine, into: Path | None = None) -> bool:
    """Compact the file and truncate the WAL, or copy it compacted into ``into``.

    Returns False when another connection kept the WAL from being emptied (its old frames,
    which may hold deleted text, then stay on disk until the next checkpoint). A copy
    deletes nothing, so it leaves the WAL alone: a backup taken inside an open write (an
    import that replaces) waited out the whole busy timeout for that write to end.
    """
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if into is not None:
            cur.execute("VACUUM INTO ?", (str(into),))
            cur.close()
            return True
        cur.execute("VACUUM")
        busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cur.close()
    finally:
        raw.close()
    return busy is None or busy[0] == 0
