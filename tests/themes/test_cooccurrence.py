"""Co-occurrence on a small example worked out by hand, by overlap and by turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import INTERVIEW, as_coder, write
from themework.domain.errors import InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


@pytest.fixture
def p01(wb: Workbench, tmp_path: Path) -> Workbench:
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", INTERVIEW)])
    for name in ("A", "B", "C", "D"):
        wb.codes.add(name)
    return wb


def utterance(wb: Workbench, turn: int) -> int:
    return wb.transcripts.text("P01").turns[turn - 1].start


def apply(wb: Workbench, code: str, start: int, end: int, coder: str | None = None) -> None:
    wb.coding.apply(CodingRequest("P01", code, Target(span=(start, end)), coder=coder))


def pairs(wb: Workbench, unit: str) -> dict[tuple[str, str], tuple[int, float]]:
    return {(p.a, p.b): (p.n, p.jaccard) for p in wb.analysis.cooccurrence(unit).pairs}


def test_overlap_counts_stretches_and_compares_characters(p01: Workbench) -> None:
    wb = p01
    t2, t4 = utterance(wb, 2), utterance(wb, 4)
    # Turn 2:  A [0, 20)   B [10, 30)   C [25, 40)      (offsets from the utterance start)
    # Turn 4:  A [0, 10)   B [0, 10)
    apply(wb, "A", t2, t2 + 20)
    apply(wb, "A", t2, t2 + 20, coder="bob")  # a second coder on the same span: no extra cover
    apply(wb, "B", t2 + 10, t2 + 30)
    apply(wb, "C", t2 + 25, t2 + 40)
    apply(wb, "A", t4, t4 + 10)
    apply(wb, "B", t4, t4 + 10)
    apply(wb, "D", t4 + 10, t4 + 20)  # touches A and B, overlaps neither
    # By hand: cover A = 20 + 10 = 30, B = 20 + 10 = 30, C = 15, D = 10.
    # A and B share [10, 20) in turn 2 and [0, 10) in turn 4: 20 characters in 2 stretches;
    #   Jaccard = 20 / (30 + 30 - 20) = 0.5.
    # B and C share [25, 30): 5 characters in 1 stretch; Jaccard = 5 / (30 + 15 - 5) = 0.125.
    # A and C never overlap; D only touches.
    assert pairs(wb, "overlap") == {("a", "b"): (2, 0.5), ("b", "c"): (1, 0.125)}
    c = wb.analysis.cooccurrence("overlap")
    assert [(p.a, p.b) for p in c.pairs] == [("a", "b"), ("b", "c")]  # highest Jaccard first
    assert c.names["a"] == "A" and c.unit == "overlap"
    # One coder's view: bob coded only A, so there is nothing to pair.
    assert wb.analysis.cooccurrence("overlap", coders=["bob"]).pairs == ()
    with pytest.raises(InputError):
        wb.analysis.cooccurrence("sentence")


def test_turn_counts_turns_both_codes_touch(p01: Workbench) -> None:
    wb = p01
    t2, t4, t6 = utterance(wb, 2), utterance(wb, 4), utterance(wb, 6)
    # Turn sets: A {2, 4}, B {2, 4}, C {2, 6}, D {4, 6}.
    apply(wb, "A", t2, t2 + 5)
    apply(wb, "B", t2 + 50, t2 + 60)  # far apart from A, but in the same turn
    apply(wb, "C", t2 + 70, t2 + 80)
    apply(wb, "A", t4, t4 + 5)
    apply(wb, "B", t4, t4 + 5)
    as_coder(wb, "bob").coding.apply(CodingRequest("P01", "B", Target(turn=4)))  # same turn again
    apply(wb, "D", t4 + 20, t4 + 30)
    apply(wb, "D", t6, t6 + 5)
    apply(wb, "C", t6, t6 + 5)
    # By hand: A-B share turns 2 and 4: n = 2, Jaccard = 2 / (2 + 2 - 2) = 1.
    # Every other pair shares one turn of 2 + 2: n = 1, Jaccard = 1 / 3.
    third = round(1 / 3, 4)
    assert pairs(wb, "turn") == {
        ("a", "b"): (2, 1.0), ("a", "c"): (1, third), ("a", "d"): (1, third),
        ("b", "c"): (1, third), ("b", "d"): (1, third), ("c", "d"): (1, third),
    }
    # By overlap: A and B share 5 characters of turn 4, B (bob's whole turn 4) and D 10, and
    # C and D 5 of turn 6. A covers 10, C 15, D 15, B 10 plus the length of turn 4.
    t4_len = len(wb.transcripts.text("P01").text[t4 : wb.transcripts.text("P01").turns[3].end])
    b_cover = 10 + t4_len
    assert pairs(wb, "overlap") == {
        ("a", "b"): (1, round(5 / (10 + b_cover - 5), 4)),
        ("b", "d"): (1, round(10 / (b_cover + 15 - 10), 4)),
        ("c", "d"): (1, round(5 / (15 + 15 - 5), 4)),
    }


def test_a_coding_across_two_turns_counts_in_both(p01: Workbench) -> None:
    wb = p01
    text = wb.transcripts.text("P01")
    t2, t4 = text.turns[1], text.turns[3]
    apply(wb, "A", t2.end - 5, t4.start + 5)  # from the end of turn 2 into turn 4
    apply(wb, "B", t4.end - 5, t4.end)
    apply(wb, "C", t2.start, t2.start + 5)
    # A touches turns 2, 3 (the interviewer's) and 4; B only 4; C only 2.
    # A-B: 1 / (3 + 1 - 1); A-C the same; B and C never share a turn.
    third = round(1 / 3, 4)
    assert pairs(wb, "turn") == {("a", "b"): (1, third), ("a", "c"): (1, third)}
