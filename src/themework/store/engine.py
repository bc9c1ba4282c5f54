"""Engines and transactions.

SQLite: WAL, foreign keys, busy timeout, ``synchronous=FULL``, ``secure_delete`` (deleted
rows are zeroed, so a withdrawn participant's text does not linger in free pages), and
write transactions that start with ``BEGIN IMMEDIATE`` so a read-then-write transaction
never fails with BUSY while ignoring the busy timeout (SQLAlchemy's pysqlite recipe).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from themework.domain.errors import Busy, Conflict, ProjectError
from themework.store.location import Location

# A writer waits this long for another process's write before it is told the project is busy:
# long enough for a bulk coding or an undo of thousands of codings on a loaded machine.
BUSY_TIMEOUT_MS = 30_000


LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def make_engine(location: Location, *, poolclass: Any = None, insecure: bool = False) -> Engine:
    """An engine that never echoes bound values. Off this machine, PostgreSQL connections
    require TLS (``sslmode=require``) unless ``insecure`` or the URL says otherwise."""
    kwargs: dict[str, Any] = {"hide_parameters": True}
    if poolclass is not None:
        kwargs["poolclass"] = poolclass
    if location.is_sqlite:
        assert location.path is not None
        url: Any = location.url
        if read_only_reason(location.path) is not None:
            url = f"sqlite:///{read_only_uri(location.path)}&uri=true"
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        _sqlite_events(engine)
        return engine
    return create_engine(tls_url(location.url, insecure), pool_pre_ping=True, **kwargs)


def tls_url(url: str, insecure: bool = False) -> Any:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    remote = (parsed.host or "") not in LOCAL_HOSTS and not (parsed.host or "").startswith("/")
    wants_tls = parsed.get_backend_name() == "postgresql" and remote and not insecure
    if wants_tls and "sslmode" not in parsed.query:
        return parsed.update_query_dict({"sslmode": "require"})
    return parsed


def read_only_reason(path: Path) -> str | None:
    """Why the project at ``path`` can be read but not written (read-only media, a folder
    or file without write permission), or None when it can be written."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "it is on a read-only file system"
    except OSError:
        return None
    if not os.access(folder, os.W_OK) or not os.access(path, os.W_OK):
        return "it or its folder is read-only (permissions)"
    return None


def read_only_uri(path: Path) -> str:
    """SQLite's URI for reading a project nobody can write: ``immutable`` because a WAL
    project cannot otherwise be opened where its -shm file cannot be created."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ProjectError(
            f"{path} is read-only and its last changes are still in {wal.name} beside it: "
            "open it once where it can be written (themework then folds them in), or copy "
            "both files to a writable folder"
        )
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def _sqlite_events(engine: Engine) -> None:
    read_only = engine.url.query.get("mode") == "ro"

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite so that BEGIN is ours to emit.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in (
            # A read-only file keeps the journal mode it has (changing it is a write).
            *(() if read_only else ("journal_mode=WAL",)),
            "foreign_keys=ON",
            f"busy_timeout={BUSY_TIMEOUT_MS}",
            "synchronous=FULL",
            "secure_delete=ON",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("themework_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    """An open project database: the engine plus read and write transactions."""

    def __init__(self, location: Location, engine: Engine) -> None:
        self.location = location
        self.engine = engine
        self._write_engine = engine.execution_options(themework_write=True)
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(self._write_engine, expire_on_commit=False)
        self.read_only = engine.dialect.name == "sqlite" and engine.url.query.get("mode") == "ro"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction; committed on success, rolled back on any error.

        On SQLite a writer waits up to the busy timeout for another process's write to end;
        past that it gets ``Busy``, a message a person can act on, not "database is locked".
        A project opened read-only refuses every write up front, in one line.
        """
        self.refuse_if_read_only()
        try:
            with self._write() as session, session.begin():
                yield session
        except OperationalError as exc:
            if self.dialect == "sqlite" and _is_locked(exc):
                raise Busy(
                    f"the project is busy: another process has been writing to it for over "
                    f"{BUSY_TIMEOUT_MS // 1000} s (an import, a bulk coding or an undo?); "
                    "nothing was changed, try again when it has finished"
                ) from None
            if self.dialect == "sqlite" and self.location.path is not None:
                raise_if_storage(exc, self.location.path, self.location.display())
            _raise_if_raced(exc)
            raise
        except (IntegrityError, StaleDataError) as exc:
            _raise_if_raced(exc)
            raise

    def refuse_if_read_only(self) -> None:
        """A project opened read-only: every change is refused up front, in one line."""
        if not self.read_only:
            return
        assert self.location.path is not None
        reason = read_only_reason(self.location.path) or "it was opened read-only"
        raise ProjectError(
            f"{self.location.display()} cannot be changed: {reason}. Reading it works "
            "(info, lists, reports and exports written elsewhere); copy it to a "
            "writable folder to change it. Nothing was changed"
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


# PostgreSQL's answers when two transactions collide: serialization failure, deadlock, and
# a unique key taken by a transaction that committed between our check and our insert.
_RACE_STATES = frozenset({"40001", "40P01", "23505"})


def _raise_if_raced(exc: Exception) -> None:
    """Turn a collision with another coder's concurrent change into a ``Conflict``."""
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if state in _RACE_STATES or isinstance(exc, StaleDataError):
        raise Conflict(
            "another coder changed the same thing at the same moment; nothing of yours was "
            "changed: look again and retry"
        ) from None


def storage_problem(path: Path) -> str | None:
    """Why the disk will not take a write to the project at ``path``, if it will not."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "it is on a read-only file system"
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            return "it or its folder is read-only (permissions)"
        if shutil.disk_usage(folder).free < 256 * 1024:
            return "the disk holding it is full"
    except OSError as exc:
        return f"its folder cannot be checked ({exc.strerror})"
    return None


def raise_if_storage(exc: Exception, path: Path, display: str) -> None:
    """A write the disk refused (full, read-only): one line that says so and what to do."""
    # SQLite rolls the whole transaction back on SQLITE_FULL, so what reaches us may be
    # the savepoint's rollback failing after it ("no such savepoint"): look down the chain.
    texts, seen = [], 0
    at: BaseException | None = exc
    while at is not None and seen < 8:
        texts.append(str(getattr(at, "orig", at)).lower())
        at, seen = at.__cause__ or at.__context__, seen + 1
    storage_words = ("disk is full", "readonly", "read-only", "disk i/o", "unable to open")
    if not any(w in text for text in texts for w in storage_words):
        return
    reason = storage_problem(path) or "the disk refused the write (full, or read-only?)"
    raise ProjectError(
        f"{display} could not be written: {reason}. SQLite writes the project and its "
        "-wal and -shm files beside it, even to read it; free space or make it writable "
        "and try again. Nothing was changed"
    ) from None


def _is_locked(exc: OperationalError) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def create_private_file(path: os.PathLike[str] | str) -> None:
    """Create an empty file readable by its owner only (SQLite gives WAL files the same mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
