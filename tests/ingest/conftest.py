"""Shared helpers for the ingest tests: files are written into ``tmp_path`` per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write ``content`` (str as UTF-8, bytes as is) to ``tmp_path / name``."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return _write
