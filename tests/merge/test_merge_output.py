"""The merged doc always lints clean and is deterministic; the report; speed; purity."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest
from merge_helpers import (
    POLICE,
    TRUST_BUILDING_A,
    TRUST_BUILDING_B,
    assert_clean,
    cb,
    merge,
)

from themework.domain.codebook import (
    CodebookDoc,
    CodeSpec,
    ThemeSpec,
    assign_ids,
    dump_codebook,
    iter_codes,
    lint_codebook,
)
from themework.domain.text import name_key
from themework.merge import Conflict, Decision, merge_codebooks, render_report

# --- lint-clean, deterministic -----------------------------------------------------------------

SCENARIO_A = cb(f"""
    codebook: Trust
    codes:
      - name: Building trust
        id: building-trust
        aliases: [Trust work]
        definition: {TRUST_BUILDING_A}
        keywords: [trust]
        children:
          - name: Keeping promises
            id: promises
      - name: Warmth
        id: care
        colour: "#e76f51"
    themes:
      - name: Relationships
        codes: [building-trust, Warmth]
""")
SCENARIO_B = cb(f"""
    codebook: Trust, second coder
    codes:
      - name: Trust-building
        id: trust-building
        aliases: [Rapport]
        definition: {TRUST_BUILDING_B}
        keywords: [trust, rapport]
      - name: Trust in police
        id: warmth
        definition: {POLICE}
      - name: Care
        aliases: [Trust work]
        children:
          - name: Keeping promises
            id: keeping-promises
    themes:
      - name: Relationships
        id: relationships
        codes: [Care, trust-building]
      - name: Policing
        codes: [warmth]
