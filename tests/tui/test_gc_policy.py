"""The workbench collects the oldest generation rarely: a full collection walks the whole
heap (a few tenths of a second at 1,000 transcripts) and landed in most first visits of a
screen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from themework.gcpause import OLDEST_EVERY
from themework.services.workbench import Workbench
from themework.tui.app import create_app


@pytest.fixture
def thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.mark.usefixtures("thresholds")
def test_the_app_collects_the_oldest_generation_rarely(sqlite_wb: Workbench) -> None:
    gc.set_threshold(700, 10, 10)
    create_app(sqlite_wb)
    assert gc.get_threshold() == (700, 10, OLDEST_EVERY)
