"""Words and sentences for selection by motions (domain/motions.py)."""

from __future__ import annotations

import pytest

from themework.domain import motions


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in motions.sentences(text)]


def test_sentences_split_at_full_stops_questions_and_exclamations() -> None:
    assert _sentences("Not well, generally! And fair enough. Why? Because.") == [
        "Not well, generally!", "And fair enough.", "Why?", "Because."]


@pytest.mark.parametrize("text", [
    "I rang Dr. Patel and Mrs. Khan about it.",
    "Apps, e.g. Snapchat, are where it starts.",
    "Things like i.e. the group chats.",
    "J. Smith said it first.",
    "It came to approx. five visits.",
    "See no. 10 on the list.",
    "The pay is 3.5 times less.",
])
def test_abbreviations_initials_and_numbers_do_not_end_a_sentence(text: str) -> None:
    assert _sentences(text) == [text]


def test_ellipses_end_a_sentence_only_before_a_new_one() -> None:
    assert _sentences("I was... sort of lost. I don't know… It was hard.") == [
        "I was... sort of lost.", "I don't know…", "It was hard."]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = 'I say, "this stays between us." Then (quietly.) "Stop!" she said. Next.'
    assert _sentences(text) == [
        'I say, "this stays between us."', "Then (quietly.)", '"Stop!" she said.', "Next."]


def test_a_bracketed_aside_stays_with_the_sentence_before_it() -> None:
    text = "They walk away, a lot! (laughs) Nobody makes them. (She left.) Then [inaudible] ok."
    assert _sentences(text) == [
        "They walk away, a lot! (laughs)", "Nobody makes them.", "(She left.)",
        "Then [inaudible] ok."]


def test_a_line_break_ends_a_sentence_and_a_stretch_bounds_them() -> None:
    text = "P01: Every week, same time\nIt sounds small but it matters. Yes"
    lo = text.index("Every")
    assert [text[s:e] for s, e in motions.sentences(text, lo, len(text) - 4)] == [
        "Every week, same time", "It sounds small but it matters."]
    assert _sentences("I did. So did I. Then") == ["I did.", "So did I.", "Then"]


def test_words_keep_contractions_hyphens_and_inner_dots() -> None:
    text = "I can't say child-centred, e.g. 3.5 times."
    assert [text[s:e] for s, e in motions.words(text)] == [
        "I", "can't", "say", "child-centred", "e.g", "3.5", "times"]


def test_unit_at_takes_the_unit_here_else_the_next_else_the_last() -> None:
    units = [(0, 3), (4, 9), (10, 12)]
    assert motions.unit_at(units, 0) == (0, 3)
    assert motions.unit_at(units, 3) == (4, 9)  # on the space: the word after it
    assert motions.unit_at(units, 12) == (10, 12)
    assert motions.unit_at([], 5) is None


def test_next_end_and_previous_start_step_over_units() -> None:
    units = [(0, 3), (4, 9), (10, 12)]
    assert motions.next_end(units, 0) == 3
    assert motions.next_end(units, 3) == 9
    assert motions.next_end(units, 5) == 9  # the end of the word the cursor is in
    assert motions.next_end(units, 12) is None
    assert motions.previous_start(units, 9) == 4
    assert motions.previous_start(units, 4) == 0
    assert motions.previous_start(units, 0) is None


def test_summary_names_whole_sentences_and_counts_words() -> None:
    text = "One two three. Four five. Six"
    first = motions.sentences(text)[0]
    assert motions.summary(text, *first, 0, len(text)) == "sentence selected, 3 words"
    assert motions.summary(text, 0, 25, 0, len(text)) == "2 sentences selected, 5 words"
    assert motions.summary(text, 4, 13, 0, len(text)) == "2 words selected"
    assert motions.summary(text, 0, 3, 0, len(text)) == "1 word selected"
    assert motions.summary(text, 13, 14, 0, len(text)) == "1 character selected"


def test_step_grows_forward_and_back_and_shrinks_from_the_far_side() -> None:
    units = [(0, 3), (4, 9), (10, 12)]
    assert motions.step(units, 3, 0, 1) == 9  # grows to the next end
    assert motions.step(units, 9, 0, -1) == 3  # back from after the anchor: shrinks to an end
    assert motions.step(units, 3, 0, -1) == 0  # ...and meets the anchor
    assert motions.step(units, 10, 12, -1) == 4  # before the anchor: grows back to a start
    assert motions.step(units, 4, 12, 1) == 10  # forward from before it: shrinks to a start
    assert motions.step(units, 12, 0, 1) is None
    assert motions.step(units, 0, 3, -1) is None
