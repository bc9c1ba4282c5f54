"""Create, check and upgrade a project's schema.

The revision is read with a plain query, so opening an up-to-date project never imports
Alembic (about 0.7 s). Upgrades on SQLite back the file up first and switch foreign keys
off around the migration: batch mode copies and drops tables, and with foreign keys on the
drop would fire ``ON DELETE CASCADE`` and wipe codings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from themework.domain.errors import ProjectError
from themework.store.schema import HEAD_REVISION, KNOWN_REVISIONS

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 7_305_118_221  # advisory lock: one client migrates at a time


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def probe_sqlite(path: Path, display: str) -> None:
    """Refuse a file that is not a themework project before anything writes to it.

    The engine's connect hook switches a file to WAL mode (and SQLite writes a header into
    an empty file), so a stray document or another program's database is checked first,
    read-only, with the standard library.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise ProjectError(f"{display} cannot be read ({exc.strerror})") from None
    if not head:
        raise ProjectError(
            f"{display} is an empty file, not a themework project: create one with "
            "'themework init'"
        )
    if head != b"SQLite format 3\x00":
        raise ProjectError(f"{display} is not a themework project (not a SQLite database)")
    import sqlite3

    try:
        from themework.store.engine import read_only_reason, read_only_uri

        uri = f"{path.resolve().as_uri()}?mode=ro"
        if read_only_reason(path) is not None:
            uri = read_only_uri(path)  # a WAL project there opens only as immutable
        conn = sqlite3.connect(uri, uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            conn.close()
    except sqlite3.Error as exc:
        from themework.store.engine import raise_if_storage

        raise_if_storage(exc, path, display)  # a sound project on a full or read-only disk
        raise ProjectError(
            f"{display} is not a readable themework project ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'unreadable'})"
        ) from None
    if not {"alembic_version", "project"} <= tables:
        raise ProjectError(
            f"{display} is not a themework project (no themework schema): create one with "
            "'themework init'"
        )


def _alembic_upgrade(conn: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def create_schema(engine: Engine) -> None:
    """Build an empty project's tables through the migrations (never ``create_all``)."""
    _run_upgrade(engine)


def ensure_current(
    engine: Engine, display: str, backup: Callable[[], Path | None] | None = None
) -> Path | None:
    """Check the revision; upgrade an older project after a backup. Returns the backup path."""
    with engine.connect() as conn:
        rev = current_revision(conn)
        ours = rev is not None and inspect(conn).has_table("project")
    if rev is None or not ours:
        raise ProjectError(
            f"{display} is not a themework project (no themework schema): create one with "
            "'themework init'"
        )
    if rev == HEAD_REVISION:
        return None
    if rev not in KNOWN_REVISIONS:
        raise ProjectError(
            f"{display} was written by a newer version of themework (schema {rev}); "
            "upgrade themework to open it"
        )
    backup_path = backup() if backup is not None else None
    log.info("upgrading project schema from %s to %s", rev, HEAD_REVISION)
    _run_upgrade(engine)
    return backup_path


def _run_upgrade(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            # PRAGMA foreign_keys is a no-op inside a transaction: set it on the raw
            # connection before SQLAlchemy begins one.
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    _alembic_upgrade(conn)
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise ProjectError(
                            f"migration left {len(problems)} broken references; "
                            "nothing was changed"
                        )
            finally:
                raw.execute("PRAGMA foreign_keys=ON")
        return
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()  # the lock is held by the session, across transactions
        try:
            with conn.begin():
                # Another client may have migrated while we waited for the lock.
                if current_revision(conn) != HEAD_REVISION:
                    _alembic_upgrade(conn)
        finally:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
