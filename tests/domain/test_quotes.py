"""Quotes of a withdrawn participant's words, found in other text."""

from __future__ import annotations

from themework.domain.quotes import WITHDRAWN_QUOTE, redact_quotes, shingles

SAID = shingles(["I always turn up on a Tuesday, same time, every single week."])


def test_a_five_word_quote_is_replaced_whatever_the_case_and_punctuation() -> None:
    memo = 'She said: "Same time, EVERY single week" and meant it.'
    assert redact_quotes(memo, SAID) == (f'She said: "{WITHDRAWN_QUOTE}" and meant it.', 1)


def test_four_words_are_not_a_quote_and_other_words_stay() -> None:
    memo = "every single week is common phrasing; I turn up too"
    assert redact_quotes(memo, SAID) == (memo, 0)


def test_overlapping_runs_become_one_replacement() -> None:
    memo = "x I always turn up on a Tuesday, same time y"
    text, count = redact_quotes(memo, SAID)
    assert (text, count) == (f"x {WITHDRAWN_QUOTE} y", 1)


def test_separate_quotes_are_counted_apart() -> None:
    memo = "I always turn up on ... later: same time, every single week."
    text, count = redact_quotes(memo, SAID)
    assert count == 2 and text == f"{WITHDRAWN_QUOTE} ... later: {WITHDRAWN_QUOTE}."
