"""Applying codes to text, reading coded extracts and removing codings."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import write
from themework.domain.errors import InputError, NotFound
from themework.services.coding import EXPORT_COLUMNS, CodingRequest, Target
from themework.services.workbench import Workbench


@pytest.fixture
def coded(wb: Workbench, interview: Path) -> Workbench:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    return wb


def req(code: str, transcript: str = "P01", **target: object) -> CodingRequest:
    return CodingRequest(transcript, code, Target(**target))  # type: ignore[arg-type]


def test_turn_codes_the_utterance_not_the_label(coded: Workbench) -> None:
    ex = coded.coding.apply(req("Turning up", turn=2))
    turn = coded.transcripts.text("P01").turns[1]
    assert (ex.start, ex.end) == (turn.start, turn.end)
    assert ex.text.startswith("Mostly by turning up") and ex.text.endswith("it matters.")
    assert "P01:" not in ex.text
    assert (ex.turn, ex.speaker, ex.participant) == (2, "P01", "P01")
    with pytest.raises(InputError) as err:
        coded.coding.apply(req("Turning up", turn=7))
    assert "1 to 6" in str(err.value)


def test_bad_spans_are_refused(coded: Workbench) -> None:
    length = len(coded.transcripts.text("P01").text)
    for span in [(0, length + 1), (-1, 5), (20, 20), (30, 20)]:
        with pytest.raises(InputError) as err:
            coded.coding.apply(req("Honesty", span=span))
        assert "start < end" in str(err.value) and f"0 to {length}" in str(err.value)
    assert coded.coding.extracts() == []
    assert coded.coding.apply(req("Honesty", span=(length - 3, length))).end == length


def test_span_codes_exactly_those_characters(coded: Workbench) -> None:
    text = coded.transcripts.text("P01").text
    start = text.index("honest about it")
    ex = coded.coding.apply(req("Honesty", span=(start, start + 6)))
    assert ex.text == "honest" and ex.turn == 4 and ex.speaker == "P01"


def test_match_with_several_hits_needs_nth(coded: Workbench) -> None:
    with pytest.raises(InputError) as err:
        coded.coding.apply(req("Turning up", match="when"))
    assert "2 times" in str(err.value) and "choose one occurrence, 1 to 2" in str(err.value)
    assert err.value.options == ("nth",)
    second = coded.coding.apply(req("Turning up", match="when", nth=2))
    assert second.text == "when" and second.turn == 3 and second.speaker == "Interviewer"
    first = coded.coding.apply(req("Turning up", match="when", nth=1))
    assert first.turn == 2 and first.participant == "P01"
    with pytest.raises(InputError) as err:
        coded.coding.apply(req("Turning up", match="when", nth=3))
    assert "between 1 and 2" in str(err.value)
    with pytest.raises(InputError):
        coded.coding.apply(req("Turning up", match="not in the text"))
    with pytest.raises(InputError):
        coded.coding.apply(req("Turning up", match="when", turn=2))


def test_unknown_code_or_transcript_is_not_found(coded: Workbench) -> None:
    with pytest.raises(NotFound) as err:
        coded.coding.apply(req("Nope", turn=2))
    assert "Nope" in str(err.value)
    with pytest.raises(NotFound) as err:
        coded.coding.apply(req("Honesty", transcript="P99", turn=2))
    assert "P99" in str(err.value)


def test_overlaps_and_several_codes_on_one_span(coded: Workbench) -> None:
    a = coded.coding.apply(req("Turning up", span=(40, 80)))
    b = coded.coding.apply(req("Turning up", span=(60, 100)))
    c = coded.coding.apply(req("Honesty", span=(40, 80)))
    ex = coded.coding.extracts()
    assert [(e.id, e.code_name, e.start, e.end) for e in ex] == [
        (c.id, "Honesty", 40, 80), (a.id, "Turning up", 40, 80), (b.id, "Turning up", 60, 100),
    ]


def test_coder_per_request_and_memo_on_coding(coded: Workbench) -> None:
    ex = coded.coding.apply(
        CodingRequest("P01", "Honesty", Target(turn=4), coder="carol", memo="Clear example.")
    )
    assert ex.coder == "carol"
    assert "carol" in coded.projects.info().coders
    memos = coded.memos.list(on=f"coding:{ex.id}")
    assert [(m.text, m.coder, m.kind) for m in memos] == [("Clear example.", "carol", "memo")]
    mine = coded.coding.apply(req("Honesty", turn=2))
    assert mine.coder == "alice"


def test_apply_many_is_all_or_nothing(coded: Workbench) -> None:
    events = len(coded.history.log())
    good = CodingRequest("P01", "Honesty", Target(turn=4), coder="dave", memo="kept?")
    with pytest.raises(InputError):
        coded.coding.apply_many([good, req("Honesty", span=(5, 2))])
    with pytest.raises(NotFound):
        coded.coding.apply_many([good, req("No such code", turn=2)])
    assert coded.coding.extracts() == [] and coded.memos.list() == []
    assert "dave" not in coded.projects.info().coders
    assert len(coded.history.log()) == events
    ids = coded.coding.apply_many([good, req("Turning up", turn=2)])
    assert len(ids) == 2 and len(coded.coding.extracts()) == 2


def test_apply_csv_names_the_bad_line_and_stores_nothing(
    coded: Workbench, tmp_path: Path
) -> None:
    good = write(tmp_path / "good.csv",
                 "transcript,code,turn,match,nth,coder,memo\n"
                 "P01,Turning up,2,,,,\n"
                 "P01,Honesty,,when,2,bob,asked\n"
                 "P01,Honesty,,honest about it,,,\n")
    bad_rows = [
        ("P01,Turning up,2,,,,\nP01,Honesty,two,,,,\n", 3, "whole number"),
        ("P01,Turning up,2,,,,\nP01,Nope,2,,,,\n", 3, "Nope"),
        ("P01,Turning up,2,,,,\nP01,Honesty,2,,,,\nP01,Honesty,,when,,,\n", 4, "2 times"),
        ("P02,Honesty,2,,,,\n", 2, "P02"),
    ]
    for i, (rows, line, words) in enumerate(bad_rows):
        bad = write(tmp_path / f"bad{i}.csv", "transcript,code,turn,match,nth,coder,memo\n" + rows)
        with pytest.raises(InputError) as err:
            coded.coding.apply_csv(bad)
        assert f"bad{i}.csv:{line}" in str(err.value) and words in str(err.value)
        assert coded.coding.extracts() == []
    ids = coded.coding.apply_csv(good)
    ex = {e.id: e for e in coded.coding.extracts()}
    assert sorted(ex) == sorted(ids) and len(ids) == 3
    assert {(e.code_name, e.turn, e.coder) for e in ex.values()} == {
        ("Turning up", 2, "alice"), ("Honesty", 3, "bob"), ("Honesty", 4, "alice"),
    }
    with pytest.raises(InputError) as err:
        coded.coding.apply_csv(write(tmp_path / "nocols.csv", "file,label\nP01,x\n"))
    assert "nocols.csv:1" in str(err.value)


def test_extracts_filter_by_code_coder_and_transcript(
    coded: Workbench, tmp_path: Path
) -> None:
    other = write(tmp_path / "in" / "P02.txt",
                  "Interviewer: Tell me more.\nP02: I always turn up on time.\n")
    coded.transcripts.import_files([other])
    a = coded.coding.apply(req("Turning up", turn=2)).id
    b = coded.coding.apply(CodingRequest("P01", "Turning up", Target(turn=2), coder="bob")).id
    c = coded.coding.apply(req("Honesty", turn=4)).id
    d = coded.coding.apply(req("Turning up", transcript="P02", match="turn up")).id
    assert {e.id for e in coded.coding.extracts(["Turning up"])} == {a, b, d}
    assert {e.id for e in coded.coding.extracts(["Honesty", "Turning up"])} == {a, b, c, d}
    assert {e.id for e in coded.coding.extracts(coder="bob")} == {b}
    assert {e.id for e in coded.coding.extracts(transcript="P02")} == {d}
    assert {e.id for e in coded.coding.extracts(["Turning up"], coder="alice",
                                                 transcript="P01")} == {a}
    p02 = coded.coding.extracts(transcript="P02")[0]
    assert (p02.transcript, p02.turn, p02.speaker, p02.participant, p02.text) == (
        "P02", 2, "P02", "P02", "turn up"
    )
    with pytest.raises(NotFound):
        coded.coding.extracts(["Nope"])


def test_remove_deletes_codings_and_their_memos(coded: Workbench) -> None:
    keep = coded.coding.apply(req("Turning up", turn=2)).id
    gone = coded.coding.apply(
        CodingRequest("P01", "Honesty", Target(turn=4), memo="on the coding")
    ).id
    assert coded.coding.find("P01", "Honesty", Target(match="honest")) == [gone]
    assert coded.coding.remove([gone]) == 1
    assert [e.id for e in coded.coding.extracts()] == [keep]
    assert coded.memos.list() == []
    with pytest.raises(NotFound) as err:
        coded.coding.remove([gone, keep])
    assert str(gone) in str(err.value)
    assert [e.id for e in coded.coding.extracts()] == [keep]


def test_removing_one_coding_says_one_coding(coded: Workbench) -> None:
    """Issue 11, defect 11: the log (and the TUI's last action, and undo) said "1 codings"."""
    e = coded.coding.apply(req("Honesty", turn=2))
    coded.coding.remove([e.id])
    assert coded.history.log()[-1].summary == "removed 1 coding"
    assert [x.summary for x in coded.history.undo()] == ["removed 1 coding"]


def test_a_coding_is_logged_by_its_turn_not_its_offsets(coded: Workbench) -> None:
    # The TUI's status line read "last: coded FG01-site-b 9044:9135 as Time and persistence".
    turns = coded.transcripts.text("P01").turns
    coded.coding.apply(req("Turning up", turn=2))
    assert coded.history.log()[-1].summary == "coded P01 turn 2 as Turning up"
    coded.coding.apply(req("Honesty", span=(turns[1].start, turns[3].start + 5)))
    assert coded.history.log()[-1].summary == "coded P01 turns 2 to 4 as Honesty"


def test_streamed_extracts_come_in_the_order_of_extracts(wb: Workbench, tmp_path: Path) -> None:
    # Exports read codings a few transcripts at a time: whatever the chunk, they must come
    # out as extracts() sorts them: names without regard to case, so the codings of names
    # equal but for case interleave by position, even across a chunk's end.
    names = ["b", "A", "a", "C", "c2", "B"]
    wb.transcripts.import_files([
        write(tmp_path / f"{n}{i}" / f"{n}.txt",
              f"Interview {i}\n\nInterviewer: Why, {i}?\nP01: Because it matters to them.\n")
        for i, n in enumerate(names)
    ])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    for i, n in enumerate(names):
        wb.coding.apply(req("Honesty", transcript=n, span=(45 - i, 55)))
        wb.coding.apply(req("Turning up", transcript=n, span=(25 + i, 50)))
        wb.coding.apply(req("Honesty", transcript=n, span=(0, 9)))  # before the first turn
    whole = wb.coding.extracts()
    assert len(whole) == 18
    assert {(e.turn, e.speaker) for e in whole} == {(None, None), (1, "Interviewer"),
                                                     (2, "P01")}
    rows = [tuple(getattr(e, k) for k in EXPORT_COLUMNS) for e in whole]
    for chunk in (1, 2, 5, 200):
        assert list(wb.coding.iter_export_rows(chunk)) == rows


def test_one_transcripts_extracts_are_placed_as_all_of_them_are(
    wb: Workbench, tmp_path: Path
) -> None:
    # One transcript's codings (the Code screen's, read after each coding) are placed in
    # their turns from the transcript's turn table, all codings by a per-coding query:
    # the same turns, speakers and filters either way, the preamble and a label included.
    wb.transcripts.import_files([
        write(tmp_path / f"t{i}" / f"T{i}.txt",
              f"Interview {i}\n\nInterviewer: Why, {i}?\nP01: Because it matters.\n"
              "Interviewer: And then?\nP01: Then we went back.\n")
        for i in range(2)
    ])
    wb.codes.add("Honesty")
    wb.codes.add("Turning up")
    for name in ("T0", "T1"):
        wb.coding.apply(req("Honesty", transcript=name, span=(0, 9)))  # before the first turn
        wb.coding.apply(req("Honesty", transcript=name, span=(13, 24)))  # from a label
        wb.coding.apply(req("Turning up", transcript=name, turn=4))
        wb.coding.apply(req("Turning up", transcript=name, span=(40, 70)))  # across turns
    every = wb.coding.extracts()
    one = wb.coding.extracts(transcript="T1")
    assert one == [e for e in every if e.transcript == "T1"]
    assert {e.turn for e in one} == {None, 1, 2, 4}
    honesty = wb.coding.extracts(["honesty"], transcript="T1", coder=wb.coding.ctx.coder)
    assert honesty == [e for e in one if e.code_name == "Honesty"] and len(honesty) == 2
    assert wb.coding.extracts(transcript="T1", ids=[one[0].id, 10**30]) == one[:1]


def test_transcripts_with_a_code_and_a_coder(coded: Workbench) -> None:
    assert coded.coding.transcripts_with("Honesty") == set()
    coded.coding.apply(CodingRequest("P01", "Honesty", Target(turn=4), coder="carol"))
    coded.coding.apply(CodingRequest("P01", "Honesty", Target(turn=2), coder="carol"))
    assert coded.coding.transcripts_with("Honesty") == {"P01"}  # once, for two codings
    assert coded.coding.transcripts_with("Honesty", coder="carol") == {"P01"}
    assert coded.coding.transcripts_with("Honesty", coder="alice") == set()
    assert coded.coding.transcripts_with("Turning up") == set()
