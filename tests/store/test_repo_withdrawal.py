"""The withdrawal repository (store/repos/withdrawal.py), query by query, on each backend:
P01 speaks alone in their interview and with FG2 and FG3 in a focus group."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Participant, Speaker, TranscriptParticipant
from themework.store.repos import withdrawal as repo
from themework.store.repos.transcripts import transcript_id

ONE_TO_ONE = """Interview P01 - Site A

Interviewer: How do you build trust?
P01: By turning up, every week, without fail and on time.
"""

GROUP = """Focus group FG - Site B

Facilitator: What helps young people trust you?
FG2: Time. Being around long enough that they know you are staying.
P01: Consistency, every single week, whatever the weather.
"""


@pytest.fixture
def study(wb: Workbench, tmp_path: Path) -> tuple[Workbench, int, dict[str, str]]:
    wb.transcripts.import_files([write(tmp_path / "in" / "P01.txt", ONE_TO_ONE),
                                 write(tmp_path / "in" / "FG.txt", GROUP)])  # fmt: skip
    wb.codes.add("Turning up")
    wb.coding.apply(CodingRequest("P01", "Turning up", Target(turn=2), memo="their words"))
    wb.coding.apply(CodingRequest("FG", "Turning up", Target(turn=2)))
    wb.memos.add("project", "A journal entry.", kind="journal")
    with wb.store.read() as s:
        pid = s.query(Participant.id).filter(Participant.pseudonym == "P01").scalar()
        tids = {name: transcript_id(s, name) for name in ("P01", "FG")}
    return wb, pid, tids


def test_where_a_participant_speaks_alone_and_with_others(
    study: tuple[Workbench, int, dict[str, str]],
) -> None:
    wb, pid, tids = study
    with wb.store.read() as s:
        assert repo.speaking_in(s, pid) == ([tids["P01"]], [tids["FG"]])
        assert repo.names_of(s, tids.values()) == ("FG", "P01")
        assert len(repo.text_hashes(s, [tids["P01"]])) == 1
        coded = repo.codings_in(s, [tids["P01"]])
        assert len(coded) == 1 and repo.existing_codings(s, [*coded, 10**6]) == coded
        assert repo.existing_codings(s, []) == set()
        memos = repo.their_memos(s, pid, [], coded)
        assert len(memos) == 1  # the coding's memo, not the journal
        said = repo.spoken_texts(s, pid, list(tids.values()))
    assert sorted(said) == ["By turning up, every week, without fail and on time.",
                            "Consistency, every single week, whatever the weather."]  # fmt: skip


def test_a_group_transcripts_rows_and_the_unlinking(
    study: tuple[Workbench, int, dict[str, str]],
) -> None:
    wb, pid, tids = study
    fg = tids["FG"]
    with wb.store.write() as s:
        rows = repo.group_rows(s, fg, pid)
        assert [t.index for t in rows.turns] == [1, 2, 3]
        mine = [t.id for t in rows.turns if t.speaker_id in rows.speakers]
        assert len(rows.speakers) == 1 and len(mine) == 1 and len(rows.codings) == 1
        repo.unlink(s, fg, pid, rows.speakers, mine, "[withdrawn]")
    with wb.store.read() as s:
        assert s.query(Speaker.participant_id).filter(Speaker.id.in_(rows.speakers)).all() == [
            (None,)
        ]
        linked = s.query(TranscriptParticipant).filter_by(transcript_id=fg, participant_id=pid)
        assert linked.count() == 0
        assert repo.speaking_in(s, pid) == ([tids["P01"]], [])


def test_erasing_deletes_the_participant_and_their_rows(
    study: tuple[Workbench, int, dict[str, str]],
) -> None:
    wb, pid, tids = study
    with wb.store.write() as s:
        alone = [tids["P01"]]
        coded = repo.codings_in(s, alone)
        memos = repo.their_memos(s, pid, alone, coded)
        repo.erase(s, repo.Erasure(pid, memos, coded, alone, alone, repo.text_hashes(s, alone)))
    with wb.store.read() as s:
        assert s.get(Participant, pid) is None
        assert repo.names_of(s, tids.values()) == ("FG",)
        assert repo.existing_codings(s, coded) == set()
        written = repo.written(s)
    assert [m.text for m in written.memos] == ["A journal entry."]
    assert written.trimmed == [] and written.snapshots == []
