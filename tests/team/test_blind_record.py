"""Blind coding recorded for the project (``themework project blind on``) and what the
report's methods paragraph says of the team's coding: independent or not (or not recorded),
the agreement unit, and how disagreements were settled."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from support import INTERVIEW, write
from themework.cli.main import app
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench

INDEPENDENT = "Coding was independent (coders did not see each other's codings)."
NOT_RECORDED = "Whether coding was independent (blind) was not recorded."


def _study(wb: Workbench, tmp_path: Path) -> tuple[Workbench, Workbench]:
    wb.projects.update(approach="codebook")
    wb.transcripts.import_files([write(tmp_path / "P01.txt", INTERVIEW)])
    wb.codes.add("Reliability")
    return Workbench(wb.store, coder="alice"), Workbench(wb.store, coder="bob")


def _code(alice: Workbench, bob: Workbench, turn: int) -> None:
    alice.coding.apply(CodingRequest("P01", "Reliability", Target(turn=turn)))
    bob.coding.apply(CodingRequest("P01", "Reliability", Target(turn=turn)))


def _done(wb: Workbench) -> None:
    for coder in ("alice", "bob"):
        wb.team.set_status("P01", "done", coder)


def _methods(wb: Workbench) -> str:
    return wb.report.build().methods


def test_without_a_record_the_paragraph_says_independence_was_not_recorded(
    wb: Workbench, tmp_path: Path
) -> None:
    alice, bob = _study(wb, tmp_path)
    _code(alice, bob, 2)
    _done(wb)
    text = _methods(wb)
    assert NOT_RECORDED in text and INDEPENDENT not in text
    assert (
        "Agreement was computed with characters as units, over the participants' turns "
        "(interviewers' and facilitators' turns left out), in the 1 transcript every coder "
        "marked done." in text
    )
    assert "No reconciliation of the coders' disagreements is recorded." in text


def test_blind_coding_on_before_the_coding_makes_it_independent(
    wb: Workbench, tmp_path: Path
) -> None:
    alice, bob = _study(wb, tmp_path)
    record = wb.projects.set_blind_coding(True)
    assert record.on and wb.projects.blind_coding().on
    _code(alice, bob, 2)
    text = _methods(wb)
    assert INDEPENDENT in text and NOT_RECORDED not in text
    assert "Agreement was not computed: no transcript was marked done by every coder." in text


def test_blind_coding_switched_on_after_the_coding_claims_nothing(
    wb: Workbench, tmp_path: Path
) -> None:
    alice, bob = _study(wb, tmp_path)
    _code(alice, bob, 2)
    wb.projects.set_blind_coding(True)
    text = _methods(wb)
    assert INDEPENDENT not in text
    assert "switched on after the codings were made" in text


def test_codings_made_after_blind_coding_was_switched_off_are_counted_apart(
    wb: Workbench, tmp_path: Path
) -> None:
    alice, bob = _study(wb, tmp_path)
    wb.projects.set_blind_coding(True)
    _code(alice, bob, 2)
    wb.projects.set_blind_coding(False)
    _code(alice, bob, 4)
    text = _methods(wb)
    assert INDEPENDENT not in text
    assert "2 of 4 codings were made blind (coders did not see each other's codings); " \
        "2 while it was off." in text


def test_reconciliation_is_how_disagreements_were_settled(wb: Workbench, tmp_path: Path) -> None:
    alice, bob = _study(wb, tmp_path)
    _code(alice, bob, 2)
    _done(wb)
    wb.reconcile.accept_agreed(["alice", "bob"])
    text = _methods(wb)
    assert "Disagreements were settled by reconciliation: 1 agreed coding" in text
    assert "No reconciliation" not in text


def test_one_coder_is_not_said_to_code_independently(wb: Workbench, tmp_path: Path) -> None:
    alice, _ = _study(wb, tmp_path)
    alice.coding.apply(CodingRequest("P01", "Reliability", Target(turn=2)))
    text = _methods(wb)
    assert NOT_RECORDED not in text and "Agreement" not in text


def test_project_blind_on_hides_other_coders_codings_from_every_session(
    wb: Workbench, tmp_path: Path
) -> None:
    alice, bob = _study(wb, tmp_path)
    _code(alice, bob, 2)
    where = wb.store.location
    project = str(where.path) if where.path is not None else where.url
    run = CliRunner().invoke
    assert run(app, ["-p", project, "project", "blind"]).output.startswith(
        "blind coding has not been recorded"
    )
    done = run(app, ["-p", project, "--coder", "alice", "project", "blind", "on"])
    assert done.exit_code == 0 and "blind coding is on" in done.output
    listed = run(app, ["-p", project, "--coder", "alice", "coding", "list", "--json"])
    assert {e["coder"] for e in json.loads(listed.output)} == {"alice"}
    shown = json.loads(run(app, ["-p", project, "project", "blind", "--json"]).output)
    assert shown["on"] is True and shown["switches"][0]["by"] == "alice"
    assert run(app, ["-p", project, "project", "blind", "maybe"]).exit_code != 0
