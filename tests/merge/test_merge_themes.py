"""Themes merge like codes (by id, then name), their code lists remapped to the merged codes."""

from __future__ import annotations

from merge_helpers import TRUST_BUILDING_A, TRUST_BUILDING_B, cb, merge, themes

A = cb(f"""
    codebook: Trust
    codes:
      - name: Consistency of worker
        id: consistency
      - name: Warmth
        id: warmth
      - name: Building trust
        id: building-trust
        definition: {TRUST_BUILDING_A}
    themes:
      - name: Relationship-based practice
        id: relationships
        definition: Trust grows from the relationship.
        codes: [consistency, Warmth]
        children:
          - name: Being there
            codes: [Consistency of worker]
""")

B = cb(f"""
    codebook: Trust
    codes:
      - name: Trust building
        id: trust-building
        definition: {TRUST_BUILDING_B}
      - name: Humour
        id: humour
      - name: Consistent worker
        id: consistency
    themes:
      - name: Relationship based practice
        id: relationship-based
        central_concept: Relationships before procedures.
        codes: [trust-building, Humour, consistency]
      - name: Child-centred practice
        codes: [Trust building]
""")


def test_themes_merge_by_name_and_remap_code_references() -> None:
    result = merge(A, B)
    merged = themes(result.doc)
    assert list(merged) == ["Relationship-based practice", "Being there", "Child-centred practice"]
    rbp = merged["Relationship-based practice"]
    # a's codes first, then b's: b's "trust-building" is now a's "building-trust"
    assert rbp.codes == ("consistency", "warmth", "building-trust", "humour")
    assert rbp.id == "relationships"
    assert rbp.definition == "Trust grows from the relationship."
    assert rbp.central_concept == "Relationships before procedures."
    assert merged["Being there"].codes == ("consistency",)
    assert merged["Child-centred practice"].codes == ("building-trust",)
    assert merged["Child-centred practice"].id == "child-centred-practice"
    # the two themes' ids differ: listed, the first file's kept
    assert [(c.item, c.field, c.code) for c in result.conflicts if c.item == "theme"] == [
        ("theme", "id", "relationships")
    ]


def test_themes_match_by_id_across_a_rename() -> None:
    a = cb("""
        codes:
          - name: Warmth
        themes:
          - name: Relationships
            id: rel
            codes: [Warmth]
    """)
    b = cb("""
        codes:
          - name: Warmth
          - name: Humour
        themes:
          - name: Relationship-based practice
            id: rel
            codes: [Humour, Warmth]
    """)
    result = merge(a, b)
    (theme,) = result.doc.themes
    assert (theme.name, theme.id, theme.codes) == ("Relationships", "rel", ("warmth", "humour"))
    (conflict,) = result.conflicts
    assert (conflict.item, conflict.field, conflict.code) == ("theme", "name", "rel")


def test_three_way_theme_changes_and_removals() -> None:
    base = cb("""
        codes:
          - name: Warmth
            id: warmth
          - name: Humour
            id: humour
          - name: Persistence
            id: persistence
        themes:
          - name: Relationships
            id: rel
            codes: [warmth, humour]
          - name: Time
            id: time
            codes: [persistence]
    """)
    a = cb("""
        codes:
          - name: Warmth
            id: warmth
          - name: Humour
            id: humour
          - name: Persistence
            id: persistence
        themes:
          - name: Relationships
            id: rel
            codes: [warmth]
    """)  # drops humour from rel, deletes the time theme
    b = cb("""
        codes:
          - name: Warmth
            id: warmth
          - name: Humour
            id: humour
          - name: Persistence
            id: persistence
        themes:
          - name: Relationships
            id: rel
            scope: Everyday contact.
            codes: [warmth, humour, persistence]
          - name: Time
            id: time
            codes: [persistence]
    """)
    result = merge(a, b, base=base)
    (theme,) = result.doc.themes
    assert (theme.codes, theme.scope) == (("warmth", "persistence"), "Everyday contact.")
    (removal,) = result.removed
    assert (removal.item, removal.id, removal.reason) == (
        "theme", "time", "deleted in a.yaml, unchanged in b.yaml",
    )  # fmt: skip
    assert result.conflicts == ()


def test_a_theme_drops_a_removed_code() -> None:
    base = cb("""
        codes:
          - name: Warmth
            id: warmth
          - name: Humour
            id: humour
        themes:
          - name: Relationships
            codes: [warmth, humour]
    """)
    a = cb(
        """
        codes:
          - name: Warmth
            id: warmth
        themes:
          - name: Relationships
            codes: [warmth, humour]
    """.replace(", humour]", "]")
    )
    b = cb("""
        codes:
          - name: Warmth
            id: warmth
          - name: Humour
            id: humour
        themes:
          - name: Relationships
            id: relationships
            definition: Added on b.
            codes: [warmth, humour]
    """)
    result = merge(a, b, base=base)
    (theme,) = result.doc.themes
    assert theme.codes == ("warmth",)
    assert [r.id for r in result.removed] == ["humour"]


def test_a_theme_reference_to_a_code_merged_away_follows_it() -> None:
    a = cb("""
        codes:
          - name: Warmth
            id: warmth
            aliases: [Care]
    """)
    b = cb("""
        codes:
          - name: Care
            id: care
        themes:
          - name: Relationships
            codes: [care]
    """)
    result = merge(a, b)
    (theme,) = result.doc.themes
    assert theme.codes == ("warmth",)
    assert result.doc.codes[0].aliases == ("Care",)
