"""Teams: assignment and status, agreement over done transcripts, blind views, reconciliation,
project merge run twice, and copying a project between backends losing nothing."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from support import INTERVIEW, write
from themework.domain.errors import InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import Location, from_string
from themework.store.models import Base


def _two_coders(wb: Workbench, tmp_path: Path) -> tuple[Workbench, Workbench]:
    wb.transcripts.import_files([write(tmp_path / "P01.txt", INTERVIEW)])
    wb.codes.add("Reliability")
    wb.codes.add("Honesty")
    alice, bob = Workbench(wb.store, coder="alice"), Workbench(wb.store, coder="bob")
    t = wb.transcripts.text("P01")
    turn2, turn4 = t.turns[1], t.turns[3]
    alice.coding.apply(CodingRequest("P01", "Reliability", Target(turn=2)))
    bob.coding.apply(
        CodingRequest("P01", "Reliability", Target(span=(turn2.start, turn2.start + 20)))
    )
    alice.coding.apply(CodingRequest("P01", "Honesty", Target(turn=4)))
    bob.coding.apply(CodingRequest("P01", "Honesty", Target(span=(turn4.start, turn4.end))))
    return alice, bob


def test_agreement_counts_only_transcripts_both_coders_marked_done(
    wb: Workbench, tmp_path: Path
) -> None:
    _two_coders(wb, tmp_path)
    assert wb.team.assign("alice", ["P01"]) == 1
    assert wb.team.assign("alice", ["P01"]) == 0  # assigning twice adds nothing
    report = wb.team.agreement(["alice", "bob"])
    assert report.sources == () and report.excluded
    wb.team.set_status("P01", "done", "alice")
    assert wb.team.agreement(["alice", "bob"]).sources == ()
    wb.team.set_status("P01", "done", "bob")
    report = wb.team.agreement(["alice", "bob"])
    assert report.sources == ("P01",)
    honesty, reliability = report.by_code["honesty"], report.by_code["reliability"]
    assert honesty.observed == 1.0 and honesty.kappa.kappa == pytest.approx(1.0)
    assert reliability.observed is not None and reliability.observed < 1.0
    rows = {(r.transcript, r.coder): r.status for r in wb.team.statuses()}
    assert rows == {("P01", "alice"): "done", ("P01", "bob"): "done"}
    with pytest.raises(InputError):
        wb.team.set_status("P01", "finished", "alice")


def test_reconciliation_records_the_agreed_version_under_consensus(
    wb: Workbench, tmp_path: Path
) -> None:
    _two_coders(wb, tmp_path)
    open_items = wb.reconcile.disagreements(["alice", "bob"])
    assert [d.code for d in open_items] == ["reliability"]
    d = open_items[0]
    ids = wb.reconcile.decide(["alice", "bob"], d.key, "alice", "the whole answer is about it")
    consensus = wb.coding.extracts(["reliability"], coder="consensus")
    assert [e.id for e in consensus] == ids
    alice_span = next(e for e in wb.coding.extracts(["reliability"], coder="alice"))
    assert (consensus[0].start, consensus[0].end) == (alice_span.start, alice_span.end)
    assert wb.reconcile.disagreements(["alice", "bob"]) == []
    memos = wb.memos.list(on=f"coding:{ids[0]}")
    assert memos and memos[0].text == "the whole answer is about it"
    assert wb.reconcile.accept_agreed(["alice", "bob"]) == 1  # the honesty stretch


def test_blind_views_hide_other_coders(wb: Workbench, tmp_path: Path) -> None:
    alice, _bob = _two_coders(wb, tmp_path)
    mine = alice.coding.extracts(coder=alice.whoami())
    assert {e.coder for e in mine} == {"alice"} and len(mine) == 2


def test_project_merge_twice_adds_nothing_the_second_time(wb: Workbench, tmp_path: Path) -> None:
    wb.transcripts.import_files([write(tmp_path / "P01.txt", INTERVIEW)])
    wb.codes.add("Reliability")
    other = Workbench.init(from_string(str(tmp_path / "bob.themework")), name="bob's", coder="bob")
    other.transcripts.import_files([write(tmp_path / "b" / "P01.txt", INTERVIEW)])
    other.codes.add("Reliability")
    other.codes.add("Warmth")
    other.coding.apply(CodingRequest("P01", "Reliability", Target(turn=2)))
    other.coding.apply(CodingRequest("P01", "Warmth", Target(turn=4)))
    other.close()
    first = wb.merge(from_string(str(tmp_path / "bob.themework")))
    assert (first.transcripts_matched, first.codings_added) == (1, 2)
    assert first.codes_added == ("Warmth",)
    second = wb.merge(from_string(str(tmp_path / "bob.themework")))
    assert (second.codings_added, second.codings_skipped, second.codes_added) == (0, 2, ())
    assert {(e.code, e.coder) for e in wb.coding.extracts()} == {
        ("reliability", "bob"),
        ("warmth", "bob"),
    }


def _plain(value: object) -> str:
    """Values as text, with times in UTC (SQLite hands them back without a zone)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return repr(value)


def _dump(location: Location) -> dict[str, list[tuple[object, ...]]]:
    wb = Workbench.open(location)
    try:
        with wb.store.read() as s:
            return {
                t.name: sorted(
                    (tuple(_plain(v) for v in row) for row in s.execute(select(t)).all()), key=str
                )
                for t in Base.metadata.sorted_tables
            }
    finally:
        wb.close()


def test_copy_round_trip_sqlite_postgres_sqlite_loses_nothing(
    tmp_path: Path, pg_url: str, demo_file: Path
) -> None:
    source = from_string(str(tmp_path / "demo.themework"))
    shutil.copy(demo_file, tmp_path / "demo.themework")
    pg = from_string(pg_url)
    Workbench.copy(source, pg)
    back = from_string(str(tmp_path / "back.themework"))
    Workbench.copy(pg, back)
    before, middle, after = _dump(source), _dump(pg), _dump(back)
    for name in before:
        assert before[name] == middle[name], name
        assert before[name] == after[name], name
    with Workbench.open(pg, coder="carol") as shared:  # sequences were reset
        shared.codes.add("A code made after the copy")
        shared.coding.apply(CodingRequest("P01", "A code made after the copy", Target(turn=2)))
