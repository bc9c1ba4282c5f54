"""Coders, the project row and the team's reads (store/repos), query by query, on each
backend: alice and bob code P01, alice marks it done."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from support import as_coder
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.repos import coders as repo
from themework.store.repos import project
from themework.store.repos.transcripts import texts_of, transcript_id
from themework.store.repos.turns import turns_of, utterance_spans


@pytest.fixture
def team(wb: Workbench, interview: Path) -> Workbench:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    as_coder(wb, "alice").coding.apply(CodingRequest("P01", "Turning up", Target(turn=2)))
    as_coder(wb, "bob").coding.apply(CodingRequest("P01", "Turning up", Target(span=(5, 9))))
    wb.team.set_status("P01", "done", "alice")
    return wb


def test_coders_by_name_and_made_once(team: Workbench) -> None:
    with team.store.write() as s:
        alice = repo.coder_named(s, "alice")
        assert alice is not None and repo.coder_named(s, "carol") is None
        now = datetime.now(UTC)
        assert repo.coder_made(s, "alice", now) == alice  # already there: not made again
        carol = repo.coder_made(s, "carol", now)
        assert carol != alice and repo.coder_named(s, "carol") == carol
        assert {"alice", "bob", "carol"} <= set(repo.coder_names(s))
        assert repo.coder_names(s) == sorted(repo.coder_names(s))


def test_statuses_and_coded_spans(team: Workbench) -> None:
    with team.store.read() as s:
        tid = transcript_id(s, "P01")
        assert repo.statuses(s) == [(tid, "P01", "alice", "done")]
        spans = repo.coded_spans(s, ["alice", "bob"])
        turn = turns_of(s, tid)[1]
        assert sorted((c.coder, c.start, c.end) for c in spans) == [
            ("alice", turn.start, turn.end), ("bob", 5, 9)]  # fmt: skip
        assert [c.coder for c in repo.coded_spans(s, ["bob"], [tid])] == ["bob"]
        assert repo.coded_spans(s, ["alice"], []) == []


def test_utterances_of_participants_or_of_everyone(team: Workbench) -> None:
    with team.store.read() as s:
        tid = transcript_id(s, "P01")
        turns = turns_of(s, tid)
        theirs = utterance_spans(s, [tid])
        everyone = utterance_spans(s, [tid], "everyone")
        assert texts_of(s, [tid]) == {tid: team.transcripts.text("P01").text}
    assert sorted(everyone) == [(tid, t.start, t.end) for t in turns]
    assert sorted(theirs) == [(tid, t.start, t.end) for t in turns[1::2]]  # P01's turns


def test_the_project_row_and_its_counts(team: Workbench) -> None:
    with team.store.read() as s:
        row = project.project_row(s)
        assert row is not None and project.change_counter(s) == row.change_counter > 0
        assert project.counts(s) == (1, 1, 1, 2, 0)
        assert project.settings(s) == dict(row.settings or {})
        assert project.default_coder(s) == row.default_coder
