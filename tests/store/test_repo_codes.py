"""The code repository's writes and locks (store/repos/codes.py), memos
(store/repos/memos.py), people and the project row, and the turn check, query by query, on
each backend."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Code
from themework.store.repos import codes as repo
from themework.store.repos import memos
from themework.store.repos.coders import coder_named as coder_id
from themework.store.repos.participants import participant_id
from themework.store.repos.project import default_coder
from themework.store.repos.project import project_row as project_entity
from themework.store.repos.transcripts import transcript_id
from themework.store.repos.turns import has_turn


@pytest.fixture
def project(wb: Workbench, interview: Path) -> Workbench:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    wb.codes.add("Small", parent="Turning up")
    wb.codes.add("Smaller", parent="Turning up")
    return wb


def _code_values(key: str, order: int) -> dict[str, object]:
    return {
        "key": key, "name": key.title(), "name_key": key, "aliases": [], "definition": "",
        "include": "", "exclude": "", "examples": [], "keywords": [], "patterns": [],
        "colour": "", "parent_id": None, "status": "active", "sort_order": order,
        "version": 1, "created_at": datetime(2026, 1, 2),
    }


def test_a_new_code_takes_the_next_order_and_comes_back_mapped(project: Workbench) -> None:
    with project.store.write() as s:
        order = repo.next_code_order(s)
        assert order == 1 + max(c.sort_order for c in repo.CodeIndex(s).codes)
        code = repo.insert_code(s, _code_values("fresh", order))
        assert isinstance(code, Code) and repo.CodeIndex(s).get("Fresh") is code
        assert repo.next_code_order(s) == order + 1
        repo.delete_code(s, code.id)
        assert repo.CodeIndex(s).find("fresh") is None


def test_children_of_a_code(project: Workbench) -> None:
    with project.store.read() as s:
        index = repo.CodeIndex(s)
        kids = repo.children_of(s, index.get("Turning up").id)
        assert [c.name for c in kids] == ["Small", "Smaller"]
        assert repo.children_of(s, index.get("Honesty").id) == []


def test_locks_and_statuses_of_codes(project: Workbench) -> None:
    project.codes.retire("Honesty")
    with project.store.write() as s:
        index = repo.CodeIndex(s)
        repo.lock_codes(s)  # takes every row and returns: nothing else holds them
        ids = [index.get("Turning up").id, index.get("Honesty").id]
        assert repo.share_lock_statuses(s, ids) == {ids[0]: "active", ids[1]: "retired"}
        assert repo.share_lock_statuses(s, []) == {}


def test_people_and_the_project_row(project: Workbench) -> None:
    with project.store.read() as s:
        assert participant_id(s, "P01") is not None
        assert participant_id(s, "P99") is None
        assert coder_id(s, "alice") is not None  # the coder who imported
        assert coder_id(s, "nobody") is None
        row = project_entity(s)
        assert row is not None and row.name == "Trust study"
        assert default_coder(s) is None
    project.projects.update(default_coder="bob")
    with project.store.read() as s:
        assert default_coder(s) == "bob"


def test_a_turn_is_there_by_its_number(project: Workbench) -> None:
    with project.store.read() as s:
        tid = transcript_id(s, "P01")
        assert has_turn(s, tid, 1) and has_turn(s, tid, 6)
        assert not has_turn(s, tid, 7) and not has_turn(s, tid, 0)


def test_memos_with_their_coders_filtered_and_counted(project: Workbench) -> None:
    coding = project.coding.apply(CodingRequest("P01", "Honesty", Target(turn=4)))
    project.memos.add("code:Honesty", "first thought")
    project.memos.add("transcript:P01", "read it twice", kind="note")
    project.memos.add(f"coding:{coding.id}", "telling")
    project.memos.add(f"coding:{coding.id}", "still telling")
    with project.store.write() as s:
        honesty = repo.CodeIndex(s).get("Honesty").id
        every = memos.memos_with_coders(s)
        assert [(m.text, who) for m, who in every][:2] == [
            ("first thought", "alice"), ("read it twice", "alice"),
        ]
        assert [m.text for m, _ in memos.memos_with_coders(s, "note")] == ["read it twice"]
        on_code = memos.memos_with_coders(s, None, "code", code_id=honesty)
        assert [m.text for m, _ in on_code] == ["first thought"]
        assert memos.memos_with_coders(s, "journal") == []
        assert [m.text for m in memos.memos_on(s, code_id=honesty)] == ["first thought"]
        assert [m.text for m in memos.memos_on(s, coding_id=coding.id)] == [
            "telling", "still telling",
        ]
        assert memos.memo_counts_on_codings(s, transcript_id(s, "P01")) == {coding.id: 2}
        labels = memos.target_labels(s)
        assert labels["code"][honesty] == "honesty"
        assert labels["transcript"][transcript_id(s, "P01")] == "P01"
        assert set(labels["participant"].values()) == {"P01"}
        new = memos.insert_memo(s, {
            "target": "project", "kind": "memo", "text": "late", "coder_id": every[0][0].coder_id,
            "created_at": datetime(2030, 1, 1), "entry_date": None, "turn_index": None,
        })
        assert memos.memos_with_coders(s)[-1][0].id == new
