"""2 and 4 writing processes at once, on both backends: every coding counted, no internal error.

The writers are forked from this (already imported) process. Each reports what it did and
every error it met; a ``ThemeworkError`` (busy, a conflict, a refused undo) is a message a
user can act on, anything else is what the CLI would show as "internal error".
"""

from __future__ import annotations

import random
import sys
import traceback
from collections import Counter
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
from themework.store.location import Location, from_string

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


def _work(location: Location, name: str, writer: Writer, out: Connection, rounds: int) -> None:
    added = undone = 0
    errors: list[str] = []
    with Workbench.open(location, coder=name) as wb:
        for n in range(rounds):
            try:
                a, u = writer(wb, n)
                added, undone = added + a, undone + u
            except ThemeworkError as exc:
                errors.append(f"refused: {type(exc).__name__}: {exc}")
            except Exception:
                errors.append("internal error: " + traceback.format_exc(limit=3))
    out.send((name, added, undone, errors))
    out.close()


def _race(
    location: Location, writers: list[Writer], rounds: int = ROUNDS
) -> dict[str, tuple[int, int, list[str]]]:
    pipes, procs = [], []
    for i, writer in enumerate(writers):
        mine, theirs = FORK.Pipe(duplex=False)
        p = FORK.Process(target=_work, args=(location, f"w{i}", writer, theirs, rounds))
        p.start()
        pipes.append(mine)
        procs.append(p)
    results = {}
    for pipe, p in zip(pipes, procs, strict=True):
        name, added, undone, errors = pipe.recv()
        results[name] = (added, undone, errors)
        p.join(60)
    return results


def _team_project(location: Location, tmp_path: Path) -> Location:
    wb = Workbench.init(location, name="Team study", approach="codebook", coder="alice")
    wb.codebook.load(CODEBOOK)
    first = write(tmp_path / "in" / "P01.txt", INTERVIEW)
    wb.transcripts.import_files([first, SAMPLES / "P02.txt"])
    with closed(wb) as loc:
        return loc


@pytest.fixture
def shared(location: Location, tmp_path: Path) -> Location:
    return _team_project(location, tmp_path)


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


SPANS = [(turn, code) for turn in range(1, 26) for code in (TARGET, "time-and-persistence")]


def _same_spans_shuffled(seed: int) -> Writer:
    """A coder coding the same 50 (turn, code) pairs as the others, in an order of its own."""
    order = list(SPANS)
    random.Random(seed).shuffle(order)

    def write(wb: Workbench, n: int) -> tuple[int, int]:
        turn, code = order[n]
        wb.coding.apply(CodingRequest("P02", code, Target(turn=turn)))
        return 1, 0

    return write


@pytest.mark.postgres
def test_four_coders_on_the_same_spans_lose_and_duplicate_nothing(
    pg_url: str, tmp_path: Path
) -> None:
    """Issue 15, team scale, in small (bench/team_scale.py is the 4 x 5,000 run): 4 coders x
    50 single applies on the same spans at once; the total is exact and no (coder,
    transcript, code, start, end) is stored twice (``codings()`` is a set: it would hide a
    duplicate)."""
    shared = _team_project(from_string(pg_url), tmp_path)
    before = _coding_rows(shared)
    results = _race(shared, [_same_spans_shuffled(i) for i in range(4)], rounds=len(SPANS))
    for name, (added, _, errors) in results.items():
        assert (added, errors) == (len(SPANS), []), name
    after = _coding_rows(shared)
    assert len(after) == len(before) + 4 * len(SPANS)
    assert [row for row, n in Counter(after).items() if n > 1] == []
    assert _per_coder(shared) == {f"w{i}": len(SPANS) for i in range(4)}


def _coding_rows(location: Location) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    with Workbench.open(location) as wb, wb.store.read() as s:
        return [tuple(r) for r in s.execute(text(
            'SELECT coder_id, transcript_id, code_id, start, "end" FROM coding'))]
