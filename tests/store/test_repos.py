"""The repositories under the services (store/repos), query by query, on each backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from themework.domain.errors import NotFound
from themework.domain.spans import turn_at
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.models import Transcript
from themework.store.repos.codes import CodeIndex, coding_counts
from themework.store.repos.themes import (
    ThemeIndex,
    exemplar_rows,
    theme_code_links,
)
from themework.store.repos.transcripts import (
    transcript_entity,
    transcript_id,
    transcript_row,
)
from themework.store.repos.turns import (
    speaker_turns,
    turn_at_offset,
    turn_tables,
    turns_of,
)


@pytest.fixture
def project(wb: Workbench, interview: Path) -> Workbench:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up", aliases=["showing up"])
    wb.codes.add("Honesty")
    return wb


def _tid(wb: Workbench) -> str:
    with wb.store.read() as s:
        return transcript_id(s, "P01")


# -- transcripts -------------------------------------------------------------------------


def test_a_transcript_is_found_by_name_or_by_id(project: Workbench) -> None:
    with project.store.read() as s:
        tid = transcript_id(s, "P01")
        assert transcript_id(s, tid) == tid
        row = transcript_row(s, tid)
        assert (row.id, row.name, row.source_format) == (tid, "P01", "txt")
        assert row.text == project.transcripts.text("P01").text
        assert len(row.text_hash) == 64


def test_an_unknown_transcript_is_not_found_with_its_name(project: Workbench) -> None:
    with project.store.read() as s:
        for lookup in (transcript_id, transcript_row, transcript_entity):
            with pytest.raises(NotFound) as err:
                lookup(s, "P99")
            assert "'P99'" in str(err.value)


def test_the_entity_is_the_mapped_row_of_the_session(project: Workbench) -> None:
    with project.store.read() as s:
        t = transcript_entity(s, "P01")
        assert isinstance(t, Transcript) and t.name == "P01"
        assert s.get(Transcript, t.id) is t


# -- turns and speakers ------------------------------------------------------------------


def test_turns_come_in_order_with_their_speakers(project: Workbench) -> None:
    tid = _tid(project)
    shown = project.transcripts.text("P01").turns
    with project.store.read() as s:
        turns = turns_of(s, tid)
        spoken = speaker_turns(s, tid)
    assert [t.index for t in turns] == [1, 2, 3, 4, 5, 6]
    assert [(t.label_start, t.start, t.end) for t in turns] == [
        (t.label_start, t.start, t.end) for t in shown
    ]
    assert [x.turn for x in spoken] == turns
    assert [(x.label, x.role, x.pseudonym) for x in spoken][:2] == [
        ("Interviewer", "interviewer", None),
        ("P01", "participant", "P01"),
    ]


def test_the_turn_at_an_offset_agrees_with_the_in_memory_lookup(project: Workbench) -> None:
    tid = _tid(project)
    text = project.transcripts.text("P01").text
    with project.store.read() as s:
        turns = turns_of(s, tid)
        starts = [t.label_start for t in turns]
        # The preamble, each label's first character, the character before the next label,
        # and the last character.
        probes = [0, *starts, *(a - 1 for a in starts[1:]), len(text) - 1]
        for offset in probes:
            i = turn_at(starts, offset)
            expected = turns[i].id if i >= 0 else None
            assert s.scalar(select(turn_at_offset(tid, offset))) == expected, offset
        # "Interview P01 - Site A" is the preamble.
        assert s.scalar(select(turn_at_offset(tid, 0))) is None
        assert s.scalar(select(turn_at_offset("no-such-transcript", 50))) is None


def test_turn_tables_hold_label_starts_and_speakers(project: Workbench) -> None:
    tid = _tid(project)
    with project.store.read() as s:
        starts, info = turn_tables(s, {tid})[tid]
        assert starts == [t.label_start for t in turns_of(s, tid)]
        assert turn_tables(s, set()) == {}
    assert info[:2] == [(1, "Interviewer", None), (2, "P01", "P01")]


def test_extracts_place_each_coding_in_the_turn_holding_its_start(project: Workbench) -> None:
    """The correlated form of the turn lookup, as coded extracts use it."""
    text = project.transcripts.text("P01").text
    start = text.index("honest about it")
    project.coding.apply(CodingRequest("P01", "Honesty", Target(span=(start, start + 6))))
    project.coding.apply(CodingRequest("P01", "Honesty", Target(span=(0, 9))))
    placed = {(e.start, e.turn, e.speaker) for e in project.coding.extracts()}
    assert placed == {(start, 4, "P01"), (0, None, None)}


# -- codes and themes --------------------------------------------------------------------


def test_codes_resolve_by_key_name_and_alias(project: Workbench) -> None:
    with project.store.read() as s:
        index = CodeIndex(s)
        code = index.get("Turning up")
        assert index.get(code.key) is code
        assert index.get(" showing UP ") is code
        assert index.find("nothing like it") is None
        with pytest.raises(NotFound):
            index.get("nothing like it")
        assert [c.name for c in index.ordered()] == ["Turning up", "Honesty"]  # codebook order


def test_a_merged_code_leads_to_the_code_it_went_into(project: Workbench) -> None:
    project.codes.merge(["Honesty"], "Turning up")
    with project.store.read() as s:
        assert CodeIndex(s).get("Honesty").name == "Turning up"


def test_coding_counts_per_code(project: Workbench) -> None:
    project.coding.apply(CodingRequest("P01", "Honesty", Target(turn=2)))
    project.coding.apply(CodingRequest("P01", "Honesty", Target(turn=4)))
    with project.store.read() as s:
        index = CodeIndex(s)
        counts = coding_counts(s)
    assert counts == {index.get("Honesty").id: 2}


def test_themes_resolve_and_list_their_codes_and_exemplars(project: Workbench) -> None:
    coding = project.coding.apply(CodingRequest("P01", "Honesty", Target(turn=4)))
    project.themes.create("Being straight", codes=["Honesty", "Turning up"])
    project.themes.add_exemplar("Being straight", coding.id)
    with project.store.read() as s:
        index = ThemeIndex(s)
        theme = index.get("being STRAIGHT")
        assert index.get(theme.key) is theme
        with pytest.raises(NotFound):
            index.get("Something else")
        codes = CodeIndex(s)
        linked = sorted(theme_code_links(s)[theme.id])
        assert [codes.by_id[c].name for _, c in linked] == ["Honesty", "Turning up"]
        [ex] = exemplar_rows(s)
    assert (ex.theme_id, ex.coding_id, ex.transcript, ex.trimmed) == (
        theme.id, coding.id, "P01", None,
    )
    assert ex.quote == coding.text
