"""``exclusive: true`` in the codebook schema: linted, parsed, dumped the same way every time."""

from __future__ import annotations

import textwrap

from themework.domain.codebook import dump_codebook, lint_codebook, parse_codebook

SET = """
codebook: Tone
codes:
  - name: Tone
    exclusive: true
    children:
      - name: Hopeful
      - name: Resigned
  - name: Neutral tone
    parent: tone
  - name: Trust
"""


def _text(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def test_an_exclusive_parent_parses_and_dumps_deterministically() -> None:
    doc = parse_codebook(_text(SET), "cb.yaml")
    tone = doc.codes[0]
    assert tone.exclusive and [c.name for c in tone.children] == [
        "Hopeful", "Resigned", "Neutral tone",
    ]
    assert not doc.codes[1].exclusive
    dumped = dump_codebook(doc)
    assert "  exclusive: true\n" in dumped and dumped.count("exclusive") == 1
    assert dumped.index("exclusive: true") < dumped.index("children:")
    again = parse_codebook(dumped, "cb.yaml")
    assert again.codes[0].exclusive
    assert dump_codebook(again) == dumped


def test_exclusive_must_be_a_boolean() -> None:
    problems = lint_codebook(_text(SET.replace("exclusive: true", "exclusive: yes please")), "f")
    assert [(p.line, p.message) for p in problems] == [(4, "exclusive must be true or false")]


def test_an_exclusive_code_needs_two_children_to_choose_between() -> None:
    source = """
    codes:
      - name: Tone
        exclusive: true
        children:
          - name: Hopeful
      - name: Empty
        exclusive: true
    """
    problems = [(p.line, p.message) for p in lint_codebook(_text(source), "cb.yaml")]
    assert problems == [
        (3, "exclusive: true makes the children of 'Tone' one set of categories; it has 1 "
            "child code, so nothing to choose between"),
        (7, "exclusive: true makes the children of 'Empty' one set of categories; it has 0 "
            "child codes, so nothing to choose between"),
    ]
    assert lint_codebook(_text(SET), "cb.yaml") == []  # a parent: link counts as a child
