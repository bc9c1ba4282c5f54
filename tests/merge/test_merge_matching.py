"""Which codes the merge takes to be the same: by id, by name or alias, by fuzzy score."""

from __future__ import annotations

import pytest
from merge_helpers import (
    POLICE,
    SHARING_A,
    SHARING_B,
    TRUST_BUILDING_A,
    TRUST_BUILDING_B,
    cb,
    codes,
    merge,
)

from themework.domain.codebook import CodebookDoc, CodeSpec
from themework.merge import Conflict, Decision, merge_codebooks


def one(*specs: CodeSpec) -> CodebookDoc:
    return CodebookDoc("Trust", specs)


def test_same_id_is_the_same_code_whatever_the_names() -> None:
    a = cb("""
        codes:
          - name: Consistency of worker
            id: consistency
            definition: The same worker turns up.
    """)
    b = cb("""
        codes:
          - name: Reliable adults
            id: consistency
            definition: The same worker turns up.
    """)
    result = merge(a, b)
    (code,) = result.doc.codes
    assert (code.name, code.id, code.aliases) == (
        "Consistency of worker",
        "consistency",
        ("Reliable adults",),
    )
    (decision,) = result.decisions
    assert (decision.kind, decision.via, decision.merged) == ("exact", "id", True)
    assert (decision.left, decision.left_code.name) == ("a.yaml", "Consistency of worker")
    assert (decision.right, decision.right_code.name) == ("b.yaml", "Reliable adults")
    # a rename by id is a real disagreement: listed, first side wins
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.code, conflict.chosen) == ("name", "consistency", "a.yaml")
    assert conflict.values == (("a.yaml", "Consistency of worker"), ("b.yaml", "Reliable adults"))


def test_same_name_ignoring_case_and_spaces_is_exact() -> None:
    a = one(CodeSpec("Time and persistence", definition="Staying with them."))
    b = one(CodeSpec("time  and PERSISTENCE", keywords=("patience",)))
    result = merge(a, b)
    (code,) = result.doc.codes
    assert code.name == "Time and persistence"
    assert code.aliases == ()  # the same name spelt differently is no alias
    assert code.definition == "Staying with them." and code.keywords == ("patience",)
    (decision,) = result.decisions
    assert (decision.kind, decision.via) == ("exact", "name")
    assert result.conflicts == ()


def test_name_matching_an_alias_is_exact_by_alias() -> None:
    a = cb("""
        codes:
          - name: Honesty about information sharing
            aliases: [Transparency]
    """)
    b = cb("""
        codes:
          - name: Transparency
            aliases: [Being upfront]
    """)
    result = merge(a, b)
    (code,) = result.doc.codes
    assert code.name == "Honesty about information sharing"
    assert code.aliases == ("Transparency", "Being upfront")
    (decision,) = result.decisions
    assert (decision.kind, decision.via, decision.merged) == ("exact", "alias", True)
    assert result.conflicts == ()


def test_a_name_match_beats_an_alias_match() -> None:
    a = cb("""
        codes:
          - name: Warmth
          - name: Informal contact
            aliases: [Warmth and fun]
    """)
    b = cb("""
        codes:
          - name: Warmth and fun
            aliases: [Warmth]
    """)
    result = merge(a, b)
    # b's name is a's alias: that wins over b's alias being a's name
    assert set(codes(result.doc)) == {"Warmth", "Informal contact"}
    assert codes(result.doc)["Informal contact"].aliases == ("Warmth and fun",)
    assert codes(result.doc)["Warmth"].aliases == ()
    assert result.notes == (
        "alias 'Warmth' of code 'Informal contact' dropped: it is the name of code 'Warmth'",
    )


def test_near_fuzzy_pair_merges_and_keeps_the_other_name_as_alias() -> None:
    a = one(CodeSpec("Building trust", definition=TRUST_BUILDING_A, keywords=("trust",)))
    b = one(CodeSpec("Trust-building", definition=TRUST_BUILDING_B, keywords=("trust",)))
    result = merge(a, b)
    (code,) = result.doc.codes
    assert (code.name, code.aliases) == ("Building trust", ("Trust-building",))
    (decision,) = result.decisions
    assert (decision.kind, decision.via, decision.merged) == ("near", "fuzzy", True)
    assert decision.reason == "same name form"  # case, hyphen and word order do not count
    s = decision.scores
    assert s.name == 100.0
    assert s.definition is not None and s.definition > 75
    assert s.keywords == 100.0
    assert s.combined >= 85
    # the definitions differ: first side's kept, listed
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.chosen) == ("definition", "a.yaml")


def test_trust_in_police_is_not_trust_building() -> None:
    a = one(CodeSpec("Trust building", definition=TRUST_BUILDING_B))
    b = one(CodeSpec("Trust in police", definition=POLICE))
    result = merge(a, b)
    assert set(codes(result.doc)) == {"Trust building", "Trust in police"}
    assert codes(result.doc)["Trust in police"].aliases == ()
    (decision,) = result.decisions
    assert (decision.kind, decision.merged) == ("separate", False)
    assert decision.left_code.name == "Trust building"
    assert decision.right_code.name == "Trust in police"
    assert decision.scores.name > 0  # the names share a word...
    assert decision.scores.definition is not None and decision.scores.definition < 20
    assert decision.scores.combined < 70  # ...the definitions say otherwise


