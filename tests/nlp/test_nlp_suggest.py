"""Keyword and pattern suggestions on lemmas, sentence spans, evaluation, throughput."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from themework.domain.codebook import iter_codes, parse_codebook
from themework.domain.text import render
from themework.ingest import read_transcript
from themework.nlp.suggest import (
    CodeScore,
    Suggester,
    Suggestion,
    evaluate,
    keyword_lemmas,
    suggest,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "transcripts_sample"


def _utterance(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


def _words(found: list[Suggestion], code: str) -> list[tuple[str, ...]]:
    return [s.matched_words for s in found if s.code_key == code]


def test_keyword_lemmas() -> None:
    assert keyword_lemmas("trust") == ("trust",)
    assert keyword_lemmas("turned up") == ("turn", "up")
    assert keyword_lemmas("On Their Terms") == ("on", "their", "term")


def test_inflections_hit_the_keyword() -> None:
    text = "She trusted me. Trusting takes time. Did they trust us? Trustworthy is different."
    found = suggest(text, _utterance(text), [("trust", ["trust"], [])])
    assert _words(found, "trust") == [("trusted",), ("Trusting",), ("trust",)]
    assert [text[s.start : s.end] for s in found] == [
        "She trusted me.",
        "Trusting takes time.",
        "Did they trust us?",
    ]
    assert all(s.span_kind == "sentence" for s in found)


def test_keyword_given_inflected_and_did_as_do() -> None:
    text = "Did you go? He does. We do."
    found = suggest(text, _utterance(text), [("do", ["doing"], [])])
    assert _words(found, "do") == [("Did",), ("does",), ("do",)]


def test_phrases_match_consecutive_lemmas() -> None:
    text = (
        "He kept turning up. She turned up late! They turn it up loud. Turn. Up. "
        "Not on their terms, on her terms."
    )
    codes = [("turn-up", ["turn up"], []), ("terms", ["on their terms"], [])]
    found = suggest(text, _utterance(text), codes)
    assert _words(found, "turn-up") == [("turning up",), ("turned up",)]
    assert _words(found, "terms") == [("on their terms",)]


def test_several_hits_in_one_sentence_make_one_suggestion() -> None:
    text = "Trust, trust and more trust; trusted adults."
    found = suggest(text, _utterance(text), [("trust", ["trust", "adult"], [])])
    assert len(found) == 1
    assert found[0].matched_words == ("Trust", "trust", "trusted", "adults")


def test_sentences_stay_inside_utterances_and_lines() -> None:
    text = "Interviewer: Do you trust them?\n\nP01: I trust them\nmostly. They trust me."
    spans = [(13, 31), (text.index("I trust"), len(text))]
    found = suggest(text, spans, [("trust", ["trust"], [])])
    got = [text[s.start : s.end] for s in found]
    assert got == ["Do you trust them?", "I trust them", "They trust me."]
    assert (
        suggest(text, [(text.index("P01"), text.index("P01") + 3)], [("p", ["p01"], [])]) != []
    )  # labels are only matched if spanned


def test_matcher_patterns(nlp: Any) -> None:
    text = "We met in the car. I always explain the plan. Cars are fine."
    patterns = [
        [{"LEMMA": "explain"}, {"LOWER": "the"}, {"LOWER": "plan"}],
        [{"LOWER": {"IN": ["car", "cars"]}}],
    ]
    found = suggest(text, _utterance(text), [("talk", [], patterns)])
    assert [text[s.start : s.end] for s in found] == [
        "We met in the car.",
        "I always explain the plan.",
        "Cars are fine.",
    ]
    with pytest.raises(ValueError, match="POS"):
        suggest(text, _utterance(text), [("x", [], [[{"POS": "NOUN"}]])])


def test_bad_utterance_span() -> None:
    with pytest.raises(ValueError):
        suggest("abc", [(0, 10)], [("x", ["abc"], [])])


def test_evaluate_overlap_precision_recall() -> None:
    suggestions = [
        Suggestion(0, 10, "trust", ("trust",)),
        Suggestion(20, 30, "trust", ("trust",)),
        Suggestion(40, 50, "trust", ("trust",)),
        Suggestion(0, 10, "pace", ("pace",)),
    ]
    human = [(5, 25, "trust"), (60, 70, "trust"), (100, 110, "warmth"), (8, 12, "pace")]
    scores = evaluate(suggestions, human)
    trust = scores["trust"]
    assert (trust.suggestions, trust.true_positives, trust.human, trust.recalled) == (3, 2, 2, 1)
    assert trust.precision == pytest.approx(2 / 3)
    assert trust.recall == pytest.approx(1 / 2)
    assert scores["pace"].precision == 1.0 and scores["pace"].recall == 1.0
    assert scores["warmth"].precision is None and scores["warmth"].recall == 0.0
    total = trust + CodeScore("trust", 1, 1, 2, 2)
    assert (total.precision, total.recall) == (pytest.approx(3 / 4), pytest.approx(3 / 4))


def _samples() -> list[tuple[str, list[tuple[int, int]]]]:
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text, layouts = render(read_transcript(path))
        out.append((text, [(t.start, t.end) for t in layouts]))
    return out


def _codebook_rules() -> list[tuple[str, list[str], list[Any]]]:
    path = ROOT / "codebooks" / "cse-trust.yaml"
    book = parse_codebook(path.read_text("utf-8"), str(path))
    return [(c.id or c.name, list(c.keywords), list(c.patterns)) for c, _ in iter_codes(book)]


def test_sample_codebook_on_sample_transcripts() -> None:
    texts = _samples()
    suggester = Suggester(_codebook_rules())
    results = list(suggester.suggest_many(texts))
    assert len(results) == len(texts)
    flat = [s for r in results for s in r]
    codes = {s.code_key for s in flat}
    assert {"consistency-of-worker", "confidentiality-limits"} <= codes
    for (text, spans), found in zip(texts, results, strict=True):
        for s in found:
            assert any(a <= s.start < s.end <= b for a, b in spans)  # inside one utterance
            assert text[s.start : s.end].strip() == text[s.start : s.end]


def test_sentences_match_spacy_sentencizer(nlp: Any) -> None:
    """Suggester finds sentences itself (only around hits): the same ones as spaCy's."""
    suggester = Suggester([("x", ["trust"], [])])
    extra = [
        'He said "no." Then left... Really?! Yes. (Fine.) "Okay," she said.',
        '. Odd start! "Quoted." ) Tail',
        "Ends with punctuation!!",
        "One word",
    ]
    jobs = [text[a:b] for text, spans in _samples() for a, b in spans] + extra
    docs = [d for d in nlp.pipe(jobs, disable=["lemmatizer"]) if "\n" not in d.text]
    assert len(docs) > 50
    for doc in docs:
        kinds = suggester._kinds(doc, doc.to_array("ORTH").tolist())
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                assert suggester._sentence(kinds, i, i + 1) == (sent.start, sent.end), (doc.text, i)
