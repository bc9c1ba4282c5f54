"""The codings repository and the transcript lookups bulk coding uses, on each backend."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.bulk import insert_ids, page_cache
from themework.store.models import Coding, Memo
from themework.store.repos.codes import CodeIndex
from themework.store.repos.codings import (
    coding_memos,
    codings_by_id,
    delete_codings,
    overlapping,
)
from themework.store.repos.transcripts import texts_named, transcript_id, transcript_names


@pytest.fixture
def coded(wb: Workbench, interview: Path) -> tuple[Workbench, list[int]]:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    ids = wb.coding.apply_many([
        CodingRequest("P01", "Turning up", Target(span=(10, 40)), memo="first look"),
        CodingRequest("P01", "Turning up", Target(span=(60, 80)), coder="bob"),
        CodingRequest("P01", "Honesty", Target(span=(10, 40))),
    ])
    return wb, ids


def test_codings_come_by_id_and_ids_of_none_are_left_out(
    coded: tuple[Workbench, list[int]],
) -> None:
    wb, ids = coded
    with wb.store.read() as s:
        found = codings_by_id(s, [ids[0], ids[2], 10**6, 2**70])
        assert sorted(c.id for c in found) == [ids[0], ids[2]]
        assert all(isinstance(c, Coding) for c in found)
        assert codings_by_id(s, []) == []


def test_a_codings_memos_come_with_it(coded: tuple[Workbench, list[int]]) -> None:
    wb, ids = coded
    with wb.store.read() as s:
        memos = coding_memos(s, ids)
    assert [(m.coding_id, m.text) for m in memos] == [(ids[0], "first look")]
    assert all(isinstance(m, Memo) for m in memos)


def test_deleting_codings_takes_their_memos(coded: tuple[Workbench, list[int]]) -> None:
    wb, ids = coded
    with wb.store.write() as s:
        delete_codings(s, ids[:1])
    with wb.store.read() as s:
        assert sorted(c.id for c in codings_by_id(s, ids)) == ids[1:]
        assert coding_memos(s, ids) == []


def test_overlapping_codings_of_a_code_and_of_one_coder(
    coded: tuple[Workbench, list[int]],
) -> None:
    wb, ids = coded
    with wb.store.read() as s:
        tid = transcript_id(s, "P01")
        code = CodeIndex(s).get("Turning up").id
        assert overlapping(s, tid, code, 0, 100) == ids[:2]
        assert overlapping(s, tid, code, 39, 61) == ids[:2]  # one character of each
        assert overlapping(s, tid, code, 40, 60) == []  # end exclusive: touching is not over
        assert overlapping(s, tid, code, 0, 100, coder="bob") == [ids[1]]


def test_transcripts_by_name_with_their_text(coded: tuple[Workbench, list[int]]) -> None:
    wb, _ = coded
    text = wb.transcripts.text("P01").text
    with wb.store.read() as s:
        tid = transcript_id(s, "P01")
        assert transcript_names(s) == {tid: "P01"}
        assert texts_named(s, ["P01", "P99"]) == [(tid, "P01", text)]
        assert texts_named(s, []) == []


def test_one_row_inserted_hands_back_its_id(coded: tuple[Workbench, list[int]]) -> None:
    """The single-row path (one INSERT ... RETURNING) agrees with the bulk one."""
    wb, ids = coded
    with wb.store.write() as s:
        row = {c: getattr(codings_by_id(s, ids[:1])[0], c)
               for c in ("transcript_id", "code_id", "coder_id", "created_at", "origin",
                         "quote", "context_before", "context_after", "flagged")}  # fmt: skip
        one = insert_ids(s, Coding.__table__, [{**row, "start": 1, "end": 2}])
        two = insert_ids(s, Coding.__table__, [{**row, "start": 3, "end": 4}] * 2)
        assert one[0] > max(ids) and two == [one[0] + 1, one[0] + 2]
        assert [(c.start, c.end) for c in codings_by_id(s, one)] == [(1, 2)]


def test_bulk_rows_keep_their_own_times_shared_or_not(coded: tuple[Workbench, list[int]]) -> None:
    """A time given to many rows is converted once; a different one after it still counts."""
    wb, ids = coded
    with wb.store.write() as s:
        row = {c: getattr(codings_by_id(s, ids[:1])[0], c)
               for c in ("transcript_id", "code_id", "coder_id", "origin", "quote",
                         "context_before", "context_after", "flagged")}  # fmt: skip
        t1, t2 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2026, 2, 3, tzinfo=UTC)
        times = [t1, t1, t2, t1]
        new = insert_ids(s, Coding.__table__, [{**row, "start": i, "end": i + 1,
                                                 "created_at": t} for i, t in enumerate(times)])
        got = {c.id: c.created_at for c in codings_by_id(s, new)}
        assert [got[i].replace(tzinfo=UTC) for i in new] == times


def test_a_bulk_writes_page_cache_is_the_default_again_after_it(wb: Workbench) -> None:
    with wb.store.write() as s:
        if s.get_bind().dialect.name != "sqlite":
            with page_cache(s, 8):
                return
        def size() -> object:
            return s.connection().exec_driver_sql("PRAGMA cache_size").scalar()

        default = size()
        with page_cache(s, 8):
            assert size() == -8 * 1024
        assert size() == default
