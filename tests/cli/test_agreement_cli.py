"""``themework agreement`` as a researcher reads it: what is counted, what the pooled row is,
how figures round."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from support import write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string


def _project(tmp_path: Path, answers: int, coded: dict[str, list[int]]) -> Path:
    """P01 answers ``answers`` questions; each coder codes the answers listed (from 1)."""
    text = "\n".join(
        f"Interviewer: Question {i}?\nP01: Answer {i}, about turning up." for i in range(answers)
    )
    path = tmp_path / "study.themework"
    with Workbench.init(from_string(str(path)), name="t", approach="codebook") as wb:
        wb.transcripts.import_files([write(tmp_path / "P01.txt", text + "\n")])
        wb.codes.add("Turning up")
        for name, picked in coded.items():
            coder = Workbench(wb.store, coder=name)
            coder.coding.apply_many(
                [CodingRequest("P01", "Turning up", Target(turn=2 * a)) for a in picked]
            )
            wb.team.set_status("P01", "done", name)
    return path


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> str:
    from themework.cli import main

    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setattr(sys, "argv", ["themework", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    assert not done.value.code, err
    return out


def test_the_table_says_what_it_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, 12, {"alice": [1, 2, 3], "bob": [1, 2, 4]})
    turns = _run(monkeypatch, capsys, "-p", str(project), "agreement", "--coders", "alice,bob",
                 "--unit", "turn")
    assert "12 turn x code pairs (12 turns x 1 code)" in turns  # once labelled "turns 12"
    assert "participants' turns only" in turns
    everyone = _run(monkeypatch, capsys, "-p", str(project), "agreement", "--coders",
                    "alice,bob", "--unit", "turn", "--all-speakers")
    assert "24 turn x code pairs (24 turns x 1 code)" in everyone
    assert "interviewers and facilitators included" in everyone
    characters = _run(monkeypatch, capsys, "-p", str(project), "agreement", "--coders",
                      "alice,bob", "--md")  # Markdown: the terminal wraps long headers
    assert "alpha (nominal, characters as units)" in characters
    assert "NVivo" in characters


def test_a_kappa_just_below_zero_prints_as_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both 60, alice only 61, bob only 1, neither 1: kappa = -2/7624 = -0.00026."""
    both = list(range(1, 61))
    project = _project(
        tmp_path, 123, {"alice": both + list(range(61, 122)), "bob": [*both, 122]}
    )
    out = _run(monkeypatch, capsys, "-p", str(project), "agreement", "--coders", "alice,bob",
               "--unit", "turn", "--code", "turning-up")
    row = next(line for line in out.splitlines() if "│ Turning up " in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[3] == "0.000", row  # the kappa; it printed -0.000
    assert "-0.000" not in out


def test_exclusive_sets_get_their_own_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, 4, {"alice": [1], "bob": [1]})
    book = write(
        tmp_path / "tone.yaml",
        "codes:\n  - name: Turning up\n  - name: Tone\n    exclusive: true\n    children:\n"
        "      - name: Hopeful\n      - name: Resigned\n",
    )
    with Workbench.open(from_string(str(project))) as wb:
        wb.codebook.load(book)
        for coder, tones in (("alice", ["Hopeful", "Resigned"]), ("bob", ["Hopeful", "Hopeful"])):
            Workbench(wb.store, coder=coder).coding.apply_many(
                [CodingRequest("P01", t, Target(turn=2 * i)) for i, t in enumerate(tones, 1)]
            )
    out = _run(monkeypatch, capsys, "-p", str(project), "agreement", "--coders", "alice,bob",
               "--unit", "turn")
    assert "exclusive sets (Cohen's kappa, Krippendorff's nominal alpha)" in out
    row = next(line for line in out.splitlines() if "│ tone" in line)
    assert "hopeful, resigned, (none of the set)" in row and "4 turns" in row
    data = json.loads(_run(monkeypatch, capsys, "-p", str(project), "agreement", "--coders",
                           "alice,bob", "--unit", "turn", "--json"))
    tone = data["exclusive_sets"]["tone"]
    assert tone["n_units"] == 4 and tone["observed"] == 0.75


def _md_rows(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[c.strip() for c in line.strip("|").split("|")] for line in lines if "---" not in line]


def test_the_command_and_the_report_show_the_same_agreement_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One table, two places: the rows the report's methods appendix shows (pooled, each code)
    read the same in ``themework agreement``, an undefined kappa with its reason in both (the
    report once printed a bare "undefined", the command "undefined (reason)")."""
    project = _project(tmp_path, 6, {"alice": [1, 2, 3], "bob": [1, 2, 4]})
    with Workbench.open(from_string(str(project))) as wb:
        wb.codes.add("Honesty")  # both give it every answer: no chance disagreement, no kappa
        for coder in ("alice", "bob"):
            Workbench(wb.store, coder=coder).coding.apply_many(
                [CodingRequest("P01", "Honesty", Target(turn=2 * a)) for a in range(1, 7)]
            )
        appendix = wb.report.build().agreement
    command = _md_rows(_run(monkeypatch, capsys, "-p", str(project), "agreement", "--coders",
                            "alice,bob", "--md"))  # fmt: skip
    assert command[0] == list(appendix[0])
    shown = [list(row) for row in appendix[1:]]
    assert len(shown) == 3 and all(row in command for row in shown), (shown, command)
    honesty = next(row for row in shown if row[0] == "Honesty")
    assert honesty[3].startswith("undefined (") and honesty[3] != "undefined ()"
