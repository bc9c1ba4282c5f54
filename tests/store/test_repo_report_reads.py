"""The reads the findings report makes (store/repos), on each backend: codings per coder,
a quote's source, participants' consent, the day of the last change."""

from __future__ import annotations

from pathlib import Path

from support import as_coder
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.repos.audit import last_event_at
from themework.store.repos.extract_rows import coding_source
from themework.store.repos.participants import consents
from themework.store.repos.record import codings_per_coder
from themework.store.repos.transcripts import transcript_id


def test_report_reads(wb: Workbench, interview: Path) -> None:
    with wb.store.read() as s:
        made_at = last_event_at(s)  # the project's creation
        assert made_at is not None and consents(s) == []
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    made = as_coder(wb, "alice").coding.apply(
        CodingRequest("P01", "Turning up", Target(span=(5, 9)))
    )
    as_coder(wb, "bob").coding.apply(CodingRequest("P01", "Turning up", Target(turn=2)))
    as_coder(wb, "bob").coding.apply(CodingRequest("P01", "Turning up", Target(turn=4)))
    wb.participants.set("P01", {"age": "40s"}, quote_consent=False)
    with wb.store.read() as s:
        assert codings_per_coder(s, "bob") == [("alice", 1)]
        assert codings_per_coder(s, "nobody") == [("alice", 1), ("bob", 2)]
        text = wb.transcripts.text("P01").text
        assert coding_source(s, made.id) == (transcript_id(s, "P01"), 5, 9, text[5:9], "P01")
        assert coding_source(s, made.id + 100) is None and coding_source(s, 2**70) is None
        assert consents(s) == [("P01", {"age": "40s"}, False)]
        last = last_event_at(s)
        assert last is not None and last >= made_at
