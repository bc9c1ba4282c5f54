"""One test per lint rule: where (line, column) and what (message)."""

from __future__ import annotations

import textwrap

import pytest

from themework.domain.codebook import Problem, lint_codebook


def lint(source: str) -> list[tuple[int, int, str]]:
    text = textwrap.dedent(source).lstrip("\n")
    return [(p.line, p.column, p.message) for p in lint_codebook(text, "cb.yaml")]


def one(source: str) -> tuple[int, int, str]:
    problems = lint(source)
    assert len(problems) == 1, problems
    return problems[0]


GOOD = """
    codebook: Social work interviews
    codes:
      - name: Consistency of worker
        id: consistency-of-worker
        aliases: [Consistent worker]
        definition: The young person sees the same worker over time.
        include: Mentions of the same worker.
        exclude: Consistency of services in general.
        examples: ["She's been my worker since I was twelve."]
        keywords: [turn up, reliable]
        patterns:
          - [{LOWER: turn}, {LOWER: up}]
        colour: "#2a9d8f"
        status: active
        children:
          - name: Turning up
            keywords: [turned up]
      - name: Trust
        status: retired
      - name: Distrust
        parent: trust
    themes:
      - name: Relationship-based practice
        id: relationship-based-practice
        definition: Practice built on relationships.
        central_concept: Being known.
        scope: Professionals only.
        codes: [consistency-of-worker, turning up]
        children:
          - name: Being known
            codes: [Trust, Consistent worker]
"""


def test_a_good_codebook_has_no_problems() -> None:
    assert lint(GOOD) == []


def test_problem_prints_as_file_line_column_message() -> None:
    assert str(Problem("cb.yaml", 3, 7, "oops")) == "cb.yaml:3:7: oops"


# --- YAML itself ---------------------------------------------------------------------------


def test_yaml_syntax_error_is_located_and_stops_the_lint() -> None:
    problems = lint("""
        codes:
          - name: A
            aliases: [x, y
          - name: A
    """)
    assert len(problems) == 1
    line, column, message = problems[0]
    assert (line, column) == (4, 9)
    assert message == (
        "YAML syntax error: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence at line 3)"
    )


def test_tab_indentation_gets_a_hint() -> None:
    line, column, message = one("codes:\n\t- name: A\n")
    assert (line, column) == (2, 1)
    assert message.startswith("YAML syntax error:")
    assert message.endswith("indent with spaces, not tabs")


def test_a_second_document_is_refused() -> None:
    assert one("codes: []\n---\ncodes: []\n") == (
        2,
        1,
        "YAML syntax error: found a second YAML document; a codebook is a single document",
    )


def test_a_control_character_is_located() -> None:
    assert one("codes:\n  - name: A\x07\n") == (
        2,
        12,
        "YAML syntax error: character #x0007 is not allowed in YAML",
    )


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_an_empty_file(text: str) -> None:
    assert one(text) == (1, 1, "the codebook is empty")


def test_top_level_must_be_a_mapping() -> None:
    assert one("- name: A\n") == (1, 1, "the top level must be a mapping with 'codes', not a list")


def test_codes_is_required() -> None:
    assert one("codebook: Title\n") == (1, 1, "missing required field 'codes'")


def test_duplicate_keys_are_found_at_every_level() -> None:
    assert lint("""
        codebook: One
        codebook: Two
        codes:
          - name: A
            definition: first
            definition: second
            patterns:
              - [{LOWER: a, LOWER: b}]
    """) == [
        (2, 1, "duplicate key 'codebook' (first at line 1)"),
        (6, 5, "duplicate key 'definition' (first at line 5)"),
        (8, 21, "duplicate key 'LOWER' (first at line 8)"),
    ]


def test_recursive_alias_is_refused_not_followed() -> None:
    assert lint("""
        codes:
          - &a
            name: A
            children: [*a]
    """) == [(4, 16, "aliases (*a) are not supported: write the value out")]


def test_merge_keys_are_not_supported() -> None:
    assert lint("""
        codes:
          - <<: {name: A}
            name: B
    """) == [(2, 5, "merge keys (<<) are not supported")]
    assert lint("""
        codes:
          - &base
            name: A
          - <<: *base
            name: B
    """) == [(4, 9, "aliases (*base) are not supported: write the value out")]


