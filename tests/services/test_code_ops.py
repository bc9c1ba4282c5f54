"""Refining codes in the project: add, edit, rename, merge, split, move, retire."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from support import CODEBOOK, as_coder
from themework.domain.errors import Conflict, InputError
from themework.services.code_ops import CodeOpsService
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Code, Theme, ThemeCode
from themework.store.repos.codes import CodeIndex


def code_on(wb: Workbench, code: str, target: Target, coder: str | None = None) -> int:
    return wb.coding.apply(CodingRequest("P01", code, target, coder=coder)).id


def theme_codes(wb: Workbench, theme: str) -> list[str]:
    with wb.store.read() as s:
        tid = s.scalar(select(Theme.id).where(Theme.key == theme))
        return list(
            s.scalars(
                select(Code.key).join(ThemeCode, ThemeCode.code_id == Code.id)
                .where(ThemeCode.theme_id == tid).order_by(ThemeCode.sort_order)
            )
        )


def test_add_refuses_a_name_that_differs_only_by_case_or_form(wb: Workbench) -> None:
    pairs = [("Trust", "  TRUST "), ("Straße", "STRASSE"), ("Café", "Cafe\u0301"),
             ("Ærø", "ærø")]
    for first, second in pairs:
        made = wb.codes.add(first, definition="d")
        with pytest.raises(Conflict) as err:
            wb.codes.add(second)
        assert made.id in str(err.value)
    assert [c.name for c in wb.codes.list()] == [first for first, _ in pairs]


def test_add_refuses_another_codes_alias_and_knows_its_parent(wb: Workbench) -> None:
    parent = wb.codes.add("Relationships", aliases=["Rapport"])
    with pytest.raises(Conflict):
        wb.codes.add("rapport")
    child = wb.codes.add("Warmth", parent="Rapport", keywords=["warm"], colour="#112233")
    assert child.parent == parent.id and child.depth == 1 and child.keywords == ("warm",)
    with pytest.raises(InputError):
        wb.codes.add("   ")


def test_edit_with_a_stale_version_is_refused(wb: Workbench) -> None:
    code = wb.codes.add("Honesty")
    mine = wb.codes.edit(code.id, expected_version=code.version, definition="Telling the truth.")
    assert mine.version == code.version + 1
    bob = as_coder(wb, "bob")
    with pytest.raises(Conflict) as err:
        bob.codes.edit(code.id, expected_version=code.version, definition="Being open.")
    assert "Honesty" in str(err.value)
    assert wb.codes.get("Honesty").definition == "Telling the truth."
    bob.codes.edit(code.id, expected_version=mine.version, definition="Being open.")
    assert wb.codes.get("Honesty").definition == "Being open."
    with pytest.raises(InputError):
        wb.codes.edit(code.id, colour="red")


def test_stale_version_is_caught_when_two_edits_race(
    wb: Workbench, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE: edits cannot interleave")
    code = wb.codes.add("Honesty")
    bob = as_coder(wb, "bob")
    has_read, may_write = threading.Event(), threading.Event()
    original = CodeOpsService._update

    def bob_pauses(self: CodeOpsService, *args: Any, **kwargs: Any) -> None:
        if self.ctx is bob.context:  # bob has read version 1 in his transaction; alice goes first
            has_read.set()
            may_write.wait(10)
        original(self, *args, **kwargs)

    monkeypatch.setattr(CodeOpsService, "_update", bob_pauses)
    refused: list[Exception] = []

    def bob_edits() -> None:
        try:
            bob.codes.edit(code.id, expected_version=code.version, definition="Bob's.")
        except Conflict as exc:
            refused.append(exc)

    worker = threading.Thread(target=bob_edits)
    worker.start()
    assert has_read.wait(10)
    wb.codes.edit(code.id, expected_version=code.version, definition="Alice's.")
    may_write.set()
    worker.join(20)
    assert len(refused) == 1
    assert wb.codes.get(code.id).definition == "Alice's."


def test_rename_keeps_the_old_name_as_alias_and_codings(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    code = wb.codes.add("Turning up")
    coded = code_on(wb, "Turning up", Target(match="same time"))
    renamed = wb.codes.rename("Turning up", "Reliability")
    assert renamed.id == code.id and renamed.name == "Reliability"
    assert renamed.aliases == ("Turning up",) and renamed.codings == 1
    with wb.store.read() as s:
        found = CodeIndex(s).find("turning UP")
        assert found is not None and found.key == code.id
    assert wb.coding.extracts(["Turning up"])[0].id == coded
    assert wb.coding.extracts()[0].code_name == "Reliability"
    # A case-only rename does not add the old spelling as an alias.
    assert wb.codes.rename(code.id, "RELIABILITY").aliases == ("Turning up",)
    wb.codes.add("Honesty")
    with pytest.raises(Conflict):
        wb.codes.rename(code.id, "honesty")


def test_merge_moves_codings_drops_exact_duplicates_and_resolves_to_target(
    wb: Workbench, interview: Path
) -> None:
    wb.transcripts.import_files([interview])
    target = wb.codes.add("Reliability")
    wb.codes.add("Turning up", aliases=["Showing up"])
    child = wb.codes.add("Same time each week", parent="Turning up")
    kept = code_on(wb, "Reliability", Target(turn=2))
    code_on(wb, "Turning up", Target(turn=2))  # alice again on the same span: a duplicate
    by_bob = code_on(wb, "Turning up", Target(turn=2), coder="bob")
    other = code_on(wb, "Turning up", Target(turn=4))
    merged, moved = wb.codes.merge(["Turning up"], into="Reliability")
    assert moved == 3
    assert merged.id == target.id and {"Turning up", "Showing up"} <= set(merged.aliases)
    ex = wb.coding.extracts(["Reliability"])
    assert sorted(e.id for e in ex) == sorted([kept, by_bob, other])
    assert {e.code for e in ex} == {target.id}
    assert wb.codes.get("Turning up").id == target.id
    assert wb.codes.get("showing up").id == target.id
    assert wb.codes.get(child.id).parent == target.id
    statuses = {c.name: c.status for c in wb.codes.list(include_retired=True)}
    assert statuses["Turning up"] == "merged"
    assert "Turning up" not in {c.name for c in wb.codes.list()}
    with pytest.raises(InputError):
        wb.codes.merge(["Reliability"], into="Reliability")


def test_merge_moves_theme_links(wb: Workbench) -> None:
    wb.codebook.load(CODEBOOK)
    wb.codes.merge(["non-judgemental-stance"], into="victim-focused-language")
    child_centred = theme_codes(wb, "child-centred-practice")
    assert "non-judgemental-stance" not in child_centred
    assert child_centred[-1] == "victim-focused-language"
    assert theme_codes(wb, "ethically-grounded-approach").count("victim-focused-language") == 1
    wb.codes.merge(["young-persons-voice"], into="choice-and-control")
    assert wb.codes.get("participation-in-meetings").parent == "choice-and-control"
    assert theme_codes(wb, "child-centred-practice").count("choice-and-control") == 1


def test_merging_a_parent_into_its_child_keeps_the_child_in_the_tree(wb: Workbench) -> None:
    wb.codebook.load(CODEBOOK)
    wb.codes.merge(["consistency-of-worker"], into="following-through")
    listed = {c.id: c for c in wb.codes.list()}
    assert "following-through" in listed and listed["following-through"].parent is None
    assert listed["continuity-through-transitions"].parent == "following-through"
    assert "  - name: Following through on promises\n" in wb.codebook.dump()
    wb.codes.add("A")
    wb.codes.add("B", parent="A")
    wb.codes.add("C", parent="B")
    wb.codes.merge(["A"], into="C")
    listed = {c.name: c for c in wb.codes.list()}
    assert listed["C"].parent is None and listed["B"].parent == listed["C"].id


def test_split_by_coding_ids_and_by_match(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Trust work", definition="everything")
    weekly = code_on(wb, "Trust work", Target(match="Every week"))
    honest = code_on(wb, "Trust work", Target(match="honest about it"))
    private = code_on(wb, "Trust work", Target(match="keep private"))
    new, moved = wb.codes.split("Trust work", "Regular contact", coding_ids=[weekly])
    assert moved == 1 and new.codings == 1
    assert [e.id for e in wb.coding.extracts(["Regular contact"])] == [weekly]
    new2, moved2 = wb.codes.split("Trust work", "Honesty", match="HONEST")
    assert moved2 == 1 and [e.id for e in wb.coding.extracts([new2.id])] == [honest]
    assert [e.id for e in wb.coding.extracts(["Trust work"])] == [private]
    with pytest.raises(InputError) as err:
        wb.codes.split("Trust work", "Other", coding_ids=[weekly])
    assert str(weekly) in str(err.value)
    with pytest.raises(InputError):
        wb.codes.split("Trust work", "Other", match="no such words")
    with pytest.raises(Conflict):
        wb.codes.split("Trust work", "regular CONTACT", coding_ids=[private])
    assert wb.codes.get("Trust work").codings == 1


def test_move_refuses_a_cycle(wb: Workbench) -> None:
    wb.codes.add("A")
    wb.codes.add("B", parent="A")
    wb.codes.add("C", parent="B")
    with pytest.raises(InputError):
        wb.codes.move("A", "C")
    with pytest.raises(InputError):
        wb.codes.move("A", "A")
    assert wb.codes.get("A").parent is None
    moved = wb.codes.move("C", "A")
    assert moved.parent == "a" and moved.depth == 1
    assert wb.codes.move("B", None).parent is None


def test_retired_code_keeps_codings_and_takes_no_new_ones(
    wb: Workbench, interview: Path
) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    coded = code_on(wb, "Turning up", Target(turn=2))
    retired = wb.codes.retire("Turning up")
    assert retired.status == "retired" and retired.codings == 1
    assert "Turning up" not in {c.name for c in wb.codes.list()}
    assert [e.id for e in wb.coding.extracts(["Turning up"])] == [coded]
    with pytest.raises(InputError) as err:
        code_on(wb, "Turning up", Target(turn=4))
    assert "retired" in str(err.value)
    assert len(wb.coding.extracts()) == 1
    wb.codes.retire("Turning up", reactivate=True)
    code_on(wb, "Turning up", Target(turn=4))
    assert wb.codes.get("Turning up").codings == 2


def test_merge_keeps_memo_and_exemplars_of_a_dropped_duplicate(
    wb: Workbench, interview: Path
) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Reliability")
    wb.codes.add("Turning up")
    kept = code_on(wb, "Reliability", Target(turn=2))
    dup = wb.coding.apply(
        CodingRequest("P01", "Turning up", Target(turn=2), memo="Key passage.")
    ).id
    wb.themes.create("Both starred")
    wb.themes.create("Duplicate starred")
    wb.themes.add_exemplar("Both starred", kept)
    wb.themes.add_exemplar("Both starred", dup)
    wb.themes.add_exemplar("Duplicate starred", dup)
    wb.codes.merge(["Turning up"], into="Reliability")
    assert [e.id for e in wb.coding.extracts()] == [kept]
    assert [(m.target, m.text) for m in wb.memos.list()] == [(f"coding:{kept}", "Key passage.")]
    assert [x.coding_id for x in wb.themes.get("Both starred").exemplars] == [kept]
    assert [x.coding_id for x in wb.themes.get("Duplicate starred").exemplars] == [kept]
    wb.history.undo()
    assert sorted(e.id for e in wb.coding.extracts()) == sorted([kept, dup])
    assert [(m.target, m.text) for m in wb.memos.list()] == [(f"coding:{dup}", "Key passage.")]
    assert [x.coding_id for x in wb.themes.get("Both starred").exemplars] == [kept, dup]
    assert [x.coding_id for x in wb.themes.get("Duplicate starred").exemplars] == [dup]
