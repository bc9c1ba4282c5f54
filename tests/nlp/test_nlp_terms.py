"""Content terms of code names: lookup lemmas, function words out, derivational suffixes
folded where what is left is a word, British and American spellings together."""

from __future__ import annotations

import pytest

from themework.nlp.terms import fold, terms, weight


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Honesty", "Being honest"),
        ("Consistency of worker", "Consistent worker"),
        ("Honesty about confidentiality", "Being honest about confidentiality"),
        ("Desistance", "Desisting"),
        ("Behaviour management", "Managing behaviour"),
        ("Parental engagement", "engaging parents"),
        ("Fairness", "Fairly"),
        ("Child-centred practice", "child centered practices"),
        ("Young people's voice", "voice of young people"),
    ],
)
def test_the_same_concept_gives_the_same_terms(a: str, b: str) -> None:
    assert sorted(terms(a)) == sorted(terms(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Trust in police", "Trust building"),
        ("Professional curiosity", "Professional boundaries"),
        ("Family support", "Family burden"),
        ("Careful planning", "Care planning"),  # -ful is never cut
    ],
)
def test_different_concepts_keep_different_terms(a: str, b: str) -> None:
    assert sorted(terms(a)) != sorted(terms(b))


def test_only_suffixes_that_leave_a_word_are_cut() -> None:
    assert fold("honesty") == "honest"
    assert fold("information") == "inform"
    assert fold("family") == "family"  # "fami" is no word
    assert fold("student") == "student"  # the stem would keep four letters only
    assert fold("patient") == "patient"
    assert fold("careless") == "careless"


def test_function_words_go_but_words_that_name_things_stay() -> None:
    assert terms("Being there for them") == ()
    assert terms("Side effects") == ("side", "effect")
    assert terms("") == ()


def test_rare_terms_weigh_more() -> None:
    assert weight("hypoglycaemia") > weight("trust") > weight("work") >= 1.0
