"""Shared fixtures: a fresh project on each backend.

``THEMEWORK_TEST_BACKENDS`` (default ``sqlite,postgres``) says which backends the
``backend`` fixture runs on. PostgreSQL tests create their own database on the server at
``THEMEWORK_TEST_POSTGRES`` (default 127.0.0.1:5432, database ``test``) and drop it after;
without a server they skip, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import INTERVIEW, PG_DEFAULT, write
from themework.services.workbench import Workbench
from themework.store.location import Location, from_string


def _backends() -> list[str]:
    raw = os.environ.get("THEMEWORK_TEST_BACKENDS", "sqlite,postgres")
    return [b.strip() for b in raw.split(",") if b.strip()]


def _pg_admin_url() -> str:
    return os.environ.get("THEMEWORK_TEST_POSTGRES", PG_DEFAULT)


def _pg_available() -> str | None:
    """None when the server answers, else the reason."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(_pg_admin_url(), hide_parameters=True)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return f"PostgreSQL not reachable at {_pg_admin_url()}: {type(exc).__name__}"


def pytest_configure(config: pytest.Config) -> None:
    """The cyclic collector runs less often in the test processes. With its default (a
    young collection every 700 allocations) a Pilot test spent a quarter to a third of its
    CPU in collections, most of it full ones walking the whole heap of a process that has
    built hundreds of apps. Cycles are still collected, only in bigger batches (the peak
    memory of a test file rose from 158 to 185 MB)."""
    gc.set_threshold(10_000, 10, 10)


# A test that asks for one of these runs once per backend; any other test is the same on both.
_BACKEND_FIXTURES = frozenset({"backend", "location", "pg_server", "pg_url"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A run on PostgreSQL alone (CI's second pass) skips the tests that choose no backend.

    They are the same on both backends (most build a SQLite file of their own: the TUI's
    pilot tests, the CLI's processes) and the SQLite pass, or a plain ``pytest``, runs
    them; running them twice cost CI about half its second pass.
    """
    if "sqlite" in _backends():
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        (keep if names & _BACKEND_FIXTURES else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session", autouse=True)
def _cli_command_tree_built_once() -> None:
    """The tests call ``themework.cli.main.run()`` in-process hundreds of times, and each
    call had Typer build the whole command tree again (about 0.1 s of CPU). The tree does
    not change between calls, so it is built once per test process."""
    from themework.cli import main

    if not isinstance(main.command, functools._lru_cache_wrapper):
        main.command = functools.cache(main.command)


@pytest.fixture(scope="session")
def pg_server() -> str:
    reason = _pg_available()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run the PostgreSQL tests)")
        pytest.skip(reason)
    return _pg_admin_url()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT", hide_parameters=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Location:
    if backend == "sqlite":
        return from_string(str(tmp_path / "study.themework"))
    return from_string(request.getfixturevalue("pg_url"))


_FRESH = {"name": "Trust study", "approach": "codebook", "coder": "alice"}


@pytest.fixture(scope="session")
def fresh_sqlite_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty project as ``wb`` makes it, built once per test process. Creating one runs
    the migrations and a dozen synced commits (a quarter of a second on a busy disk, for
    hundreds of tests); a copy of the file is the same project."""
    path = tmp_path_factory.mktemp("fresh") / "study.themework"
    Workbench.init(from_string(str(path)), **_FRESH).close()
    return path


def _fresh_workbench(location: Location, request: pytest.FixtureRequest) -> Workbench:
    if location.path is None:  # PostgreSQL: the real thing
        return Workbench.init(location, **_FRESH)
    if location.path.exists():
        raise FileExistsError(location.path)
    location.path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(request.getfixturevalue("fresh_sqlite_project"), location.path)
    return Workbench.open(location, coder=_FRESH["coder"])


@pytest.fixture
def wb(location: Location, request: pytest.FixtureRequest) -> Iterator[Workbench]:
    bench = _fresh_workbench(location, request)
    try:
        yield bench
    finally:
        bench.close()


@pytest.fixture
def sqlite_wb(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Workbench]:
    bench = _fresh_workbench(from_string(str(tmp_path / "study.themework")), request)
    try:
        yield bench
    finally:
        bench.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once per test process: copy it (a file copy) before writing."""
    from themework.demo.build import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.themework"
    build_demo(path)
    return path


@pytest.fixture
def interview(tmp_path: Path) -> Path:
    return write(tmp_path / "in" / "P01.txt", INTERVIEW)
