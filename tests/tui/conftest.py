"""TUI fixtures: the demo project built once per session, copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from themework.services.workbench import Workbench
from themework.store.location import from_string


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from themework.demo.build import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.themework"
    build_demo(path)
    return path


@pytest.fixture
def demo_wb(demo_file: Path, tmp_path: Path) -> Iterator[Workbench]:
    """A fresh copy of the demo project for one test, opened as coder 'carol'."""
    target = tmp_path / "demo.themework"
    shutil.copy(demo_file, target)
    wb = Workbench.open(from_string(str(target)), coder="carol")
    try:
        yield wb
    finally:
        wb.close()
