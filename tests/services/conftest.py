"""Fixtures shared by the service tests."""

from __future__ import annotations

from typing import Any

import pytest

from themework.services import audit


@pytest.fixture
def rows_per_event_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of row images in each audit event that undo or redo reads, as they read
    them (a batch written in parts must never be read whole)."""
    held: list[int] = []
    events_by_id = audit.log.events_by_id

    def spy(s: Any, ids: list[int]) -> Any:
        found = events_by_id(s, ids)
        held.extend(len(e.after.get("rows", [])) for e in found)
        return found

    monkeypatch.setattr(audit.log, "events_by_id", spy)
    return held
