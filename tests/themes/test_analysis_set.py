"""One analysis set for every analysis and the report: consensus codings where a transcript
was reconciled, else the union of the coders; ``coders`` names coders instead; the
``consensus`` coder is never counted as a coder."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from themes_setup import code, focus_group_study, span

from support import as_coder
from themework.domain.errors import NotFound
from themework.services.coding import CodingRequest
from themework.services.workbench import Workbench

CODERS = ["alice", "bob"]


@pytest.fixture
def reconciled(wb: Workbench, tmp_path: Path) -> Workbench:
    """FG reconciled: the coders' Reliability agreed, bob's Honesty rejected, alice's Food
    taken; P01 coded by bob alone and never reconciled."""
    focus_group_study(wb, tmp_path)
    bob = as_coder(wb, "bob")
    trust = span(wb, "FG", "Turning up every week builds trust")
    code(wb, "FG", "Reliability", trust)
    code(wb, "FG", "Food", span(wb, "FG", "Food helps."))
    bob.coding.apply(CodingRequest("FG", "Reliability", trust))
    bob.coding.apply(CodingRequest("FG", "Honesty", span(wb, "FG", "Being honest about what")))
    bob.coding.apply(CodingRequest("P01", "Honesty", span(wb, "P01", "Then I am honest")))
    wb.themes.create("Honesty first", codes=["Honesty"])
    wb.themes.create("Being there", codes=["Reliability", "Food"])
    assert wb.reconcile.accept_agreed(CODERS) == 1
    for d in wb.reconcile.disagreements(CODERS, transcript="FG"):
        wb.reconcile.decide(CODERS, d.key, "none" if d.code == "honesty" else "alice")
    return wb


def extracts(p, item: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {r.coder: r.extracts for r in p.rows if r.item == item and r.group is None}


def test_a_reconciled_transcript_counts_its_consensus_codings_only(reconciled: Workbench) -> None:
    p = reconciled.analysis.prevalence("code")
    # bob's Honesty on FG was rejected: only his unreconciled one on P01 counts
    assert extracts(p, "honesty") == {"union": 1}
    assert extracts(p, "reliability") == {"union": 1}
    assert extracts(p, "food") == {"union": 1}
    assert p.analysis_set.reconciled == 1 and p.analysis_set.coders == ("alice", "bob")
    # named coders count their own codings everywhere, the rejected one too
    both = reconciled.analysis.prevalence("code", coders=CODERS)
    assert extracts(both, "honesty") == {"union": 2}
    assert both.analysis_set.describe() == (
        "Analyses count the codings of alice and bob (chosen by name)."
    )


def test_per_coder_counts_never_show_consensus_as_a_coder(reconciled: Workbench) -> None:
    p = reconciled.analysis.prevalence("code", per_coder=True)
    assert {r.coder for r in p.rows} == {"alice", "bob"}
    only = reconciled.analysis.prevalence("code", per_coder=True, coders=["consensus"])
    assert {r.coder for r in only.rows} == {"consensus"}  # when asked for by name


def test_cooccurrence_and_the_matrix_count_the_same_set(reconciled: Workbench) -> None:
    def honesty_cells(coders: list[str] | None) -> dict[str, int]:
        m = reconciled.analysis.matrix(coders=coders)
        return {c.row: c.extracts for c in m.cells if c.theme == "honesty-first" and c.extracts}

    assert honesty_cells(None) == {"P01": 1}  # FG2's rejected Honesty is not there
    assert honesty_cells(CODERS) == {"P01": 1, "FG2": 1}
    assert reconciled.analysis.cooccurrence("overlap").pairs == ()
    pairs = reconciled.analysis.cooccurrence("turn", coders=CODERS).pairs
    assert pairs == ()  # Honesty and Reliability are in different turns
    with pytest.raises(NotFound, match="no coder 'carol'"):
        reconciled.analysis.prevalence("code", coders=["carol"])


def test_the_report_says_which_set_it_counted_and_counts_no_consensus_coder(
    reconciled: Workbench,
) -> None:
    report = reconciled.report.build()
    assert [name for name, _ in report.coders] == ["alice", "bob"]
    assert "2 coders applied 5 codings" in report.methods
    assert (
        "Analyses count the consensus codings on the 1 reconciled transcript and, on the "
        "others, the codings of alice and bob together (their union)."
    ) in report.methods
    assert (
        "Disagreements were settled by reconciliation: 2 agreed codings recorded on "
        "1 transcript."
    ) in report.methods
    named = reconciled.report.build(coders=CODERS)
    assert "Analyses count the codings of alice and bob (chosen by name)." in named.methods


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(
    reconciled: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Cli:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> tuple[int, str, str]:
        from themework.cli import main

        capsys.readouterr()
        url = reconciled.store.location.url
        monkeypatch.setattr(sys, "argv", ["themework", "-p", url, *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        with pytest.raises(SystemExit) as done:
            main.run()
        out, err = capsys.readouterr()
        return int(done.value.code or 0), out, err

    return run


@pytest.mark.parametrize(
    "command", [["prevalence", "--of", "code"], ["cooccurrence"], ["matrix"]]
)
def test_every_analysis_command_says_its_set_and_takes_coders(
    cli: Cli, command: list[str]
) -> None:
    code_, out, err = cli(*command)
    assert code_ == 0, err
    assert "Analyses count the consensus codings on the 1 reconciled transcript" in out
    code_, out, err = cli(*command, "--coders", "alice, bob")
    assert code_ == 0, err
    assert "Analyses count the codings of alice and bob (chosen by name)." in out
    code_, out, err = cli(*command, "--coders", "carol")
    assert code_ == 1 and err.strip() == "error: no coder 'carol'"


def test_report_takes_coders(cli: Cli) -> None:
    code_, out, err = cli("report", "--coders", "alice,bob")
    assert code_ == 0, err
    assert "Analyses count the codings of alice and bob (chosen by name)." in out
