"""Fixtures for the nlp tests: the offline pipeline once per session, a tiny trained NER."""

from __future__ import annotations

from pathlib import Path

import pytest

# A made-up given name the rule-based checker cannot know: no title, not in the shipped list.
PLANTED_NAME = "Zebedee"

_TRAIN = [
    "Zebedee came to the office on Monday.",
    "I spoke to Zebedee about the plan.",
    "Then Zebedee said he was fine.",
    "We met Zebedee at the drop-in.",
    "Ottoline rang the team twice.",
    "I asked Ottoline about school.",
    "The worker drove Ottoline home.",
    "Quillon waited outside the shop.",
    "We took Quillon for food.",
    "The lad was quiet at first.",
    "She rang the duty team.",
    "We sat in the car and talked.",
]


@pytest.fixture(scope="session")
def planted_name() -> str:
    return PLANTED_NAME


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from themework.nlp.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def tiny_ner_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Train spacy.blank("en") + ner on a handful of sentences and save it (no download)."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("PERSON")  # type: ignore[attr-defined]
    examples = []
    for sentence in _TRAIN:
        doc = nlp.make_doc(sentence)
        ents = []
        for name in ("Zebedee", "Ottoline", "Quillon"):
            at = sentence.find(name)
            if at >= 0:
                ents.append((at, at + len(name), "PERSON"))
        examples.append(Example.from_dict(doc, {"entities": ents}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(25):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("tiny-ner") / "pipeline"
    nlp.to_disk(path)
    return path
