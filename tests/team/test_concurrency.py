"""Two coders at once: nothing lost, and a clash on one code is a clear conflict."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from support import INTERVIEW, write
from themework.domain.errors import Conflict
from themework.services.workbench import Workbench
from themework.store.location import Location, from_string

PER_PROCESS = 250  # plenty of interleaving; 1,000 cost 50 s on a loaded machine


def _code_many(url: str, coder: str, offset: int, barrier: object) -> None:
    from themework.services.coding import CodingRequest, Target

    wb = Workbench.open(from_string(url), coder=coder)
    text = wb.transcripts.text("P01")
    turns = [t for t in text.turns if t.end - t.start > 5]
    barrier.wait()  # type: ignore[attr-defined]
    for i in range(PER_PROCESS):
        turn = turns[(i + offset) % len(turns)]
        start = turn.start + (i % 3)
        # One transaction per coding: the real interleaving of two people working.
        wb.coding.apply_many([CodingRequest("P01", "Reliability", Target(span=(start, turn.end)))])
    wb.close()


def _url(location: Location) -> str:
    return str(location.path) if location.path is not None else location.url


def test_two_processes_coding_the_same_transcript_lose_nothing(
    wb: Workbench, location: Location, tmp_path: Path
) -> None:
    wb.transcripts.import_files([write(tmp_path / "P01.txt", INTERVIEW)])
    wb.codes.add("Reliability")
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [
        ctx.Process(target=_code_many, args=(_url(location), name, k, barrier))
        for k, name in enumerate(("alice", "bob"))
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=600)
        assert p.exitcode == 0
    extracts = wb.coding.extracts(["Reliability"])
    assert len(extracts) == 2 * PER_PROCESS
    assert {e.coder for e in extracts} == {"alice", "bob"}
    assert len({e.id for e in extracts}) == 2 * PER_PROCESS


def test_two_coders_renaming_one_code_one_wins_the_other_gets_a_conflict(wb: Workbench) -> None:
    wb.codes.add("Trust building")
    alice = Workbench(wb.store, coder="alice")
    bob = Workbench(wb.store, coder="bob")
    seen_by_alice = alice.codes.get("trust-building").version
    seen_by_bob = bob.codes.get("trust-building").version
    alice.codes.rename("trust-building", "Building trust", seen_by_alice)
    with pytest.raises(Conflict) as err:
        bob.codes.rename("trust-building", "Earning trust", seen_by_bob)
    assert "changed by someone else" in str(err.value)
    assert wb.codes.get("trust-building").name == "Building trust"
