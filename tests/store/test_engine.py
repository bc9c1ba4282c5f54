"""Engines, files and locations: owner-only files, SQLite settings, write locks, backups,
and how a command finds its project."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from themework.domain.errors import Busy, ProjectError
from themework.services.workbench import Workbench
from themework.store import backup as backups
from themework.store import engine as engine_mod
from themework.store.engine import Store, make_engine
from themework.store.location import ENV_VAR, Location, from_string, redact_url, resolve

INTERVIEW = (
    "Interviewer: How do you build trust?\n"
    "P01: By turning up when I said I would, every week.\n"
    "Interviewer: Thank you.\n"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The most permissive umask: files must be private by our doing, not the user's."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# -- files -----------------------------------------------------------------------------------


def test_project_wal_and_shm_files_are_owner_only(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "study.themework"
    with Workbench.init(from_string(str(path)), name="Trust", coder="alice") as wb:
        assert mode(path) == 0o600
        src = tmp_path / "P01.txt"
        src.write_text(INTERVIEW, encoding="utf-8")
        wb.transcripts.import_files([src])
        wb.codes.add("Turning up")
        with wb.store.read() as s:  # keep a connection open so the WAL is not cleaned up
            s.execute(text("SELECT count(*) FROM turn")).scalar()
            extra = [Path(f"{path}-wal"), Path(f"{path}-shm")]
            assert all(p.exists() for p in extra)
            assert {p.name: mode(p) for p in [path, *extra]} == {
                p.name: 0o600 for p in [path, *extra]
            }


def test_reopening_leaves_only_owner_only_files(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "study.themework"
    Workbench.init(from_string(str(path)), name="Trust").close()
    with Workbench.open(from_string(str(path))) as wb:
        wb.codes.add("Turning up")
        assert {p.name: mode(p) for p in tmp_path.iterdir()} == {
            p.name: 0o600 for p in tmp_path.iterdir()
        }
    assert [p.name for p in tmp_path.iterdir()] == ["study.themework"]


def test_init_refuses_an_existing_file_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "study.themework"
    path.write_bytes(b"precious")
    with pytest.raises(ProjectError) as err:
        Workbench.init(from_string(str(path)), name="x")
    assert "already exists" in str(err.value)
    assert path.read_bytes() == b"precious"


def test_failed_init_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "study.themework"
    with pytest.raises(ProjectError):
        Workbench.init(from_string(str(path)), name="x", approach="vibes")
    assert list(tmp_path.iterdir()) == []


# -- SQLite settings -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["read", "write"])
def test_pragmas_on_every_connection(sqlite_wb: Workbench, kind: str) -> None:
    ctx = sqlite_wb.store.read() if kind == "read" else sqlite_wb.store.write()
    with ctx as s:
        got = {
            name: s.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "secure_delete",
                         "synchronous")
        }
    assert got == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": engine_mod.BUSY_TIMEOUT_MS,
        "secure_delete": 1,
        "synchronous": 2,  # FULL
    }
    assert engine_mod.BUSY_TIMEOUT_MS >= 5000


def test_engines_hide_bound_parameters(wb: Workbench) -> None:
    assert wb.store.engine.hide_parameters is True


def _raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    return conn


def test_a_write_transaction_takes_the_write_lock_at_begin(sqlite_wb: Workbench) -> None:
    path = sqlite_wb.store.location.path
    assert path is not None
    other = _raw(path)
    try:
        with sqlite_wb.store.write() as s:
            s.execute(text("SELECT 1")).scalar()  # only a read so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after commit
        other.execute("ROLLBACK")
        with sqlite_wb.store.read() as s:  # reads do not block writers
            s.execute(text("SELECT 1")).scalar()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def _second_store(wb: Workbench) -> Store:
    return Store(wb.store.location, make_engine(wb.store.location))


def test_a_read_then_write_transaction_waits_instead_of_failing(sqlite_wb: Workbench) -> None:
    """The deferred-BEGIN trap: B reads, A writes and commits, B's write fails at once with
    BUSY. With BEGIN IMMEDIATE, A waits for B and both succeed."""
    other = _second_store(sqlite_wb)
    b_has_read = threading.Event()
    a_done = threading.Event()
    errors: list[BaseException] = []

    def writer_a() -> None:
        try:
            b_has_read.wait(5)
            with other.write() as s:
                s.execute(text("UPDATE project SET question = 'A'"))
            a_done.set()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=writer_a)
    thread.start()
    try:
        with sqlite_wb.store.write() as s:
            s.execute(text("SELECT question FROM project")).scalar()
            b_has_read.set()
            time.sleep(0.5)  # A tries to write meanwhile
            assert not a_done.is_set()  # A is waiting for our lock
            s.execute(text("UPDATE project SET question = 'B'"))
        thread.join(10)
    finally:
        other.dispose()
    assert errors == []
    assert a_done.is_set()
    with sqlite_wb.store.read() as s:
        assert s.execute(text("SELECT question FROM project")).scalar() == "A"


def test_a_held_write_lock_makes_others_wait_up_to_the_busy_timeout(
    sqlite_wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_mod, "BUSY_TIMEOUT_MS", 1500)
    path = sqlite_wb.store.location.path
    assert path is not None
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    store = _second_store(sqlite_wb)  # connects with the shorter timeout
    try:
        # Another program holds the write lock and lets go after 0.5 s: we wait, then write.
        holder.execute("BEGIN IMMEDIATE")
        timer = threading.Timer(0.5, holder.execute, ("COMMIT",))
        timer.start()
        t0 = time.monotonic()
        with store.write() as s:
            s.execute(text("UPDATE project SET question = 'waited'"))
        waited = time.monotonic() - t0
        timer.join()
        assert 0.4 <= waited < 1.5
        # It holds the lock for longer than the timeout: we are told the project is busy,
        # but only after waiting.
        holder.execute("BEGIN IMMEDIATE")
        t0 = time.monotonic()
        with pytest.raises(Busy, match="the project is busy"), store.write() as s:
            s.execute(text("SELECT 1")).scalar()
        waited = time.monotonic() - t0
        holder.execute("ROLLBACK")
        assert waited >= 1.2
    finally:
        holder.close()
        store.dispose()


# -- backups ---------------------------------------------------------------------------------


def test_backups_are_private_and_rotated_to_the_newest_five(
    sqlite_wb: Workbench, loose_umask: None
) -> None:
    path = sqlite_wb.store.location.path
    assert path is not None
    made = [sqlite_wb.backup(f"test{i}") for i in range(7)]
    assert all(m is not None for m in made)
    kept = backups.list_backups(path)
    assert kept == made[-5:]
    assert len(kept) == backups.KEEP == 5
    assert mode(backups.backup_dir(path)) == 0o700
    for b in kept:
        assert mode(b) == 0o600
        with sqlite3.connect(b) as conn:  # a complete, readable copy
            assert conn.execute("SELECT name FROM project").fetchone() == ("Trust study",)


def test_a_backup_taken_inside_a_write_does_not_wait_for_it(sqlite_wb: Workbench) -> None:
    """``import --replace`` backs the project up inside its own write transaction: the copy
    is the project as committed, made at once (it waited out the 30 s busy timeout)."""
    started = time.monotonic()
    with sqlite_wb.store.write() as s:
        s.execute(text("UPDATE project SET name = 'Changed'"))
        made = sqlite_wb.backup("replace")
    assert time.monotonic() - started < 10
    assert made is not None
    with sqlite3.connect(made) as conn:
        assert conn.execute("SELECT name FROM project").fetchone() == ("Trust study",)


def test_backups_of_two_projects_in_one_folder_do_not_mix(tmp_path: Path) -> None:
    a = Workbench.init(from_string(str(tmp_path / "a.themework")), name="a")
    b = Workbench.init(from_string(str(tmp_path / "a-b.themework")), name="b")
    try:
        for _ in range(6):
            b.backup("x")
        a.backup("x")
        assert len(backups.list_backups(tmp_path / "a.themework")) == 1
        assert len(backups.list_backups(tmp_path / "a-b.themework")) == 5
    finally:
        a.close()
        b.close()


def test_postgres_projects_are_not_backed_up_to_files(wb: Workbench, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    assert wb.backup("test") is None


# -- finding the project ---------------------------------------------------------------------


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_explicit_project_wins(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "only.themework").touch()
    monkeypatch.setenv(ENV_VAR, str(here / "env.themework"))
    assert resolve(str(here / "given.themework")).path == here / "given.themework"


def test_environment_comes_next(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "only.themework").touch()
    monkeypatch.setenv(ENV_VAR, "postgresql://coder@db.example/study")
    loc = resolve(None)
    assert loc.path is None and loc.url == "postgresql+psycopg://coder@db.example/study"


def test_the_one_project_file_in_the_folder(here: Path) -> None:
    (here / "only.themework").touch()
    (here / "notes.txt").touch()
    assert resolve(None).path == here / "only.themework"
    assert resolve(None, cwd=here).path == here / "only.themework"


def test_no_project_is_an_error_that_says_what_to_do(here: Path) -> None:
    with pytest.raises(ProjectError) as err:
        resolve(None)
    message = str(err.value)
    assert "no project given" in message and str(here) in message
    assert "themework init" in message and "--project" in message and ENV_VAR in message


def test_several_projects_is_an_error_naming_them(here: Path) -> None:
    (here / "a.themework").touch()
    (here / "b.themework").touch()
    with pytest.raises(ProjectError) as err:
        resolve(None)
    message = str(err.value)
    assert "a.themework" in message and "b.themework" in message and "--project" in message


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgres_urls_use_the_shipped_driver(scheme: str) -> None:
    loc = from_string(f"{scheme}://coder@db.example:5432/study")
    assert loc.url == "postgresql+psycopg://coder@db.example:5432/study"
    assert loc.path is None and not loc.is_sqlite


def test_init_refuses_a_database_that_already_holds_a_project(wb: Workbench) -> None:
    location = wb.store.location
    wb.codes.add("Kept")
    wb.close()
    with pytest.raises(ProjectError) as err:
        Workbench.init(location, name="again")
    assert "already" in str(err.value)
    with Workbench.open(location) as again:
        assert [c.name for c in again.codes.list()] == ["Kept"]


def test_sqlite_urls_and_paths(here: Path) -> None:
    assert from_string("study.themework").path == here / "study.themework"
    assert from_string(f"sqlite:///{here}/x.themework").path == here / "x.themework"
    loc = from_string("~/x.themework")
    assert loc.path == Path.home() / "x.themework" and loc.is_sqlite


SECRET = "s3cr3t-Pa55"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://alice:{SECRET}@db.example:5432/study",
        f"postgresql+psycopg://alice:{SECRET}@db.example/study",
        f"postgresql://:{SECRET}@db.example/study",
        f"postgresql://alice:{SECRET}@@db.example/study",
        f"postgresql://alice:{SECRET}:more@db.example/study",
        f"postgresql://alice:p@{SECRET}@db.example/study",
        f"postgresql://alice:{SECRET}/x@db.example/study",
        f"postgresql://alice@db.example/study?password={SECRET}&sslmode=require",
        f"postgresql://alice@db.example/study?sslmode=require&PASSWORD={SECRET}",
        f"postgresql://alice:{SECRET.replace('-', '%2D')}@db.example/study",
    ],
)
def test_passwords_are_never_displayed(url: str) -> None:
    loc = from_string(url)
    shown = loc.display()
    for secret in (SECRET, SECRET.replace("-", "%2D"), "s3cr3t"):
        assert secret not in shown
        assert secret not in redact_url(url)
    assert "db.example" in shown and "study" in shown


def test_display_keeps_what_identifies_the_project() -> None:
    shown = from_string("postgresql://alice:pw@db.example:5433/study?sslmode=require").display()
    assert shown == "postgresql+psycopg://alice:***@db.example:5433/study?sslmode=require"
    assert from_string("postgresql://db.example/study").display() == (
        "postgresql+psycopg://db.example/study"
    )


def test_location_is_plain_data() -> None:
    loc = Location("sqlite:////tmp/x.themework", Path("/tmp/x.themework"))
    assert loc.display() == "/tmp/x.themework"
