"""Suggestions from codebook keywords (accept, reject, remembered), words and kwic, and the
identifier check on import."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import write
from themework.domain.errors import InputError
from themework.services.workbench import Workbench
from themework.store.repos.utterances import cached_counts

TALK = """Interviewer: What helps?
P01: Being trusted. She trusted me because I turned up every week.
Interviewer: And then?
P01: I kept turning up. Trust takes time, and the kids notice who turns up.
"""


@pytest.fixture
def talk(wb: Workbench, tmp_path: Path) -> Workbench:
    wb.transcripts.import_files([write(tmp_path / "P01.txt", TALK)])
    wb.codes.add("Trust", keywords=["trust"])
    wb.codes.add("Showing up", keywords=["turn up"])
    return wb


def test_keywords_match_lemmas_and_phrases_and_rejections_stay_rejected(talk: Workbench) -> None:
    made = talk.language.suggest()
    pending = talk.language.suggestions()
    assert made == len(pending) > 0
    by_code: dict[str, list[str]] = {}
    for sg in pending:
        by_code.setdefault(sg.code, []).append(sg.text)
    assert any("trusted me" in t for t in by_code["trust"])  # "trusted" hits "trust"
    assert any("turning up" in t for t in by_code["showing-up"])  # a phrase, inflected
    first, second = pending[0], pending[1]
    coding_id = talk.language.decide(first.id, True)
    talk.language.decide(second.id, False)
    coding = talk.coding.extracts(ids=[coding_id])[0]
    assert (coding.origin, coding.coder, coding.start) == ("suggestion", "alice", first.start)
    assert talk.language.suggest() == 0  # neither the accepted nor the rejected come back
    assert {s.id for s in talk.language.suggestions()} == {s.id for s in pending[2:]}
    with pytest.raises(InputError):
        talk.language.decide(second.id, True)


def test_words_and_kwic(talk: Workbench) -> None:
    words = {r.word: r.count for r in talk.language.words(top=10)}
    assert words["trust"] == 3 and words["turn"] == 3  # lemmas; interviewer left out
    hits = talk.language.kwic("trust", lemma=True)
    assert {h.match for h in hits} == {"trusted", "Trust"}
    assert all(h.transcript == "P01" and h.turn in (2, 4) for h in hits)


def test_a_file_with_identifiers_is_not_imported_unless_allowed(
    wb: Workbench, tmp_path: Path
) -> None:
    leak = write(
        tmp_path / "P02.txt",
        "Interviewer: Where?\nP02: At Oakfield Academy, e-mail jo.smith@example.org.\n"
        "Interviewer: Thanks.\nP02: Fine.\n",
    )
    report = wb.transcripts.import_files([leak])
    assert report.files[0].status == "failed"
    message = report.files[0].message
    assert "line 2 email: j*.s****@e******.org" in message and "school" in message
    assert "smith" not in message and "Oakfield" not in message  # masked unless asked
    assert "they can be shown in full" in message
    assert report.files[0].options == ("allow_identifiers", "show_identifiers")
    full = wb.transcripts.import_files([leak], show_identifiers=True).files[0].message
    assert "line 2 email: jo.smith@example.org" in full
    assert wb.transcripts.list() == []
    allowed = wb.transcripts.import_files([leak], allow_identifiers=True)
    assert allowed.files[0].status == "imported"
    assert "possible identifiers allowed" in wb.history.log()[-1].summary
    wb.transcripts.redact("P02", match="jo.smith@example.org", replacement="[email]")
    text = wb.transcripts.text("P02").text
    assert "jo.smith" not in text and "[email]" in text


def test_words_read_in_batches_and_from_the_cache_agree(
    talk: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import themework.services.language as language

    talk.transcripts.import_files(
        [write(tmp_path / "P02.txt", TALK.replace("P01", "P02") + "P02: Trusting again.\n"),
         write(tmp_path / "P03.txt", "Interviewer: Trust?\nP03: Never turned up.\n")]
    )
    monkeypatch.setattr(language, "_BATCH", 2)  # three transcripts: two batches
    first = talk.language.words(top=10, include_interviewer=True)
    counts = {r.word: r.count for r in first}
    assert counts["trust"] == 3 + 4 + 1 and counts["turn"] == 3 + 3 + 1
    assert talk.language.words(top=10, include_interviewer=True) == first  # from the cache
    with talk.store.read() as s:  # one cached count per text
        assert len(cached_counts(s, language.CACHE_KEY)) == 3
