"""The reads a REFI-QDA exchange and a transcript import make (store/repos), on each backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from support import write
from themework.services.audit import now
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Code, Coding, Participant, Speaker, Transcript
from themework.store.repos.codes import CodeIndex, new_code_id, next_code_order
from themework.store.repos.codings import codings_in
from themework.store.repos.extract_rows import coding_rows
from themework.store.repos.memos import MEMO_KEY, memo_keys, memos_on
from themework.store.repos.participants import participants_by_pseudonym, transcript_links
from themework.store.repos.transcripts import (
    dated_texts,
    entities_named,
    text_hashes,
    transcript_id,
)
from themework.store.repos.turns import speaker_turns, utterance_spans


@pytest.fixture
def two(wb: Workbench, interview: Path) -> tuple[Workbench, list[int]]:
    other = write(interview.parent / "P02.txt", interview.read_text().replace("P01", "P02"))
    wb.transcripts.import_files([interview, other])
    wb.codes.add("Turning up")
    ids = wb.coding.apply_many([
        CodingRequest("P01", "Turning up", Target(span=(10, 40)), memo="first look"),
        CodingRequest("P02", "Turning up", Target(span=(60, 80)), coder="bob"),
    ])
    wb.memos.add("project", "A journal entry.", kind="journal")
    return wb, ids


def test_transcripts_by_name_by_hash_and_with_their_dates(
    two: tuple[Workbench, list[int]],
) -> None:
    wb, _ = two
    with wb.store.read() as s:
        p01, p02 = transcript_id(s, "P01"), transcript_id(s, "P02")
        every = {t.name: t for t in text_hashes(s)}
        assert [t.id for t in text_hashes(s, names=["P02", "P99"])] == [p02]
        assert [t.name for t in text_hashes(s, hashes=[every["P01"].text_hash])] == ["P01"]
        assert text_hashes(s, names=[]) == [] == text_hashes(s, hashes=["no-such"])
        found = entities_named(s, ["P01", "P99"])
        assert list(found) == ["P01"] and isinstance(found["P01"], Transcript)
        dated = {t.name: t for t in dated_texts(s)}
    assert sorted(dated) == ["P01", "P02"] and dated["P02"].id == p02
    assert dated["P01"].text == wb.transcripts.text("P01").text
    assert dated["P01"].imported_at is not None and dated["P01"].id == p01


def test_participants_by_pseudonym_and_who_is_in_what(two: tuple[Workbench, list[int]]) -> None:
    wb, _ = two
    with wb.store.read() as s:
        people = participants_by_pseudonym(s)
        assert sorted(people) == ["P01", "P02"]
        assert all(isinstance(p, Participant) for p in people.values())
        assert list(participants_by_pseudonym(s, ["P02", "P99"])) == ["P02"]
        assert participants_by_pseudonym(s, []) == {}
        links = transcript_links(s)
        assert links == {(transcript_id(s, "P01"), people["P01"].id),
                         (transcript_id(s, "P02"), people["P02"].id)}  # fmt: skip


def test_codings_of_transcripts_and_every_codings_plain_row(
    two: tuple[Workbench, list[int]],
) -> None:
    wb, ids = two
    with wb.store.read() as s:
        p01 = transcript_id(s, "P01")
        mapped = codings_in(s, [p01])
        assert [c.id for c in mapped] == ids[:1] and isinstance(mapped[0], Coding)
        assert sorted(c.id for c in codings_in(s, [p01, transcript_id(s, "P02")])) == ids
        assert codings_in(s, []) == []
        rows = sorted(coding_rows(s))
        code = CodeIndex(s).get("Turning up").id
    assert [(r.id, r.transcript_id, r.code_id, r.start, r.end) for r in rows[:1]] == [
        (ids[0], p01, code, 10, 40)
    ]
    assert len({r.coder_id for r in rows}) == 2 and all(r.created_at for r in rows)


def test_every_memo_by_id_and_as_the_key_a_merge_matches(
    two: tuple[Workbench, list[int]],
) -> None:
    wb, ids = two
    with wb.store.read() as s:
        memos = memos_on(s)
        assert [(m.target, m.text) for m in memos] == [
            ("coding", "first look"), ("project", "A journal entry.")
        ]
        keys = memo_keys(s)
    assert MEMO_KEY[0] == "target" and MEMO_KEY[-1] == "text"
    assert keys == {
        ("coding", None, None, None, None, ids[0], "memo", "first look"),
        ("project", None, None, None, None, None, "journal", "A journal entry."),
    }


def test_a_new_codes_id_comes_back_alone(wb: Workbench) -> None:
    wb.codes.add("Turning up")
    with wb.store.write() as s:
        order = next_code_order(s)
        values = {"key": "honesty", "name": "Honesty", "name_key": "honesty", "aliases": [],
                  "definition": "", "include": "", "exclude": "", "examples": [],
                  "keywords": [], "patterns": [], "colour": None, "status": "active",
                  "sort_order": order, "version": 1, "parent_id": None,
                  "created_at": now()}  # fmt: skip
        new = new_code_id(s, values)
        assert isinstance(new, int) and s.get_one(Code, new).name == "Honesty"
    assert [c.name for c in wb.codes.list()] == ["Turning up", "Honesty"]


def test_utterances_of_linked_participants_of_the_role_or_of_everyone(
    two: tuple[Workbench, list[int]],
) -> None:
    wb, _ = two
    with wb.store.write() as s:
        p01, p02 = transcript_id(s, "P01"), transcript_id(s, "P02")
        turns = speaker_turns(s, p01)
        # P01 unlinked from their speaker (as a withdrawal leaves it): still in the role.
        s.execute(update(Speaker).where(Speaker.transcript_id == p01,
                                        Speaker.role == "participant").values(participant_id=None))
        theirs = [(p01, t.turn.start, t.turn.end) for t in turns if t.role == "participant"]
        everyone = [(p01, t.turn.start, t.turn.end) for t in turns]
        assert len(theirs) == 3 and len(everyone) == 6
        assert utterance_spans(s, [p01]) == []
        assert sorted(utterance_spans(s, [p01], "participant role")) == theirs
        assert sorted(utterance_spans(s, [p01], "everyone")) == everyone
        every = utterance_spans(s, speaking="everyone")
        assert {tid for tid, _, _ in every} == {p01, p02} and len(every) == 12
        assert len(utterance_spans(s)) == 3  # P02's only, the one still linked
