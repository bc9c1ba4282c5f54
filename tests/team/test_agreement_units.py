"""What agreement counts: participants' turns by default, every speaker's with
``all_speakers``; pooled rows over unit x code pairs, said as such."""

from __future__ import annotations

from pathlib import Path

from support import write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench

# Ten questions, ten answers: the interviewer's turns are 1, 3, ..., 19; P01's 2, 4, ..., 20.
TWENTY_TURNS = "\n".join(
    f"Interviewer: Question {i}?\nP01: Answer {i}, about keeping in touch." for i in range(1, 11)
) + "\n"


def _coded(wb: Workbench, tmp_path: Path) -> None:
    """A 2x2 table over P01's ten answers: both 1, alice only 1, bob only 3, neither 5.
    Cohen's kappa is 1/11 = 0.091 over the answers; ten uncoded questions counted as agreed
    absences lift it to 3/13 = 0.231."""
    wb.transcripts.import_files([write(tmp_path / "P01.txt", TWENTY_TURNS)])
    wb.codes.add("Keeping in touch")
    for name, answers in (("alice", (1, 2)), ("bob", (1, 3, 4, 5))):
        coder = Workbench(wb.store, coder=name)
        for answer in answers:
            coder.coding.apply(CodingRequest("P01", "Keeping in touch", Target(turn=2 * answer)))
        wb.team.set_status("P01", "done", name)


def test_turns_default_to_the_participants(wb: Workbench, tmp_path: Path) -> None:
    _coded(wb, tmp_path)
    report = wb.team.agreement(["alice", "bob"], unit="turn")
    assert report.speakers == "participants"
    cell = report.by_code["keeping-in-touch"]
    assert cell.n_units == 10 and report.n_units == 10
    assert round(cell.kappa.kappa or 0, 3) == 0.091
    everyone = wb.team.agreement(["alice", "bob"], unit="turn", all_speakers=True)
    assert everyone.speakers == "all"
    assert everyone.by_code["keeping-in-touch"].n_units == 20
    assert round(everyone.by_code["keeping-in-touch"].kappa.kappa or 0, 3) == 0.231


def test_characters_and_sentences_leave_the_interviewer_out_too(
    wb: Workbench, tmp_path: Path
) -> None:
    _coded(wb, tmp_path)
    turns = wb.transcripts.text("P01").turns
    answers = sum(t.end - t.start for t in turns[1::2])
    characters = wb.team.agreement(["alice", "bob"])
    assert characters.by_code["keeping-in-touch"].n_units == answers
    assert characters.n_units == answers
    everyone = wb.team.agreement(["alice", "bob"], all_speakers=True)
    assert everyone.n_units == sum(t.end - t.start for t in turns)
    assert wb.team.agreement(["alice", "bob"], unit="sentence").n_units == 10


def test_pooled_counts_unit_code_pairs_and_says_so(wb: Workbench, tmp_path: Path) -> None:
    _coded(wb, tmp_path)
    wb.codes.add("Unused")
    report = wb.team.agreement(
        ["alice", "bob"], unit="turn", codes=["keeping-in-touch", "unused"]
    )
    assert report.n_units == 10
    assert report.pooled.n_units == 20  # ten turns x two codes
    assert report.source_units == {"P01": 10}
    data = report.to_dict()
    assert data["n_units"] == 10 and data["pooled_over"] == "turn x code pairs"
    assert data["speakers"] == "participants"