def _alias_bomb(levels: int) -> str:
    """The billion laughs: each level lists the one before nine times (666 bytes at 9)."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    lines.append(f"codes: [{{name: x, keywords: *l{levels - 1}}}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_its_first_alias_without_expanding_it() -> None:
    import time
    import tracemalloc

    text = _alias_bomb(6)  # 9**6 strings once expanded; 9 levels took 23 GB
    tracemalloc.start()
    began = time.perf_counter()
    problems = lint_codebook(text, "cb.yaml")
    took = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [(p.line, p.message) for p in problems] == [
        (2, "aliases (*l0) are not supported: write the value out")
    ]
    assert took < 1 and peak < 5_000_000


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_a_located_problem_not_a_recursion_error(style: str) -> None:
    depth = 5000
    if style == "flow":
        text = "codes: " + "[" * depth + "]" * depth + "\n"
    else:
        text = "codes:\n" + "".join(" " * i + "-\n" for i in range(1, depth))
    problems = lint_codebook(text, "cb.yaml")
    assert len(problems) == 1
    assert problems[0].message == "nested more than 100 levels deep"
    assert problems[0].line >= 1


# --- fields and types ----------------------------------------------------------------------


def test_unknown_field_suggests_the_closest_known_one() -> None:
    assert one("""
        codes:
          - name: A
            defintion: x
    """) == (3, 5, "unknown field 'defintion' (did you mean 'definition'?)")


def test_unknown_field_without_a_close_match() -> None:
    assert one("""
        codes:
          - name: A
            mood: x
    """) == (3, 5, "unknown field 'mood'")


def test_american_spelling_and_capitals_get_a_suggestion() -> None:
    assert lint("""
        codes:
          - Name: A
            color: "#2a9d8f"
    """) == [
        (2, 5, "code has no name"),
        (2, 5, "unknown field 'Name' (did you mean 'name'?)"),
        (3, 5, "unknown field 'color' (did you mean 'colour'?)"),
    ]


def test_unknown_top_level_field_and_missing_codes_both_reported() -> None:
    assert lint("""
        codebook: T
        code: []
    """) == [
        (1, 1, "missing required field 'codes'"),
        (2, 1, "unknown field 'code' (did you mean 'codes'?)"),
    ]


def test_a_single_string_where_a_list_is_expected() -> None:
    assert one("""
        codes:
          - name: A
            aliases: Consistent worker, reliable
    """) == (
        3,
        14,
        "aliases must be a list of strings, not a single string; "
        "write aliases: ['Consistent worker, reliable']",
    )


def test_a_single_example_is_not_echoed() -> None:
    # Examples may quote transcripts: messages must never repeat them.
    problems = lint("""
        codes:
          - name: A
            examples: SENTINEL said something personal
            definition: [SENTINEL]
    """)
    assert problems == [
        (
            3,
            15,
            "examples must be a list of strings, not a single string; "
            "write each on its own '- ' line",
        ),
        (4, 17, "definition must be a string, not a list"),
    ]
    assert all("SENTINEL" not in message for _, _, message in problems)


def test_wrong_container_types() -> None:
    assert lint("""
        codes:
          - name: A
            aliases: {a: b}
            keywords: [[nested]]
            children: B
            include: {x: y}
    """) == [
        (3, 14, "aliases must be a list of strings, not a mapping"),
        (4, 16, "keywords entries must be strings, not a list"),
        (5, 15, "children must be a list, not a string"),
        (6, 14, "include must be a string, not a mapping"),
    ]


def test_a_boolean_where_a_list_is_expected() -> None:
    assert one("""
        codes:
          - name: A
            aliases: yes
    """) == (3, 14, "aliases must be a list of strings, not a boolean")


def test_codes_must_be_a_list_of_mappings() -> None:
    assert lint("""
        codes:
          - Trust
          -
          - [x]
    """) == [
        (2, 5, "each entry in codes must be a mapping; write '- name: Trust'"),
        (3, 4, "empty entry in codes"),
        (4, 5, "each entry in codes must be a mapping, not a list"),
    ]


def test_codes_not_a_list() -> None:
    assert one("codes: {name: A}\n") == (1, 8, "codes must be a list, not a mapping")


def test_empty_and_multi_line_list_entries() -> None:
    assert lint("""
        codes:
          - name: A
            aliases: ["", "two\\nlines"]
            keywords: [~]
    """) == [
        (3, 15, "aliases has an empty entry"),
        (3, 19, "aliases entries must be single lines"),
        (4, 16, "keywords has an empty entry"),
    ]


# --- names ---------------------------------------------------------------------------------


def test_code_without_a_name() -> None:
    assert one("""
        codes:
          - id: a
    """) == (2, 5, "code has no name")


@pytest.mark.parametrize("value", ['""', "", "'   '", "~"])
def test_code_with_an_empty_name(value: str) -> None:
    assert one(f"""
        codes:
          - name: {value}
    """) == (2, 5, "code name is empty")


def test_code_name_on_two_lines() -> None:
    assert one("""
        codes:
          - name: "A\\nB"
    """) == (2, 11, "code name must be a single line")


def test_duplicate_names_are_case_folded() -> None:
    assert one("""
        codes:
          - name: Trust
          - name: "  TRUST "
    """) == (3, 11, "duplicate code name '  TRUST ' (first at line 2)")


def test_unicode_names_clash_case_folded_and_normalised() -> None:
    decomposed = "Cafe\u0301 culture"  # e + combining acute, NFC-equal to "Café culture"
    assert lint(f"""
        codes:
          - name: Café culture
          - name: CAFÉ CULTURE
            children:
              - name: {decomposed}
    """) == [
        (3, 11, "duplicate code name 'CAFÉ CULTURE' (first at line 2)"),
        (5, 15, f"duplicate code name '{decomposed}' (first at line 2)"),
    ]


def test_alias_clashing_with_another_code_name() -> None:
    assert one("""
        codes:
          - name: Trust
          - name: Faith
            aliases: [trust]
    """) == (4, 15, "alias 'trust' clashes with the name of code 'Trust' (line 2)")


def test_code_name_clashing_with_an_earlier_alias() -> None:
    assert one("""
        codes:
          - name: Faith
            aliases: [Belief, Trust]
          - name: TRUST
    """) == (4, 11, "code name 'TRUST' clashes with an alias of code 'Faith' (line 3)")


def test_a_code_may_repeat_its_own_name_as_alias() -> None:
    assert (
        lint("""
        codes:
          - name: Trust
            aliases: [trust, TRUST]
    """)
        == []
    )


def test_a_name_may_not_spell_another_codes_id() -> None:
    assert one("""
        codes:
          - name: Self care
            id: self-care
          - name: Self-care
    """) == (4, 11, "code name 'Self-care' clashes with the id of code 'Self care' (line 2)")


def test_boolean_words_must_be_quoted() -> None:
    assert lint("""
        codebook: yes
        codes:
          - name: no
            aliases: [yes, "no", 'off']
            definition: On
    """) == [
        (1, 11, "'yes' was read as a boolean; quote it"),
        (3, 11, "'no' was read as a boolean; quote it"),
        (4, 15, "'yes' was read as a boolean; quote it"),
        (5, 17, "'On' was read as a boolean; quote it"),
    ]


def test_numbers_and_dates_must_be_quoted() -> None:
    assert lint("""
        codes:
          - name: 2020
            keywords: [2001-12-14, 1.5]
            definition: !custom x
    """) == [
        (2, 11, "'2020' was read as a number; quote it"),
        (3, 16, "'2001-12-14' was read as a date; quote it"),
        (3, 28, "'1.5' was read as a number; quote it"),
        (4, 17, "unsupported tag '!custom'"),
    ]


# --- ids, colour, status, patterns ---------------------------------------------------------


def test_duplicate_ids() -> None:
    assert one("""
        codes:
          - name: A
            id: same
          - name: B
            id: same
    """) == (4, 5, "duplicate id 'same' (first at line 2)")


@pytest.mark.parametrize("bad", ["Bad_Id", "-lead", "two words", "café"])
def test_invalid_id(bad: str) -> None:
    assert one(f"""
        codes:
          - name: A
            id: {bad}
    """) == (
        3,
        9,
        f"invalid id '{bad}': use lowercase letters, digits and hyphens, "
        "not starting with a hyphen",
    )


def test_unquoted_colour_is_a_comment() -> None:
    assert one("""
        codes:
          - name: A
            colour: #e76f51
    """) == (3, 13, 'colour is empty: an unquoted # starts a YAML comment; write colour: "#e76f51"')


def test_unquoted_colour_that_is_not_hex_gets_the_example() -> None:
    assert one("""
        codes:
          - name: A
            colour: #teal
    """) == (3, 13, 'colour is empty: an unquoted # starts a YAML comment; write colour: "#2a9d8f"')


def test_an_empty_colour_with_a_real_comment_is_fine() -> None:
    assert (
        lint("""
        codes:
          - name: A
            colour:   # to choose later
    """)
        == []
    )


@pytest.mark.parametrize("bad", ['"red"', '"#abc"', '"#2a9d8g"', '"2a9d8f"'])
def test_colour_must_be_hex(bad: str) -> None:
    assert one(f"""
        codes:
          - name: A
            colour: {bad}
    """) == (3, 13, f"colour '{bad.strip(chr(34))}' is not a #rrggbb hex colour")


def test_status_must_be_active_or_retired() -> None:
    assert one("""
        codes:
          - name: A
            status: Retired
    """) == (3, 13, "status must be 'active' or 'retired', not 'Retired'")


def test_patterns_shape() -> None:
    assert lint("""
        codes:
          - name: A
            patterns: [{LOWER: a}]
          - name: B
            patterns:
              - [LOWER]
              - []
          - name: C
            patterns: turn up
    """) == [
        (3, 16, "each pattern must be a non-empty list of token mappings"),
        (6, 10, "each token in a pattern must be a mapping, e.g. {LOWER: reliable}"),
        (7, 9, "each pattern must be a non-empty list of token mappings"),
        (9, 15, "patterns must be a list of patterns, not a string"),
    ]


def test_unreadable_pattern_values() -> None:
    assert one("""
        codes:
          - name: A
            patterns:
              - [{LOWER: !weird x}]
    """) == (
        4,
        9,
        "pattern cannot be read: could not determine a constructor for the tag '!weird'",
    )


# --- parents -------------------------------------------------------------------------------


def test_unknown_parent_suggests_a_code() -> None:
    assert one("""
        codes:
          - name: Trust
          - name: Distrust
            parent: trusst
    """) == (4, 13, "unknown parent 'trusst' (did you mean 'Trust'?)")


def test_parent_cycle() -> None:
    assert one("""
        codes:
          - name: A
            parent: B
          - name: B
            parent: a
    """) == (3, 13, "parent cycle: A -> B -> A")


def test_a_code_cannot_be_its_own_parent() -> None:
    assert one("""
        codes:
          - name: A
            parent: A
    """) == (3, 13, "parent cycle: A -> A")


def test_parent_under_one_of_its_own_children_is_a_cycle() -> None:
    assert one("""
        codes:
          - name: A
            parent: kid
            children:
              - name: Kid
    """) == (3, 13, "parent cycle: A -> Kid -> A")


def test_parent_only_on_top_level_codes() -> None:
    assert one("""
        codes:
          - name: A
          - name: B
            children:
              - name: C
                parent: A
    """) == (6, 9, "parent is only allowed on top-level codes; this one is nested under 'B'")


# --- themes --------------------------------------------------------------------------------


def test_theme_naming_an_unknown_code() -> None:
    assert one("""
        codes:
          - name: Trust
            id: trust
        themes:
          - name: T
            codes: [trust, Trsut]
    """) == (6, 20, "theme 'T' lists unknown code 'Trsut' (did you mean 'trust'?)")


def test_theme_listing_a_code_twice_by_different_references() -> None:
    assert one("""
        codes:
          - name: Trust
            id: trust
            aliases: [Faith]
        themes:
          - name: T
            codes: [trust, faith]
    """) == (7, 20, "theme 'T' lists code 'faith' twice")


def test_theme_without_a_name() -> None:
    assert lint("""
        codes: []
        themes:
          - codes: []
          - name: ""
    """) == [(3, 5, "theme has no name"), (4, 5, "theme name is empty")]


def test_duplicate_theme_names_and_ids_including_sub_themes() -> None:
    assert lint("""
        codes: []
        themes:
          - name: Being known
            id: known
            children:
              - name: BEING KNOWN
                id: known
    """) == [
        (6, 9, "duplicate theme id 'known' (first at line 3)"),
        (6, 15, "duplicate theme name 'BEING KNOWN' (first at line 3)"),
    ]


def test_every_problem_is_reported_in_one_run_sorted() -> None:
    problems = lint("""
        codebook: Messy
        codes:
          - name: Trust
            defintion: x
            colour: #2a9d8f
            aliases: Faith
          - name: trust
            id: Trust
          - name: no
          - definition: nameless
        themes:
          - name: T
            codes: [nowhere]
    """)
    assert [(line, column) for line, column, _ in problems] == [
        (4, 5),
        (5, 13),
        (6, 14),
        (7, 11),
        (8, 9),
        (9, 11),
        (10, 5),
        (13, 13),
    ]
    assert [message.split(" ")[0] for _, _, message in problems] == [
        "unknown",
        "colour",
        "aliases",
        "duplicate",
        "invalid",
        "'no'",
        "code",
        "theme",
    ]
