"""Transcript listing, exact-name lookup and pseudonyms (store/repos), on each backend."""

from __future__ import annotations

from pathlib import Path

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.repos.participants import pseudonyms
from themework.store.repos.transcripts import listing, named, transcript_id


def test_the_listing_counts_turns_and_codings_and_names_who_speaks(
    wb: Workbench, interview: Path
) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.coding.apply_many([CodingRequest("P01", "Turning up", Target(turn=t)) for t in (2, 4)])
    with wb.store.read() as s:
        tid = transcript_id(s, "P01")
        (row,) = listing(s)
        assert named(s, "P01") == tid and named(s, "p01") is None and named(s, tid) is None
        assert pseudonyms(s) == {"P01"}
    assert (row.id, row.name, row.source_format, row.turns, row.codings) == (
        tid, "P01", "txt", 6, 2)  # fmt: skip
    assert [p for p, _ in row.people] == ["P01"] and row.words > 0


def test_an_empty_project_lists_nothing(wb: Workbench) -> None:
    with wb.store.read() as s:
        assert listing(s) == [] and pseudonyms(s) == set() and named(s, "P01") is None