def test_plural_and_order_do_not_matter_for_names() -> None:
    a = one(CodeSpec("Professional boundaries"))
    b = one(CodeSpec("Boundary, professional"))
    (decision,) = merge(a, b).decisions
    assert (decision.kind, decision.scores.name, decision.scores.combined) == ("near", 100, 100)


SHARING = (
    one(
        CodeSpec(
            "Honesty about information sharing", definition=SHARING_A, keywords=("honest", "share")
        )
    ),
    one(
        CodeSpec(
            "Open about sharing information", definition=SHARING_B, keywords=("honest", "open")
        )
    ),
)


def test_uncertain_pair_is_listed_and_kept_separate() -> None:
    result = merge(*SHARING)
    assert len(result.doc.codes) == 2
    (decision,) = result.decisions
    assert (decision.kind, decision.merged, decision.decided_by) == ("uncertain", False, "default")
    assert 70 <= decision.scores.combined < 85


def test_decide_callback_merges_an_uncertain_pair() -> None:
    seen: list[Decision | Conflict] = []

    def decide(question: Decision | Conflict) -> str:
        seen.append(question)
        return "merge" if isinstance(question, Decision) else question.choices[0]

    result = merge(*SHARING, decide=decide)
    (code,) = result.doc.codes
    assert code.aliases == ("Open about sharing information",)
    assert code.keywords == ("honest", "share", "open")
    (decision,) = result.decisions
    assert (decision.kind, decision.merged, decision.decided_by) == ("uncertain", True, "callback")
    asked = [q for q in seen if isinstance(q, Decision)]
    assert len(asked) == 1 and asked[0].merged is False and asked[0].kind == "uncertain"
    # the definitions then conflict, and the callback was asked about that too
    assert [q.field for q in seen if isinstance(q, Conflict)] == ["definition"]


def test_decide_callback_may_keep_them_apart() -> None:
    result = merge(*SHARING, decide=lambda q: "separate")
    assert len(result.doc.codes) == 2
    assert result.decisions[0].decided_by == "callback" and not result.decisions[0].merged


def test_threshold_moves_the_bands() -> None:
    (decision,) = merge(*SHARING, threshold=75).decisions
    assert (decision.kind, decision.merged) == ("near", True)
    strict = merge(*SHARING, threshold=100)
    assert len(strict.doc.codes) == 2
    # out of the band, but the definitions alone are alike enough to ask about
    (decision,) = strict.decisions
    assert (decision.kind, decision.reason, decision.merged) == (
        "uncertain", "similar definitions", False,
    )  # fmt: skip


def test_a_bad_answer_from_decide_is_an_error() -> None:
    with pytest.raises(ValueError, match="'merge' or 'separate'"):
        merge_codebooks([("a.yaml", SHARING[0]), ("b.yaml", SHARING[1])], decide=lambda q: "yes")


def test_fuzzy_matching_is_one_to_one_best_first() -> None:
    a = one(CodeSpec("Trust building"), CodeSpec("Building trusts quickly"))
    b = one(CodeSpec("Building trust"))
    result = merge(a, b)
    assert codes(result.doc)["Trust building"].aliases == ("Building trust",)
    assert codes(result.doc)["Building trusts quickly"].aliases == ()
    assert [d.kind for d in result.decisions] == ["near"]


def test_each_code_joins_at_most_one_code_per_file() -> None:
    a = one(CodeSpec("Honesty", id="honesty"))
    b = one(CodeSpec("Honesty", id="candour"), CodeSpec("Candour", id="honesty"))
    result = merge(a, b)
    # by id first: b's "Candour" is a's honesty; b's "Honesty" then stands alone, renamed
    merged = codes(result.doc)
    assert (merged["Honesty"].id, merged["Honesty"].aliases) == ("honesty", ())
    assert merged["Honesty (2)"].id == "candour"  # ids win over aliases: projects use them
    assert [d.via for d in result.decisions] == ["id"]
    assert result.notes == (
        "code 'Honesty' renamed 'Honesty (2)': the name was taken",
        "alias 'Candour' of code 'Honesty' dropped: it is the id of code 'Honesty (2)'",
    )


def test_codes_found_in_only_one_file_are_kept_in_file_order() -> None:
    a = one(CodeSpec("Alpha"), CodeSpec("Gamma"))
    b = one(CodeSpec("Alpha"), CodeSpec("Beta code"), CodeSpec("Gamma"), CodeSpec("Delta code"))
    result = merge(a, b)
    assert [c.name for c in result.doc.codes] == ["Alpha", "Beta code", "Gamma", "Delta code"]


def test_three_files() -> None:
    a = one(CodeSpec("Building trust", keywords=("trust",)))
    b = one(CodeSpec("Trust building", keywords=("rapport",)))
    c = one(CodeSpec("Trust-building", keywords=("relationship",)), CodeSpec("Listening"))
    result = merge(a, b, c)
    assert [c.name for c in result.doc.codes] == ["Building trust", "Listening"]
    merged = result.doc.codes[0]
    assert merged.aliases == ("Trust building", "Trust-building")
    assert merged.keywords == ("trust", "rapport", "relationship")


@pytest.mark.parametrize("labels", [["a.yaml", "a.yaml"], ["base", "b.yaml"], ["", "b.yaml"], []])
def test_labels_must_be_distinct_and_not_base(labels: list[str]) -> None:
    with pytest.raises(ValueError):
        merge_codebooks([(label, CodebookDoc()) for label in labels])