""")


@pytest.mark.parametrize("order", ["ab", "ba", "aba"])
def test_awkward_merges_dump_lint_clean(order: str) -> None:
    sides = {"a": SCENARIO_A, "b": SCENARIO_B}
    result = merge(*(sides[k] for k in order))
    # 'Care' (b) spells a's id 'care', 'Trust in police' has a's name 'Warmth' as its id...
    assert lint_codebook(dump_codebook(result.doc), "merged.yaml") == []


def test_merging_twice_gives_the_same_bytes() -> None:
    first = merge(SCENARIO_A, SCENARIO_B, decide=lambda q: _answer(q))
    second = merge(SCENARIO_A, SCENARIO_B, decide=lambda q: _answer(q))
    assert dump_codebook(first.doc) == dump_codebook(second.doc)
    assert render_report(first) == render_report(second)
    assert first == second


@pytest.mark.parametrize("doc", [SCENARIO_A, SCENARIO_B])
def test_one_codebook_merges_into_itself(doc: CodebookDoc) -> None:
    result = merge(doc)
    assert result.doc == assign_ids(doc)
    assert (result.decisions, result.conflicts, result.removed, result.notes) == ((), (), (), ())
    assert merge(doc, doc, base=doc).doc == assign_ids(doc)


def test_the_merged_doc_has_ids_assigned() -> None:
    result = merge(SCENARIO_A, SCENARIO_B)
    assert result.doc == assign_ids(result.doc)
    assert all(c.id for c, _ in iter_codes(result.doc))


def _answer(question: Decision | Conflict) -> str:
    """A deterministic but varied decider."""
    if isinstance(question, Decision):
        return "merge" if len(question.right_code.name) % 2 else "separate"
    return question.choices[len(question.name) % len(question.choices)]


_WORDS = ["trust", "trusts", "building", "police", "worker", "care", "Care", "time", "safety"]
_IDS = ["trust", "care", "police", "c1", "c2", "trust-building", "time"]


def _random_code(rng: random.Random, depth: int, taken: set[str]) -> CodeSpec:
    """A random code whose names, aliases and id are not in ``taken`` (case-folded)."""

    def fresh_name() -> str | None:
        sep = rng.choice([" ", "-", " "])
        text = sep.join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3))).capitalize()
        if name_key(text) in taken:
            return None
        taken.add(name_key(text))
        return text

    name = fresh_name()
    while name is None:
        name = fresh_name() or None
        if name is None and rng.random() < 0.3:
            name = f"Code {len(taken)}"
            taken.add(name_key(name))
    aliases = tuple(a for a in (fresh_name() for _ in range(rng.randint(0, 2))) if a)
    code_id = rng.choice([None, None, *_IDS])
    if code_id in taken:
        code_id = None
    elif code_id:
        taken.add(code_id)
    kids = tuple(
        _random_code(rng, depth + 1, taken) for _ in range(rng.randint(0, 2) if depth < 2 else 0)
    )
    return CodeSpec(
        name=name,
        id=code_id,
        aliases=aliases,
        definition=rng.choice(["", TRUST_BUILDING_A, TRUST_BUILDING_B, POLICE, "Care."]),
        keywords=tuple(dict.fromkeys(rng.choice(_WORDS).lower() for _ in range(rng.randint(0, 3)))),
        examples=tuple(dict.fromkeys(rng.choice(["One.", "Two.", "Three."]) for _ in range(2))),
        colour=rng.choice(["", "#2a9d8f", "#E76F51"]),
        status=rng.choice(["", "", "retired", "active"]),
        children=kids,
    )


def _random_doc(rng: random.Random) -> CodebookDoc:
    """A random codebook that lints clean (names and ids unique by construction; a slug id
    can still spell a name, so retry until it lints clean)."""
    while True:
        taken: set[str] = set()
        codes = tuple(_random_code(rng, 0, taken) for _ in range(rng.randint(1, 6)))
        refs = [c.id or c.name for c, _ in iter_codes(CodebookDoc(codes=codes))]
        themes = tuple(
            ThemeSpec(
                name=f"Theme {i}",
                id=rng.choice([None, f"t{i}", "t0"]),
                codes=tuple(dict.fromkeys(rng.sample(refs, min(len(refs), rng.randint(0, 3))))),
            )
            for i in range(rng.randint(0, 3))
        )
        doc = CodebookDoc(rng.choice(["", "Trust", "Care"]), codes, themes)
        if not lint_codebook(dump_codebook(doc), "random.yaml"):
            return doc


def _mutate(rng: random.Random, doc: CodebookDoc) -> CodebookDoc:
    """Some codes edited, deleted or moved to the top; a clean codebook again."""
    while True:
        flat = [replace(c, children=()) for c, _ in iter_codes(doc)]
        out = []
        for code in flat:
            roll = rng.random()
            if roll < 0.15:
                continue
            if roll < 0.35:
                code = replace(code, definition=rng.choice(["Edited.", POLICE, ""]))
            elif roll < 0.45:
                code = replace(code, name=code.name + " work")
            out.append(code)
        kept = {c.id or c.name for c in out}
        themes = tuple(replace(t, codes=tuple(r for r in t.codes if r in kept)) for t in doc.themes)
        mutated = CodebookDoc(doc.title, tuple(out), themes)
        if not lint_codebook(dump_codebook(mutated), "mutated.yaml"):
            return mutated


@pytest.mark.parametrize("seed", range(25))
def test_random_merges_lint_clean_and_repeat_exactly(seed: int) -> None:
    rng = random.Random(seed)
    a, b = _random_doc(rng), _random_doc(rng)
    result = merge(a, b)
    count = sum(1 for _ in iter_codes(result.doc))
    sizes = [sum(1 for _ in iter_codes(d)) for d in (a, b)]
    assert max(sizes) <= count <= sum(sizes)  # one code per file at most in each merged code
    again = merge_codebooks([("a.yaml", a), ("b.yaml", b)])
    assert dump_codebook(again.doc) == assert_clean(result.doc)
    assert render_report(again) == render_report(result)

    base = _random_doc(rng)
    left, right = _mutate(rng, base), _mutate(rng, base)
    three = merge(left, right, base=base, decide=_answer)
    assert three == merge(left, right, base=base, decide=_answer)
    assert merge(a, b, left, threshold=70).doc is not None  # three sides


# --- the report ---------------------------------------------------------------------------------


def test_report_lists_every_decision_and_conflict() -> None:
    a = cb(f"""
        codebook: Trust
        codes:
          - name: Building trust
            id: building-trust
            definition: {TRUST_BUILDING_A}
            keywords: [trust]
          - name: Warmth | care
            definition: Showing genuine care.
    """)
    b = cb(f"""
        codebook: Trust
        codes:
          - name: Trust-building
            definition: {TRUST_BUILDING_B}
            keywords: [trust, rapport]
          - name: Warmth | care
            definition: Informal, everyday contact.
          - name: Trust in police
            definition: {POLICE}
    """)
    report = render_report(merge(a, b))
    expected = textwrap.dedent(f"""\
        # Codebook merge

        Merged `a.yaml`, `b.yaml`: two-way (no base).
        Fuzzy matching: merged at a combined score of 85.0 or more, or when the names differ only in case, punctuation, hyphens, word order or plurals; uncertain from 70.0 up to it, or when the names have the same terms, the definitions score 60 or more, or one code is the other's closest match.

        ## Summary

        - merged codebook: 3 codes, 0 themes
        - decisions: 1 exact, 1 near, 0 uncertain, 1 separate
        - conflicts: 2
        - removed: 0
        - notes: 0

        ## Decisions (3)

        | # | kind | outcome | left | right | via | name | definition | keywords | combined |
        |---:|---|---|---|---|---|---:|---:|---:|---:|
        | 1 | exact | merged | a.yaml: Warmth \\| care | b.yaml: Warmth \\| care | name | 100.0 | 51.4 | – | 75.7 |
        | 2 | near | merged | a.yaml: Building trust (`building-trust`) | b.yaml: Trust-building | fuzzy: same name form | 100.0 | 68.5 | 50.0 | 84.2 |
        | 3 | separate | kept separate | a.yaml: Building trust (`building-trust`) | b.yaml: Trust in police | fuzzy | 50.6 | 12.8 | – | 31.7 |

        ## Conflicts (2)

        ### 1. code `building-trust` (Building trust): definition

        - a.yaml: {TRUST_BUILDING_A}
        - b.yaml: {TRUST_BUILDING_B}

        Resolution: kept the value from a.yaml (the first side).

        ### 2. code `warmth-care` (Warmth \\| care): definition

        - a.yaml: Showing genuine care.
        - b.yaml: Informal, everyday contact.

        Resolution: kept the value from a.yaml (the first side).

        ## Removed (0)

        None.

        ## Notes (0)

        None.
    """)  # noqa: E501
    assert report == expected


def test_report_of_a_three_way_merge_names_removals_and_notes() -> None:
    base = cb("""
        codes:
          - name: Warmth
            id: warmth
          - name: Humour
            id: humour
    """)
    a = cb(
        """
        codes:
          - name: Warmth
            id: warmth
            aliases: [Humour work]
          - name: Humour work
    """.replace("          - name: Humour work\n", "")
    )
    b = base
    report = render_report(merge(a, b, base=base))
    assert "three-way, against their common base" in report
    assert "- code `humour` (Humour): deleted in a.yaml, unchanged in b.yaml" in report


# --- speed and purity ---------------------------------------------------------------------------


def _big(rng: random.Random, n: int, vocab: list[str]) -> CodebookDoc:
    names: set[str] = set()
    codes: list[CodeSpec] = []
    while len(codes) < n:
        name = " ".join(rng.sample(vocab, rng.randint(2, 4))).capitalize()
        if name.lower() not in names:
            names.add(name.lower())
            words = " ".join(rng.choice(vocab) for _ in range(rng.randint(12, 30)))
            codes.append(
                CodeSpec(name, definition=words + ".", keywords=tuple(rng.sample(vocab, 3)))
            )
    return CodebookDoc("Big", tuple(codes))


def test_the_merge_package_imports_no_database_ui_or_nlp_library() -> None:
    code = (
        "import sys, themework.merge\n"
        "heavy = {'sqlalchemy', 'textual', 'spacy', 'alembic', 'rich', 'typer'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
