"""The reads a project merge matches by (store/repos), on each backend: coders by id,
transcripts by text hash, codings by what makes two of them the same."""

from __future__ import annotations

from pathlib import Path

from support import as_coder
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.repos.coders import coder_named, coders_by_id
from themework.store.repos.codings import coding_keys
from themework.store.repos.transcripts import text_hashes, transcript_row


def test_merge_reads_match_coders_transcripts_and_codings(wb: Workbench, interview: Path) -> None:
    with wb.store.read() as s:
        assert coding_keys(s, []) == set() and text_hashes(s) == []
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    as_coder(wb, "alice").coding.apply(CodingRequest("P01", "Turning up", Target(span=(5, 9))))
    with wb.store.read() as s:
        alice = coder_named(s, "alice")
        assert alice is not None and coders_by_id(s)[alice] == "alice"
        p01 = transcript_row(s, "P01")
        assert text_hashes(s) == [(p01.id, "P01", p01.text_hash)]
        ((tid, _code, start, end, who),) = coding_keys(s, [p01.id, "elsewhere"])
        assert coding_keys(s, ["elsewhere"]) == set()
        assert (tid, start, end, who) == (p01.id, 5, 9, alice)
