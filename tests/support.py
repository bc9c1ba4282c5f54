"""Shared test data and helpers (import with ``from support import ...``; fixtures live in
conftest.py, which several folders have, so tests never import from ``conftest``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from themework.services.workbench import Workbench
from themework.tui.settle import keys_done, settle, workers_done

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "transcripts_sample"
CODEBOOK = ROOT / "codebooks" / "cse-trust.yaml"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SENTINEL = "QUOKKA-SENTINEL-48151623"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


INTERVIEW = """Interview P01 - Site A

Interviewer: How do you build trust with young people?
P01: Mostly by turning up when I said I would. Every week, same time.
It sounds small but it matters.
Interviewer: And when that is hard?
P01: Then I am honest about it. I tell them what I can and cannot keep private.
Interviewer: Thank you.
P01: No problem at all.
"""


def as_coder(bench: Workbench, name: str) -> Workbench:
    """Another coder on the same project (a second workbench over the same store)."""
    other = Workbench(bench.store, coder=name)
    return other


async def pause_for_workers(app: Any, pilot: Any) -> None:
    """One paint, the keys typed ahead, the background work, one more paint: enough after
    most single keys."""
    await pilot.pause()
    await keys_done(app, pilot)
    await workers_done(app)
    await pilot.pause()


@asynccontextmanager
async def running(wb: Workbench, mode: str,
                  size: tuple[int, int] = (160, 48)) -> AsyncIterator[tuple[Any, Any]]:
    """The workbench app in ``mode`` under Pilot, settled:
    ``async with running(wb, "themes") as (app, pilot):``."""
    from themework.tui.app import create_app

    app = create_app(wb, start_mode=mode)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield app, pilot


@asynccontextmanager
async def reading(wb: Workbench, transcript: str, *, mode: str = "code",
                  size: tuple[int, int] = (160, 48)) -> AsyncIterator[tuple[Any, Any, Any]]:
    """As ``running``, with ``transcript`` open in the screen's reader and settled:
    ``async with reading(wb, "P02") as (app, pilot, reader):``."""
    from themework.tui.widgets.transcript_view import TranscriptView

    async with running(wb, mode, size) as (app, pilot):
        app.screen.open(transcript)
        await settle(app, pilot)
        yield app, pilot, app.screen.query_one(TranscriptView)


def record_notes(app: Any) -> list[tuple[str, str]]:
    """From now on, every notification the app shows, as (severity, message)."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def record(message: str, **kw: Any) -> None:
        seen.append((kw.get("severity", "information"), str(message)))
        notify(message, **kw)

    app.notify = record
    return seen
