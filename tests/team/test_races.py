"""PostgreSQL under mixed load: two coders colliding end in the right state or a clear
conflict, never a coding on a merged code or an "internal error"."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from support import INTERVIEW, write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string


@pytest.fixture
def pg_wb(pg_url: str, tmp_path: Path) -> Any:
    bench = Workbench.init(from_string(pg_url), name="T", approach="codebook", coder="alice")
    bench.transcripts.import_files([write(tmp_path / "P01.txt", INTERVIEW)])
    bench.codes.add("Turning up")
    bench.codes.add("Reliability")
    yield bench, pg_url
    bench.close()


def test_a_coding_applied_while_its_code_is_merged_follows_the_merge(
    pg_wb: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coding landed on a code merged 2 ms earlier: it must end on the merged-into code."""
    import themework.services.coding as coding

    wb, url = pg_wb
    indexed, merged = threading.Event(), threading.Event()
    real = coding.CodeIndex

    def slow_index(s: Any, *args: Any, **kw: Any) -> Any:
        index = real(s, *args, **kw)
        indexed.set()
        merged.wait(timeout=10)  # the merge commits between our read and our insert
        return index

    monkeypatch.setattr(coding, "CodeIndex", slow_index)
    other = Workbench.open(from_string(url), coder="bob")
    failures: list[BaseException] = []

    def merge() -> None:
        try:
            indexed.wait(timeout=10)
            other.codes.merge(["Turning up"], "Reliability")
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            merged.set()

    t = threading.Thread(target=merge)
    t.start()
    wb.coding.apply(CodingRequest("P01", "Turning up", Target(turn=2)))
    t.join(timeout=30)
    other.close()
    assert failures == []
    codes = {c.id: c for c in wb.codes.list(include_retired=True)}
    assert codes["turning-up"].status == "merged"
    assert [(e.code, e.turn) for e in wb.coding.extracts()] == [("reliability", 2)]


def test_two_processes_meeting_a_new_coder_name_at_once(pg_wb: Any) -> None:
    """The second used to fail with UniqueViolation on uq_coder_name ("internal error")."""
    _wb, url = pg_wb
    first = Workbench.open(from_string(url), coder="zoe")
    second = Workbench.open(from_string(url), coder="zoe")
    inserted = threading.Event()
    ids: list[int] = []

    def hold_then_commit() -> None:
        with first.store.write() as s:
            ids.append(first.coder_id(s))
            inserted.set()
            threading.Event().wait(0.5)  # the other one meets the name meanwhile

    t = threading.Thread(target=hold_then_commit)
    t.start()
    inserted.wait(timeout=10)
    with second.store.write() as s:
        ids.append(second.coder_id(s))
    t.join(timeout=10)
    first.close()
    second.close()
    assert len(ids) == 2 and ids[0] == ids[1]
