"""Narratives with extracts embedded by reference: punctuation after a reference stays with
the sentence before it."""

from __future__ import annotations

from themework.domain.narrative import narrative_pieces
from themework.tui.widgets.define_preview import narrative_markdown


def test_a_full_stop_after_an_extract_ends_the_sentence_before_it() -> None:
    pieces = narrative_pieces("Trust was described as {{extract:1}}. When this failed, it broke.")
    assert pieces == ["Trust was described as.", 1, " When this failed, it broke."]


def test_other_closing_marks_and_spaces_before_them() -> None:
    assert narrative_pieces("As one put it {{extract:2}} ; and more") == [
        "As one put it;", 2, " and more",
    ]
    assert narrative_pieces("(see {{extract:3}}), then") == ["(see),", 3, " then"]


def test_a_reference_with_nothing_before_drops_the_stray_mark() -> None:
    assert narrative_pieces("{{extract:4}}. Then") == [4, " Then"]
    assert narrative_pieces("A {{ extract : 5 }}\n\nB") == ["A ", 5, "\n\nB"]


def test_the_preview_has_no_paragraph_starting_with_punctuation() -> None:
    text = narrative_markdown("Described as {{extract:9}}. When this failed...", {})
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Described as."
    assert paragraphs[2] == "When this failed..."
