"""Shared test data and helpers (import with ``from support import ...``; fixtures live in
conftest.py, which several folders have, so tests never import from ``conftest``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from themework.services.workbench import Workbench

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


async def workers_done(app: Any) -> None:
    """Wait for a Textual app's background work. A worker in an exclusive group is cancelled
    when a newer one replaces it (a second selection while the first loads); the newer one
    is what a test waits for, so a cancellation means: wait again."""
    from textual.worker import WorkerCancelled

    for _ in range(50):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue
    raise AssertionError("background work kept being replaced")


async def pause_for_workers(app: Any, pilot: Any) -> None:
    """One paint, the background work, one more paint: enough after most single keys."""
    await pilot.pause()
    await workers_done(app)
    await pilot.pause()


async def settle(app: Any, pilot: Any) -> None:
    """Let the app paint and its background work finish (the poll excepted): a load that
    triggers another load (a reload after a change) is waited for too."""
    await pilot.pause()
    for _ in range(5):
        await workers_done(app)
        await pilot.pause()
        if not any(w.is_running for w in app.workers if w.group != "poll"):
            break


def record_notes(app: Any) -> list[tuple[str, str]]:
    """From now on, every notification the app shows, as (severity, message)."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def record(message: str, **kw: Any) -> None:
        seen.append((kw.get("severity", "information"), str(message)))
        notify(message, **kw)

    app.notify = record
    return seen
