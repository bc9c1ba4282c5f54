"""How matched codes' fields merge: two-way, three-way against a base, hierarchy, deletions."""

from __future__ import annotations

import pytest
from merge_helpers import cb, codes, merge, parents

from themework.domain.codebook import CodebookDoc, CodeSpec
from themework.merge import Conflict, Decision, merge_codebooks

BASE = cb("""
    codebook: Trust
    codes:
      - name: Consistency of worker
        id: consistency
        aliases: [Consistent worker]
        definition: The worker is reliable over time.
        include: Turning up as arranged.
        keywords: [turn up, reliable]
        colour: "#2a9d8f"
        children:
          - name: Following through
            id: following-through
            definition: Doing what they said they would.
      - name: Time and persistence
        id: persistence
        definition: Staying with a young person over a long period.
      - name: Warmth
        id: warmth
        definition: Showing genuine care.
""")


def edit(doc: CodebookDoc, code_id: str, **changes: object) -> CodebookDoc:
    """``doc`` with one code (anywhere in the tree) changed."""

    def walk(specs: tuple[CodeSpec, ...]) -> tuple[CodeSpec, ...]:
        out = []
        for c in specs:
            c = CodeSpec(**{**c.__dict__, "children": walk(c.children)})
            if c.id == code_id:
                c = CodeSpec(**{**c.__dict__, **changes})
            out.append(c)
        return tuple(out)

    return CodebookDoc(doc.title, walk(doc.codes), doc.themes)


def drop(doc: CodebookDoc, code_id: str) -> CodebookDoc:
    def walk(specs: tuple[CodeSpec, ...]) -> tuple[CodeSpec, ...]:
        return tuple(
            CodeSpec(**{**c.__dict__, "children": walk(c.children)})
            for c in specs
            if c.id != code_id
        )

    return CodebookDoc(doc.title, walk(doc.codes), doc.themes)


# --- two-way ------------------------------------------------------------------------------------


def test_two_way_equal_fields_stay_and_an_empty_side_gives_way() -> None:
    a = cb("""
        codes:
          - name: Warmth
            definition: Showing genuine care.
            colour: "#e76f51"
    """)
    b = cb("""
        codes:
          - name: Warmth
            definition: "Showing   genuine care."
            include: Walks, car journeys, food.
            status: retired
    """)
    result = merge(a, b)
    (code,) = result.doc.codes
    assert code.definition == "Showing genuine care."  # equal up to spacing: no conflict
    assert code.include == "Walks, car journeys, food."
    assert (code.colour, code.status) == ("#e76f51", "retired")
    assert result.conflicts == ()


def test_two_way_conflict_keeps_the_first_file_and_lists_it() -> None:
    a = cb("""
        codebook: Alice's codebook
        codes:
          - name: Warmth
            definition: Showing genuine care.
    """)
    b = cb("""
        codebook: Bob's codebook
        codes:
          - name: Warmth
            definition: Informal, everyday contact.
    """)
    result = merge(a, b)
    assert result.doc.title == "Alice's codebook"
    assert result.doc.codes[0].definition == "Showing genuine care."
    title, definition = result.conflicts
    assert (title.item, title.field, title.code, title.chosen) == (
        "codebook",
        "title",
        "",
        "a.yaml",
    )
    assert definition == Conflict(
        item="code",
        field="definition",
        code="warmth",
        name="Warmth",
        values=(("a.yaml", "Showing genuine care."), ("b.yaml", "Informal, everyday contact.")),
        choices=("a.yaml", "b.yaml"),
        chosen="a.yaml",
        resolution="kept the value from a.yaml (the first side)",
    )


def test_decide_can_pick_the_other_side_of_a_conflict() -> None:
    a = CodebookDoc("T", (CodeSpec("Warmth", definition="Showing genuine care."),))
    b = CodebookDoc("T", (CodeSpec("Warmth", definition="Informal, everyday contact."),))
    asked: list[Conflict] = []

    def decide(question: Decision | Conflict) -> str:
        assert isinstance(question, Conflict)
        asked.append(question)
        return "b.yaml"

    result = merge(a, b, decide=decide)
    assert result.doc.codes[0].definition == "Informal, everyday contact."
    (conflict,) = result.conflicts
    assert (conflict.chosen, conflict.decided_by) == ("b.yaml", "callback")
    assert conflict.resolution == "kept the value from b.yaml (decided)"
    assert asked[0].chosen == "a.yaml"  # the callback sees the default


def test_a_conflict_answer_must_be_one_of_the_choices() -> None:
    a = CodebookDoc("T", (CodeSpec("Warmth", definition="One."),))
    b = CodebookDoc("T", (CodeSpec("Warmth", definition="Two."),))
    with pytest.raises(ValueError, match=r"a\.yaml, b\.yaml"):
        merge_codebooks([("a.yaml", a), ("b.yaml", b)], decide=lambda q: "merge")


