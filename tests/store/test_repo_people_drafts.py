"""Participants and drafts repositories (store/repos), query by query, on each backend."""

from __future__ import annotations

from pathlib import Path

from support import as_coder
from themework.services.workbench import Workbench
from themework.store.models import Participant
from themework.store.repos.coders import coder_named
from themework.store.repos.drafts import draft_of, drop_draft, theme_drafts
from themework.store.repos.participants import (
    participant_named,
    participants_with_transcripts,
    pseudonyms,
)


def test_participants_by_pseudonym_with_their_transcripts(
    wb: Workbench, interview: Path
) -> None:
    wb.transcripts.import_files([interview])
    with wb.store.read() as s:
        p = participant_named(s, "P01")
        assert isinstance(p, Participant) and participant_named(s, "P99") is None
        assert [(q.pseudonym, names) for q, names in participants_with_transcripts(s)] == [
            ("P01", ["P01"])
        ]
        assert pseudonyms(s) == {"P01"}


def test_a_coders_theme_drafts_newest_first_and_dropped(wb: Workbench) -> None:
    old = wb.themes.create("Turning up").theme
    new = wb.themes.create("Honesty").theme
    alice = as_coder(wb, "alice")
    alice.drafts.keep("define", f"theme:{old.id}", {"narrative": "first"})
    alice.drafts.keep("define", f"theme:{new.id}", {"narrative": "second"})
    with wb.store.write() as s:
        coder = coder_named(s, "alice")
        assert coder is not None
        found = theme_drafts(s, coder, "define:theme:")
        assert [(key, name) for _, key, name in found] == [(new.id, "Honesty"),
                                                           (old.id, "Turning up")]  # fmt: skip
        assert theme_drafts(s, coder, "review:theme:") == []
        key = found[0][0].key
        assert draft_of(s, coder, key) is found[0][0]
        assert draft_of(s, None, key) is None  # a coder who never drafted
        assert drop_draft(s, coder, key) and not drop_draft(s, coder, key)
        assert draft_of(s, coder, key) is None
