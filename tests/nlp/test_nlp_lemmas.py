"""Lemma counts, log-likelihood keyness, the wordfreq reference, keyword in context."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from themework.nlp.lemmas import (
    ReferenceCounts,
    keyness,
    kwic,
    lemma_counts,
    log_likelihood,
    reference_english,
)

TEXT = (
    "Interviewer: Did they trust you?\n\n"
    "P01: They trusted me in the end. Trusting takes 10 weeks, maybe eleven! "
    "I turned up, I kept turning up, and trust grew.\n"
)
_FIRST = TEXT.index("Did")
_SECOND = TEXT.index("They trusted")
UTTERANCES = [(_FIRST, TEXT.index("\n")), (_SECOND, len(TEXT) - 1)]


def test_lemma_counts_over_utterances() -> None:
    counts = lemma_counts(TEXT, UTTERANCES)
    assert counts["trust"] == 4  # trust, trusted, Trusting, trust
    assert counts["turn"] == 2
    assert counts["week"] == 1
    assert "p01" not in counts and "interviewer" not in counts  # labels are outside
    assert not {"10", "eleven", "!", ",", ".", "they", "did", "do", "the", "i"} & set(counts)


def test_lemma_counts_can_keep_stop_words() -> None:
    counts = lemma_counts(TEXT, UTTERANCES, stop_words=False)
    assert counts["do"] == 1  # "Did", lower-cased and lemmatised
    assert counts["they"] == 2
    assert "10" not in counts and "." not in counts


def test_lemma_counts_reject_bad_spans() -> None:
    with pytest.raises(ValueError):
        lemma_counts("short", [(0, 99)])


def test_log_likelihood_by_hand() -> None:
    # a = 10 of c = 1,000 words in A; b = 5 of d = 5,000 words in B.
    # E1 = c(a+b)/(c+d) = 1000 * 15 / 6000 = 2.5; E2 = 5000 * 15 / 6000 = 12.5
    # G2 = 2 (10 ln(10/2.5) + 5 ln(5/12.5)) = 2 (13.8629 - 4.5815) = 18.5630
    by_hand = 2 * (10 * math.log(10 / 2.5) + 5 * math.log(5 / 12.5))
    assert by_hand == pytest.approx(18.5630, abs=1e-4)
    assert log_likelihood(10, 1000, 5, 5000) == pytest.approx(by_hand)
    # Under-use gets the negative sign, same magnitude.
    assert log_likelihood(5, 5000, 10, 1000) == pytest.approx(-by_hand)
    assert log_likelihood(0, 100, 0, 100) == 0.0
    assert log_likelihood(1, 100, 1, 100) == pytest.approx(0.0)
    # A zero count: 0 ln 0 = 0. a = 0 of 100, b = 20 of 100: E1 = E2 = 10.
    assert log_likelihood(0, 100, 20, 100) == pytest.approx(-2 * 20 * math.log(2))
    with pytest.raises(ValueError):
        log_likelihood(1, 0, 1, 10)


def test_keyness_ranks_over_and_under_use() -> None:
    target = Counter({"trust": 30, "time": 10, "car": 10, "form": 1})
    reference = Counter({"trust": 5, "time": 100, "car": 40, "form": 50})
    total_t, total_r = 51, 195
    key = keyness(target, reference, top=10)
    assert [k.word for k in key] == ["trust"]  # car: 10/51 < 40/195, slightly under-used
    assert key[0].g2 == pytest.approx(log_likelihood(30, total_t, 5, total_r))
    assert key[0].count_target == 30 and key[0].count_reference == 5
    assert all(k.g2 > 0 for k in key)
    under = keyness(target, reference, top=2, under=True)
    assert [k.word for k in under] == ["form", "time"]
    assert under[0].g2 == pytest.approx(log_likelihood(1, total_t, 50, total_r))
    assert keyness(target, reference, top=1, min_g2=1e9) == []


def test_reference_english_and_keyness_against_it() -> None:
    counts = lemma_counts(TEXT, UTTERANCES)
    ref = reference_english(counts)
    assert isinstance(ref, ReferenceCounts)
    assert ref.corpus_size == 1_000_000_000
    assert ref["trust"] > ref["turn"] / 100 > 0
    assert reference_english(["qzxvbnq"])["qzxvbnq"] == 0
    # Lemmas add up their forms: "trust" counts trusts/trusted/trusting too.
    assert ref["trust"] > reference_english(["trust"], lemmas=False)["trust"]
    key = keyness(counts, ref, top=3)
    assert key[0].word == "trust"
    assert key[0].g2 == pytest.approx(
        log_likelihood(counts["trust"], sum(counts.values()), ref["trust"], ref.corpus_size))


def test_kwic_plain_and_lemma() -> None:
    plain = kwic(TEXT, UTTERANCES, "trust", lemma=False, width=12)
    assert [h.match for h in plain] == ["trust", "trust"]
    assert plain[0].offset == TEXT.index("trust you")
    assert plain[0].left == "Did they "  # cut at the utterance start, not the label
    assert plain[0].right == " you?"
    lemma = kwic(TEXT, UTTERANCES, "trust", lemma=True, width=10)
    assert [h.match for h in lemma] == ["trust", "trusted", "Trusting", "trust"]
    assert all(TEXT[h.offset:h.end] == h.match for h in lemma)
    phrase = kwic(TEXT, UTTERANCES, "turn up", lemma=True, width=5)
    assert [h.match for h in phrase] == ["turned up", "turning up"]
    assert kwic(TEXT, UTTERANCES, "kept turning", width=0)[0].left == ""
    assert kwic(TEXT, UTTERANCES, "Interviewer") == []  # labels are not searched


TRICKY = (
    "Interviewer: Didn't you say 10 a.m., or was it 3p.m.? (She can't/won't.)\n"
    "P01: We\u2019ve been there -- it's Dr. Smith's e.g. idea:) I'd've said no... "
    "'cause y'all gonna trust'em? See http://x.org/a?b=1 or me@x.org.\tTrusting,trusted!\n"
    "Mr.Jones\u00a0said\u2009U.S.-based o'clock lovin' 1990s workers' people's ma'am.\n"
)


@pytest.mark.parametrize("stop_words", [True, False])
def test_lemma_counts_equal_spacy_tokenising_whole_utterances(stop_words: bool) -> None:
    # Counting splits at whitespace and tokenises each chunk once: it must count exactly
    # what spaCy's tokenizer finds in the whole utterance (contractions, abbreviations,
    # URLs, emoticons, odd spaces), whatever the spans cut.
    from themework.nlp import pipeline
    from themework.nlp.lemmas import _key_for

    nlp = pipeline.default_pipeline()
    cuts = [(0, len(TRICKY)), (13, 80), (81, len(TRICKY) - 1), (30, 31), (5, 5)]
    for spans in ([c] for c in cuts):
        expected: Counter[str] = Counter()
        for start, end in spans:
            for token in nlp.tokenizer(TRICKY[start:end]):
                key = _key_for(token.text, stop_words)
                if key is not None:
                    expected[key] += 1
        assert lemma_counts(TRICKY, spans, stop_words=stop_words) == expected, spans
    assert lemma_counts(TRICKY, [(0, len(TRICKY))])["trust"] == 2  # Trusting, trusted