def test_lists_are_unioned_in_a_fixed_order() -> None:
    a = cb("""
        codes:
          - name: Consistency
            aliases: [Consistent worker, Reliability]
            examples: ["Same time, same day.", "I'm there at four."]
            keywords: [turn up, reliable]
            patterns:
              - [{LOWER: turn}, {LOWER: up}]
    """)
    b = cb("""
        codes:
          - name: Consistency
            aliases: [Predictability, reliability]
            examples: ["I'm there at four.", "Every week."]
            keywords: [Reliable, same time, turn up]
            patterns:
              - [{LOWER: every}, {LOWER: week}]
              - [{LOWER: turn}, {LOWER: up}]
    """)
    (code,) = merge(a, b).doc.codes
    assert code.aliases == ("Consistent worker", "Reliability", "Predictability")
    assert code.examples == ("Same time, same day.", "I'm there at four.", "Every week.")
    assert code.keywords == ("turn up", "reliable", "same time")
    assert code.patterns == (
        ({"LOWER": "turn"}, {"LOWER": "up"}),
        ({"LOWER": "every"}, {"LOWER": "week"}),
    )
    (swapped,) = merge(b, a).doc.codes
    assert swapped.keywords == ("Reliable", "same time", "turn up")


def test_two_way_parent_comes_from_the_first_file() -> None:
    a = cb("""
        codes:
          - name: Consistency
            children:
              - name: Following through
          - name: Persistence
    """)
    b = cb("""
        codes:
          - name: Consistency
          - name: Persistence
            children:
              - name: Following through
              - name: Waiting
    """)
    result = merge(a, b)
    assert parents(result.doc) == {
        "Consistency": None,
        "Following through": "Consistency",
        "Persistence": None,
        "Waiting": "Persistence",
    }
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.name, conflict.chosen) == (
        "parent",
        "Following through",
        "a.yaml",
    )
    assert conflict.values == (("a.yaml", "Consistency"), ("b.yaml", "Persistence"))


# --- three-way ----------------------------------------------------------------------------------


def test_three_way_each_side_changed_a_different_field() -> None:
    a = edit(BASE, "warmth", definition="Showing genuine, consistent care.")
    b = edit(BASE, "warmth", colour="#e76f51", include="Walks and car journeys.")
    result = merge(a, b, base=BASE)
    warmth = codes(result.doc)["Warmth"]
    assert warmth.definition == "Showing genuine, consistent care."
    assert (warmth.colour, warmth.include) == ("#e76f51", "Walks and car journeys.")
    assert result.conflicts == () and result.removed == ()
    assert codes(result.doc) == codes(BASE) | {"Warmth": warmth}


def test_three_way_both_changed_the_same_field() -> None:
    a = edit(BASE, "warmth", definition="Care shown in everyday contact.")
    b = edit(BASE, "warmth", definition="Care that young people notice.")
    result = merge(a, b, base=BASE)
    assert codes(result.doc)["Warmth"].definition == "Care shown in everyday contact."
    (conflict,) = result.conflicts
    assert conflict.values == (
        ("base", "Showing genuine care."),
        ("a.yaml", "Care shown in everyday contact."),
        ("b.yaml", "Care that young people notice."),
    )
    assert conflict.choices == ("a.yaml", "b.yaml")
    assert conflict.resolution == "kept the value from a.yaml (the first side that changed it)"


def test_three_way_the_same_change_on_both_sides_is_no_conflict() -> None:
    a = edit(BASE, "warmth", definition="Care shown in everyday contact.")
    result = merge(a, a, base=BASE)
    assert codes(result.doc)["Warmth"].definition == "Care shown in everyday contact."
    assert result.conflicts == ()


def test_three_way_only_the_second_side_changed() -> None:
    b = edit(BASE, "persistence", definition="Not giving up.", status="retired")
    result = merge(BASE, b, base=BASE)
    persistence = codes(result.doc)["Time and persistence"]
    assert (persistence.definition, persistence.status) == ("Not giving up.", "retired")
    assert result.conflicts == ()


def test_three_way_rename_on_one_side_takes_the_new_name_without_alias() -> None:
    a = edit(BASE, "warmth", name="Warmth and care")
    result = merge(a, BASE, base=BASE)
    warmth = result.doc.codes[2]
    assert (warmth.name, warmth.id, warmth.aliases) == ("Warmth and care", "warmth", ())
    assert result.conflicts == ()


def test_three_way_lists_honour_removals_and_union_additions() -> None:
    a = edit(BASE, "consistency", keywords=("reliable", "same time"))  # drops "turn up"
    b = edit(BASE, "consistency", keywords=("turn up", "reliable", "every week"))
    keywords = codes(merge(a, b, base=BASE).doc)["Consistency of worker"].keywords
    assert keywords == ("reliable", "same time", "every week")


