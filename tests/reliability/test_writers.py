"""2 and 4 writing processes at once, on both backends: every coding counted, no internal error.

The writers are forked from this (already imported) process. Each reports what it did and
every error it met; a ``ThemeworkError`` (busy, a conflict, a refused undo) is a message a
user can act on, anything else is what the CLI would show as "internal error".
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from crash_kit import FORK, closed, codings

from support import CODEBOOK, INTERVIEW, SAMPLES, write
from themework.domain.errors import ThemeworkError
from themework.services.backups import integrity_problems
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import Location

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")

ROUNDS = 12
TARGET = "consistency-of-worker"
Writer = Callable[[Workbench, int], tuple[int, int]]  # -> (codings added, codings undone)


def _coder(wb: Workbench, n: int) -> tuple[int, int]:
    wb.coding.apply(CodingRequest("P02", TARGET, Target(turn=1 + n % 30)))
    return 1, 0


def _renamer(wb: Workbench, n: int) -> tuple[int, int]:
    wb.codes.rename("warmth-and-informal-contact", f"Warmth {n}")
    return 0, 0


def _merger(wb: Workbench, n: int) -> tuple[int, int]:
    """A new code, a coding on it, merged into the target at once: the coding moves."""
    code = wb.codes.add(f"Passing idea {n}")
    wb.coding.apply(CodingRequest("P02", code.id, Target(turn=13 + n)))  # one span each
    wb.codes.merge([code.id], TARGET)
    return 1, 0


def _undoer(wb: Workbench, n: int) -> tuple[int, int]:
    wb.coding.apply(CodingRequest("P02", "time-and-persistence", Target(turn=2)))
    try:
        wb.history.undo()
    except ThemeworkError:
        return 1, 0
    return 1, 1


def _work(location: Location, name: str, writer: Writer, out: Connection) -> None:
    added = undone = 0
    errors: list[str] = []
    with Workbench.open(location, coder=name) as wb:
        for n in range(ROUNDS):
            try:
                a, u = writer(wb, n)
                added, undone = added + a, undone + u
            except ThemeworkError as exc:
                errors.append(f"refused: {type(exc).__name__}: {exc}")
            except Exception:
                errors.append("internal error: " + traceback.format_exc(limit=3))
    out.send((name, added, undone, errors))
    out.close()


def _race(location: Location, writers: list[Writer]) -> dict[str, tuple[int, int, list[str]]]:
    pipes, procs = [], []
    for i, writer in enumerate(writers):
        mine, theirs = FORK.Pipe(duplex=False)
        p = FORK.Process(target=_work, args=(location, f"w{i}", writer, theirs))
        p.start()
        pipes.append(mine)
        procs.append(p)
    results = {}
    for pipe, p in zip(pipes, procs, strict=True):
        name, added, undone, errors = pipe.recv()
        results[name] = (added, undone, errors)
        p.join(60)
    return results


@pytest.fixture
def shared(location: Location, tmp_path: Path) -> Location:
    wb = Workbench.init(location, name="Team study", approach="codebook", coder="alice")
    wb.codebook.load(CODEBOOK)
    first = write(tmp_path / "in" / "P01.txt", INTERVIEW)
    wb.transcripts.import_files([first, SAMPLES / "P02.txt"])
    with closed(wb) as loc:
        return loc


def _per_coder(location: Location) -> dict[str, int]:
    with Workbench.open(location) as wb, wb.store.read() as s:
        assert integrity_problems(wb.context) == []
        counts: dict[str, int] = {}
        for *_, coder in codings(s):
            counts[coder] = counts.get(coder, 0) + 1
        return counts


@pytest.mark.parametrize("writers", [2, 4])
def test_writers_coding_at_once_lose_nothing(shared: Location, writers: int) -> None:
    results = _race(shared, [_coder] * writers)
    for name, (added, _, errors) in results.items():
        assert not [e for e in errors if e.startswith("internal")], errors
        assert added + len(errors) == ROUNDS, (name, errors)
    counts = _per_coder(shared)
    assert {n: counts.get(n, 0) for n in results} == {n: r[0] for n, r in results.items()}
    print(f"\nconcurrency {writers} coders: {sum(counts.values())} codings, all counted")


def test_mixed_load_codes_renames_merges_and_undo(shared: Location) -> None:
    """Point 7 of issue 16: a coding landed on a code merged 2 ms before, IndexError when an
    undo removed a coding before its read-back, StaleDataError in a merge."""
    results = _race(shared, [_coder, _renamer, _merger, _undoer])
    internal = [e for r in results.values() for e in r[2] if e.startswith("internal")]
    assert internal == []
    counts = _per_coder(shared)  # the integrity check: no coding on a merged code
    for name, (added, undone, _) in results.items():
        assert counts.get(name, 0) == added - undone, (name, results[name])
    refused = sum(len(r[2]) for r in results.values())
    print(f"\nconcurrency mixed: {sum(counts.values())} codings exact, {refused} refusals")
