"""Counts the screens show, taken by grouped queries: each equals counting the extracts one
by one (the way the screens counted before, too slow at 1,000 transcripts)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from support import INTERVIEW, as_coder, write
from themework.domain.errors import InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


@pytest.fixture
def two_coders(wb: Workbench, tmp_path: Path) -> Workbench:
    """Three transcripts (one never coded), three codes, two coders with uneven work."""
    files = [write(tmp_path / "in" / f"P0{n}.txt", INTERVIEW.replace("P01", f"P0{n}"))
             for n in (1, 2, 3)]
    wb.transcripts.import_files(files)
    for name in ("Turning up", "Honesty", "Privacy"):
        wb.codes.add(name)
    bob = as_coder(wb, "bob")
    plan = [(wb, "P01", "Turning up", 2), (wb, "P01", "Honesty", 4), (wb, "P01", "Honesty", 6),
            (wb, "P02", "Turning up", 2), (bob, "P01", "Turning up", 2),
            (bob, "P02", "Privacy", 4), (bob, "P02", "Honesty", 4), (bob, "P02", "Honesty", 6)]
    for who, transcript, code, turn in plan:
        who.coding.apply(CodingRequest(transcript, code, Target(turn=turn)))
    return wb


@pytest.fixture
def turns_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The transcripts whose turns a coding reads whole, in the order read."""
    from themework.services import coding_targets

    read: list[str] = []
    real = coding_targets.turns_of

    def counted(s: object, tid: str) -> object:
        read.append(tid)
        return real(s, tid)  # type: ignore[arg-type]

    monkeypatch.setattr(coding_targets, "turns_of", counted)
    return read


def test_codings_per_transcript_and_coder_equal_counting_extracts(two_coders: Workbench) -> None:
    by_extracts = Counter((e.transcript, e.coder) for e in two_coders.coding.extracts())
    assert two_coders.transcripts.coding_progress() == dict(by_extracts)
    assert by_extracts == {("P01", "alice"): 3, ("P02", "alice"): 1, ("P01", "bob"): 1,
                           ("P02", "bob"): 3}
    for coder in ("alice", "bob", "nobody"):
        mine = Counter((e.transcript, e.coder) for e in two_coders.coding.extracts(coder=coder))
        assert two_coders.transcripts.coding_progress(coder=coder) == dict(mine)


def test_codings_per_code_of_one_coder_equal_counting_their_extracts(
    two_coders: Workbench,
) -> None:
    for coder in ("alice", "bob"):
        mine = Counter(e.code for e in two_coders.coding.extracts(coder=coder))
        listed = {c.id: c.codings for c in two_coders.codes.list(coder=coder)}
        assert listed == {c: mine.get(c, 0) for c in listed}
    everyone = Counter(e.code for e in two_coders.coding.extracts())
    assert {c.id: c.codings for c in two_coders.codes.list()} == dict(everyone)


def test_a_span_coding_reads_no_turns_and_codes_as_before(
    two_coders: Workbench, turns_read: list[str]
) -> None:
    """A turn coding reads that one turn, not all of the transcript's: at 5,000 turns that
    read was most of the time to save a coding made by a key in the Code screen."""
    turn = two_coders.transcripts.text("P03").turns[1]
    by_span = two_coders.coding.apply(
        CodingRequest("P03", "honesty", Target(span=(turn.start, turn.end))))
    by_turn = two_coders.coding.apply(CodingRequest("P03", "privacy", Target(turn=2)))
    assert turns_read == []
    assert (by_span.start, by_span.end, by_span.turn) == (by_turn.start, by_turn.end, 2)
    turns = two_coders.transcripts.text("P03").turns
    with pytest.raises(InputError, match=f"has turns 1 to {len(turns)}, not 99"):
        two_coders.coding.apply(CodingRequest("P03", "privacy", Target(turn=99)))


def test_many_turn_codings_read_the_turns_once(
    two_coders: Workbench, turns_read: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a few, turn codings in one transcript read its turns once, not one by one."""
    from themework.services import coding_targets

    monkeypatch.setattr(coding_targets, "ONE_BY_ONE", 2)
    turns = two_coders.transcripts.text("P03").turns
    ids = two_coders.coding.apply_many(
        [CodingRequest("P03", "privacy", Target(turn=t.index)) for t in turns])
    assert len(turns_read) == 1
    made = two_coders.coding.extracts(ids=ids)
    assert sorted((e.turn, e.start, e.end) for e in made) == [
        (t.index, t.start, t.end) for t in turns]