def test_three_way_parent_from_the_side_that_moved_it() -> None:
    moved = CodeSpec(
        "Following through", id="following-through", definition="Doing what they said they would."
    )
    a = BASE  # unchanged
    b = drop(BASE, "following-through")
    b = CodebookDoc(
        b.title, (*b.codes[:2], CodeSpec(**{**b.codes[2].__dict__, "children": (moved,)}))
    )
    result = merge(a, b, base=BASE)
    assert parents(result.doc)["Following through"] == "Warmth"
    assert result.conflicts == () and result.removed == ()


def test_three_way_both_moved_a_code_differently() -> None:
    moved = CodeSpec(
        "Following through", id="following-through", definition="Doing what they said they would."
    )
    base = drop(BASE, "following-through")
    base = CodebookDoc(base.title, (*base.codes, moved))  # at the top
    under = {
        code_id: CodebookDoc(
            base.title,
            tuple(
                CodeSpec(**{**c.__dict__, "children": (moved,)}) if c.id == code_id else c
                for c in base.codes[:3]
            ),
        )
        for code_id in ("persistence", "warmth")
    }
    result = merge(under["persistence"], under["warmth"], base=base)
    assert parents(result.doc)["Following through"] == "Time and persistence"
    (conflict,) = result.conflicts
    assert conflict.field == "parent"
    assert conflict.values == (
        ("base", "(top level)"),
        ("a.yaml", "Time and persistence"),
        ("b.yaml", "Warmth"),
    )


def test_moves_that_make_a_cycle_are_broken() -> None:
    base = cb("""
        codes:
          - name: Alpha
            id: alpha
          - name: Beta
            id: beta
    """)
    a = cb("""
        codes:
          - name: Alpha
            id: alpha
            children:
              - name: Beta
                id: beta
    """)
    b = cb("""
        codes:
          - name: Beta
            id: beta
            children:
              - name: Alpha
                id: alpha
    """)
    result = merge(a, b, base=base)
    assert parents(result.doc) == {"Alpha": "Beta", "Beta": None}
    assert result.notes == ("code 'Beta' moved to the top level: Alpha -> Beta -> Alpha",)


# --- deletions ----------------------------------------------------------------------------------


def test_deleted_on_one_side_and_unchanged_on_the_other_is_removed() -> None:
    a = drop(BASE, "persistence")
    result = merge(a, BASE, base=BASE)
    assert "Time and persistence" not in codes(result.doc)
    (removal,) = result.removed
    assert (removal.item, removal.id, removal.name) == (
        "code",
        "persistence",
        "Time and persistence",
    )
    assert removal.reason == "deleted in a.yaml, unchanged in b.yaml"
    assert result.conflicts == ()


def test_deleted_on_one_side_and_changed_on_the_other_is_kept_as_a_conflict() -> None:
    a = drop(BASE, "persistence")
    b = edit(BASE, "persistence", definition="Not giving up on them.")
    result = merge(a, b, base=BASE)
    assert codes(result.doc)["Time and persistence"].definition == "Not giving up on them."
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.code, conflict.chosen) == ("deleted", "persistence", "b.yaml")
    assert conflict.values == (("base", "present"), ("a.yaml", "deleted"), ("b.yaml", "changed"))
    assert conflict.resolution == "kept: changed in b.yaml, deleted in a.yaml"
    assert result.removed == ()


def test_decide_may_let_the_deletion_win() -> None:
    a = drop(BASE, "persistence")
    b = edit(BASE, "persistence", definition="Not giving up on them.")
    result = merge(a, b, base=BASE, decide=lambda q: "a.yaml")
    assert "Time and persistence" not in codes(result.doc)
    (conflict,) = result.conflicts
    assert (conflict.chosen, conflict.decided_by) == ("a.yaml", "callback")
    assert [r.reason for r in result.removed] == ["deleted in a.yaml (decided)"]


def test_deleted_on_every_side_is_removed() -> None:
    a = drop(BASE, "warmth")
    result = merge(a, a, base=BASE)
    assert "Warmth" not in codes(result.doc)
    assert [r.reason for r in result.removed] == ["deleted in a.yaml, b.yaml"]


def test_a_kept_child_of_a_removed_code_moves_up() -> None:
    a = drop(BASE, "consistency")  # and its child with it
    b = edit(BASE, "following-through", definition="Keeping promises, small and large.")
    result = merge(a, b, base=BASE)
    assert "Consistency of worker" not in codes(result.doc)
    assert parents(result.doc)["Following through"] is None
    assert [c.field for c in result.conflicts] == ["deleted"]
    assert [r.id for r in result.removed] == ["consistency"]


def test_a_code_added_on_one_side_is_kept_in_place() -> None:
    b = CodebookDoc(BASE.title, (BASE.codes[0], CodeSpec("Humour"), *BASE.codes[1:]))
    result = merge(BASE, b, base=BASE)
    assert [c.name for c in result.doc.codes] == [
        "Consistency of worker", "Humour", "Time and persistence", "Warmth",
    ]  # fmt: skip
    assert result.conflicts == () and result.removed == ()
