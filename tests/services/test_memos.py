"""Memos, familiarisation notes and journal entries on every kind of target."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from support import CODEBOOK, as_coder
from themework.domain.errors import InputError, NotFound
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


@pytest.fixture
def project(wb: Workbench, interview: Path) -> tuple[Workbench, int]:
    wb.transcripts.import_files([interview])
    wb.codebook.load(CODEBOOK)
    coding = wb.coding.apply(CodingRequest("P01", "consistency-of-worker", Target(turn=2)))
    return wb, coding.id


def test_a_memo_can_hang_on_every_kind_of_target(project: tuple[Workbench, int]) -> None:
    wb, coding = project
    targets = [
        ("project", "project"),
        ("participant:P01", "participant:P01"),
        ("transcript:P01", "transcript:P01"),
        ("code:Consistent worker", "code:consistency-of-worker"),  # by alias
        ("theme:Relationship-based practice", "theme:relationship-based-practice"),
        (f"coding:{coding}", f"coding:{coding}"),
    ]
    ids = [wb.memos.add(on, f"memo on {on}") for on, _ in targets]
    assert len(set(ids)) == len(targets)
    listed = wb.memos.list()
    assert [(m.target, m.text) for m in listed] == [
        (shown, f"memo on {on}") for on, shown in targets
    ]
    assert {m.coder for m in listed} == {"alice"} and {m.kind for m in listed} == {"memo"}
    for on, shown in targets:
        assert [m.target for m in wb.memos.list(on=on)] == [shown]


def test_kinds_and_journal_dates(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    wb.memos.add("transcript:P01", "First read: turning up matters.", kind="note")
    wb.memos.add("project", "I used to be a youth worker.", kind="journal")
    wb.memos.add("project", "Back-dated.", kind="journal", entry_date=date(2024, 3, 1))
    as_coder(wb, "bob").memos.add("project", "An analytic thought.")
    listed = {m.text: m for m in wb.memos.list()}
    assert listed["First read: turning up matters."].entry_date is None
    assert listed["I used to be a youth worker."].entry_date == date.today()
    assert listed["Back-dated."].entry_date == date(2024, 3, 1)
    assert listed["An analytic thought."].coder == "bob"
    assert listed["An analytic thought."].kind == "memo"
    assert [m.text for m in wb.memos.list(kind="journal")] == [
        "I used to be a youth worker.", "Back-dated.",
    ]
    assert [m.text for m in wb.memos.list(kind="note", on="transcript:P01")] == [
        "First read: turning up matters."
    ]
    assert wb.memos.list(kind="note", on="project") == []


BAD_TARGETS = [
    ("widget:x", InputError, "memo goes on one of"),  # the typed kind is not echoed
    ("code", InputError, "code:NAME"),
    ("code:No such code", NotFound, "No such code"),
    ("participant:P99", NotFound, "P99"),
    ("transcript:P99", NotFound, "P99"),
    ("theme:No such theme", NotFound, "No such theme"),
    ("coding:abc", InputError, "named by its number"),
    ("coding:9999", NotFound, "9999"),
]


def test_bad_targets_are_refused(project: tuple[Workbench, int]) -> None:
    wb, _ = project
    for on, error, words in BAD_TARGETS:
        with pytest.raises(error) as err:
            wb.memos.add(on, "text")
        assert words in str(err.value), on
    assert wb.memos.list() == []


def test_bad_kind_or_empty_text_is_refused(wb: Workbench) -> None:
    with pytest.raises(InputError) as err:
        wb.memos.add("project", "text", kind="diary")
    assert "diary" in str(err.value)
    with pytest.raises(InputError):
        wb.memos.add("project", "   ")
    assert wb.memos.list() == []


def test_memos_on_codings_are_counted_per_coding_of_a_transcript(
    project: tuple[Workbench, int],
) -> None:
    wb, coding = project
    other = wb.coding.apply(CodingRequest("P01", "consistency-of-worker", Target(turn=4))).id
    assert wb.memos.on_codings("P01") == {}
    wb.memos.add(f"coding:{coding}", "first thought")
    wb.memos.add(f"coding:{coding}", "second thought")
    wb.memos.add("transcript:P01", "not on a coding")
    assert wb.memos.on_codings("P01") == {coding: 2}
    assert other not in wb.memos.on_codings("P01")
    with pytest.raises(NotFound):
        wb.memos.on_codings("no-such-transcript")


def test_a_note_on_a_transcript_can_name_the_turn_it_is_about(
    project: tuple[Workbench, int],
) -> None:
    wb, coding = project
    wb.memos.add("transcript:P01", "about this answer", kind="note", turn=2)
    wb.memos.add("transcript:P01", "about the whole interview", kind="note")
    notes = wb.memos.list(kind="note", on="transcript:P01")
    assert [(n.text, n.turn) for n in notes] == [
        ("about this answer", 2), ("about the whole interview", None)
    ]
    with pytest.raises(NotFound, match="no turn 999"):
        wb.memos.add("transcript:P01", "nowhere", kind="note", turn=999)
    with pytest.raises(InputError, match="only a note on a transcript"):
        wb.memos.add(f"coding:{coding}", "a turn on a coding", turn=2)


def test_a_memo_finds_its_theme_as_every_theme_command_does(
    project: tuple[Workbench, int],
) -> None:
    """A renamed theme keeps its id, and its new name written as an id finds it in
    ``theme show`` and the rest: a memo named it the same way and was refused."""
    wb, _ = project
    wb.themes.rename("relationship-based-practice", "Being there")
    wb.memos.add("theme:being-there", "the new name, written as an id")
    assert [m.target for m in wb.memos.list(on="theme:Being there")] == [
        "theme:relationship-based-practice"
    ]
