"""Shared fixtures: a fresh project on each backend.

``THEMEWORK_TEST_BACKENDS`` (default ``sqlite,postgres``) says which backends the
``backend`` fixture runs on. PostgreSQL tests create their own database on the server at
``THEMEWORK_TEST_POSTGRES`` (default 127.0.0.1:5432, database ``test``) and drop it after;
without a server they skip, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
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


@pytest.fixture
def wb(location: Location) -> Iterator[Workbench]:
    bench = Workbench.init(location, name="Trust study", approach="codebook", coder="alice")
    try:
        yield bench
    finally:
        bench.close()


@pytest.fixture
def sqlite_wb(tmp_path: Path) -> Iterator[Workbench]:
    bench = Workbench.init(
        from_string(str(tmp_path / "study.themework")), name="Trust study",
        approach="codebook", coder="alice",
    )
    try:
        yield bench
    finally:
        bench.close()


@pytest.fixture
def interview(tmp_path: Path) -> Path:
    return write(tmp_path / "in" / "P01.txt", INTERVIEW)
