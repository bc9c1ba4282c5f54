"""The reads and writes of word counts, keyword in context and suggestions (store/repos), on
each backend: texts and their hashes, the lemma cache, turns with their speakers, the spans
suggested and the codings people made."""

from __future__ import annotations

from pathlib import Path

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.repos.suggestions import human_codings, suggested_spans, suggestions_of
from themework.store.repos.transcripts import all_texts, text_hashes, transcript_id
from themework.store.repos.turns import speaker_turns
from themework.store.repos.utterances import (
    cached_counts,
    labelled_turns,
    participant_spans,
    remember_counts,
)


def test_texts_turns_and_participant_spans(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    with wb.store.read() as s:
        tid = transcript_id(s, "P01")
        text = wb.transcripts.text("P01").text
        assert all_texts(s) == [(tid, text)] == all_texts(s, tid)
        assert all_texts(s, "no-such") == []
        assert [t.id for t in text_hashes(s)] == [tid]
        turns = speaker_turns(s, tid)
        assert sorted(labelled_turns(s)) == [
            (tid, t.turn.index, t.turn.start, t.turn.end, t.label, t.role) for t in turns
        ]
        theirs = [(t.turn.start, t.turn.end) for t in turns if t.role == "participant"]
        assert len(theirs) == 3 and participant_spans(s) == {tid: theirs}


def test_lemma_cache_keeps_the_first_count_per_pipeline(wb: Workbench) -> None:
    with wb.store.write() as s:
        remember_counts(s, "v1", {"h1": {"P01": {"trust": 2}}})
        remember_counts(s, "v1", {"h1": {"P01": {"trust": 9}}, "h2": {}})  # h1 kept
        remember_counts(s, "v2", {"h1": {}})
        assert cached_counts(s, "v1") == {"h1": {"P01": {"trust": 2}}, "h2": {}}
        assert cached_counts(s, "v3") == {}


def test_suggestions_listed_and_human_codings(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Honesty", keywords=["honest"])
    wb.coding.apply(CodingRequest("P01", "Honesty", Target(span=(5, 9))))
    assert wb.language.suggest() == 1  # "I am honest about it"
    (pending,) = wb.language.suggestions()
    wb.language.decide(pending.id, True)
    with wb.store.read() as s:
        tid = transcript_id(s, "P01")
        (row,) = suggestions_of(s, "accepted", tid)
        assert (row.id, row.transcript, row.text) == (pending.id, "P01", pending.text)
        assert suggestions_of(s, "pending") == [] and suggestions_of(s, "accepted", "x") == []
        assert suggested_spans(s) == {(tid, row.code_id, row.start, row.end)}
        # the accepted suggestion's coding is not a person's
        assert human_codings(s) == [(tid, row.code_id, 5, 9)]
