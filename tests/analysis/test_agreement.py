"""Agreement at character level and over turns: hand-computed examples, the pitfalls (one
coder's overlaps count once, only utterance characters of sources every coder marked done
count, undefined kappa when nobody codes), pooling, and a per-character brute force."""

from __future__ import annotations

import random

import pytest

from themework.analysis.agreement import (
    UnitList,
    UnitSpace,
    character_agreement,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    unit_agreement,
)

AB = frozenset({"A", "B"})

# Source s1: 120 characters, of which 40..60 (a speaker label, say) is not countable:
# 100 countable characters.
S1 = UnitSpace("s1", ((0, 40), (60, 120)), AB)
S1_CODINGS = [
    ("s1", "X", "A", 10, 30),
    ("s1", "X", "A", 20, 50),  # overlaps A's first coding: A covers 10..50, clipped 10..40
    ("s1", "X", "B", 25, 45),  # clipped to 25..40
    ("s1", "X", "B", 55, 80),  # clipped to 60..80
]
# A: 10..40 = 30 characters; B: 25..40 + 60..80 = 35 characters.
# Both 25..40 = 15; A only 10..25 = 15; B only 60..80 = 20; neither 100 - 50 = 50.
# Po = (15 + 50) / 100 = 0.65; Pe = 0.30 * 0.35 + 0.70 * 0.65 = 0.56;
# kappa = 0.09 / 0.44 = 0.204545; PABAK = 2 * 0.65 - 1 = 0.3.
# Alpha: n = 200 values, 65 present, 135 absent, 35 disagreeing units:
# 1 - 199 * 35 / (65 * 135) = 0.206268.

# Source s2: 100 countable characters. A codes 0..50; B codes 0..40 and 40..60 (touching:
# one stretch 0..60). Both 50, B only 10, neither 40: Po 0.9, Pe 0.5 * 0.6 + 0.5 * 0.4 = 0.5,
# kappa 0.8.
S2 = UnitSpace("s2", ((0, 100),), AB)
S2_CODINGS = [("s2", "X", "A", 0, 50), ("s2", "X", "B", 0, 40), ("s2", "X", "B", 40, 60)]


def test_hand_computed_source() -> None:
    report = character_agreement(S1_CODINGS, [S1], ["A", "B"])
    cell = report.by_code_source[("X", "s1")]
    assert cell.n_units == 100
    assert cell.applied == (30, 35)
    assert dict(cell.patterns) == {
        (True, True): 15,
        (True, False): 15,
        (False, True): 20,
        (False, False): 50,
    }
    assert cell.observed == pytest.approx(0.65)
    assert cell.pabak == pytest.approx(0.3)
    assert cell.cohen.expected == pytest.approx(0.56)
    assert round(cell.cohen.kappa or 0, 3) == 0.205
    assert cell.kappa is cell.cohen
    assert cell.cohen.label == "fair"
    assert round(cell.alpha.alpha or 0, 3) == 0.206
    assert cell.fleiss.kappa is None  # two coders
    assert "three or more" in (cell.fleiss.undefined_reason or "")
    assert report.pooled.n_units == 100
    assert report.unit == "character"


def test_one_coders_overlaps_and_repeats_count_once() -> None:
    once = character_agreement([("s2", "X", "A", 0, 50), ("s2", "X", "B", 0, 60)], [S2], ["A", "B"])
    repeated = character_agreement(
        [
            ("s2", "X", "A", 0, 50),
            ("s2", "X", "A", 0, 50),
            ("s2", "X", "A", 10, 20),
            ("s2", "X", "B", 0, 30),
            ("s2", "X", "B", 30, 60),
            ("s2", "X", "B", 5, 55),
        ],
        [S2],
        ["A", "B"],
    )
    assert once.pooled == repeated.pooled
    assert repeated.pooled.applied == (50, 60)
    assert round(repeated.pooled.cohen.kappa or 0, 3) == 0.8


def test_pooled_sums_counts_instead_of_averaging_kappas() -> None:
    report = character_agreement(S1_CODINGS + S2_CODINGS, [S1, S2], ["A", "B"])
    s1, s2 = report.by_code_source[("X", "s1")], report.by_code_source[("X", "s2")]
    assert round(s2.cohen.kappa or 0, 3) == 0.8
    pooled = report.by_code["X"]
    # Summed table: both 65, A only 15, B only 30, neither 90 (n = 200).
    expected = cohen_kappa([[65, 15], [30, 90]])
    assert pooled.cohen.kappa == pytest.approx(expected.kappa)
    assert round(pooled.cohen.kappa or 0, 3) == 0.545
    mean = ((s1.cohen.kappa or 0) + (s2.cohen.kappa or 0)) / 2
    assert abs(mean - (pooled.cohen.kappa or 0)) > 0.04
    assert pooled.n_sources == 2
    assert pooled.n_units == 200
    assert report.pooled.cohen.kappa == pytest.approx(expected.kappa)  # the only code
    assert report.by_source["s2"].cohen.kappa == pytest.approx(s2.cohen.kappa)


def test_pooled_over_codes_and_per_source() -> None:
    codings = [*S1_CODINGS, ("s1", "Y", "A", 0, 10), ("s1", "Y", "B", 0, 10)]
    report = character_agreement(codings, [S1], ["A", "B"])
    # Y: both 10, neither 90. Pooled over X and Y: 200 character x code units,
    # both 25, A only 15, B only 20, neither 140.
    expected = cohen_kappa([[25, 15], [20, 140]])
    assert report.by_source["s1"].cohen.kappa == pytest.approx(expected.kappa)
    assert report.pooled.cohen.kappa == pytest.approx(expected.kappa)
    assert report.by_source["s1"].n_units == 200
    assert report.codes == ("X", "Y")


def test_kappa_undefined_when_nobody_codes() -> None:
    report = character_agreement(S1_CODINGS, [S1, S2], ["A", "B"], codes=["X", "unused"])
    for cell in (report.by_code_source[("unused", "s1")], report.by_code["unused"]):
        assert cell.cohen.kappa is None
        assert cell.cohen.label is None
        assert cell.alpha.alpha is None
        assert cell.undefined_reason == "no coder used this code here"
        assert cell.cohen.undefined_reason == "no coder used this code here"
        assert cell.alpha.undefined_reason == "no coder used this code here"
        assert cell.observed == 1.0  # raw agreement is still reported
    # X is not used in s2: undefined there, defined in s1 and pooled.
    assert report.by_code_source[("X", "s2")].cohen.kappa is None
    assert report.by_code["X"].cohen.kappa is not None


def test_kappa_undefined_when_everyone_codes_everything() -> None:
    codings = [("s2", "X", "A", 0, 100), ("s2", "X", "B", 0, 60), ("s2", "X", "B", 50, 120)]
    cell = character_agreement(codings, [S2], ["A", "B"]).by_code_source[("X", "s2")]
    assert cell.cohen.kappa is None
    assert cell.undefined_reason == "every coder applied this code to every character here"


def test_only_sources_every_coder_marked_done_count() -> None:
    half_done = UnitSpace("s3", ((0, 100),), frozenset({"A"}))
    noise = [("s3", "X", "A", 0, 90), ("s3", "X", "B", 50, 60), ("s9", "X", "A", 0, 5)]
    report = character_agreement(S1_CODINGS + noise, [S1, half_done], ["A", "B"])
    alone = character_agreement(S1_CODINGS, [S1], ["A", "B"])
    assert report.sources == ("s1",)
    assert report.excluded == (("s3", "not marked done by B"),)
    assert ("X", "s3") not in report.by_code_source
    assert report.pooled == alone.pooled
    nothing = character_agreement(noise, [half_done], ["A", "B"])
    assert nothing.pooled.n_units == 0
    assert nothing.by_code == {}
    assert nothing.pooled.undefined_reason == "no code to compare"
    listed = character_agreement(noise, [half_done], ["A", "B"], codes=["X"])
    assert listed.by_code["X"].cohen.kappa is None
    assert listed.by_code["X"].undefined_reason == (
        "no source was marked done by every one of these coders"
    )


def test_other_coders_and_codes_are_ignored() -> None:
    extra = [("s1", "X", "C", 0, 120), ("s1", "Z", "A", 0, 5)]
    report = character_agreement(S1_CODINGS + extra, [S1], ["A", "B"], codes=["X"])
    assert report.pooled == character_agreement(S1_CODINGS, [S1], ["A", "B"]).pooled
    assert report.codes == ("X",)


def test_three_coders_fleiss_and_alpha() -> None:
    abc = frozenset("ABC")
    space = UnitSpace("s", ((0, 10),), abc)
    codings = [("s", "X", "A", 0, 4), ("s", "X", "B", 0, 5), ("s", "X", "C", 2, 6)]
    cell = character_agreement(codings, [space], ["A", "B", "C"]).by_code["X"]
    # per character: 0,1 -> A,B; 2,3 -> A,B,C; 4 -> B,C; 5 -> C; 6..9 -> nobody
    items = [[2, 1]] * 2 + [[3, 0]] * 2 + [[2, 1], [1, 2]] + [[0, 3]] * 4
    assert cell.fleiss.kappa == pytest.approx(fleiss_kappa(items).kappa)
    assert cell.kappa is cell.fleiss
    assert cell.cohen.kappa is None
    assert "exactly two coders" in (cell.cohen.undefined_reason or "")
    data = [
        [c < 4 for c in range(10)],
        [c < 5 for c in range(10)],
        [2 <= c < 6 for c in range(10)],
    ]
    assert cell.alpha.alpha == pytest.approx(krippendorff_alpha_nominal(data).alpha)
    assert cell.unanimous == pytest.approx(0.6)  # characters 2, 3 and 6..9


def test_missing_coder_allowed_with_min_done() -> None:
    full = UnitSpace("s1", ((0, 10),), frozenset("ABC"))
    partial = UnitSpace("s2", ((0, 6),), frozenset("AB"))
    codings = [
        ("s1", "X", "A", 0, 4),
        ("s1", "X", "B", 0, 5),
        ("s1", "X", "C", 2, 6),
        ("s2", "X", "A", 0, 3),
        ("s2", "X", "B", 1, 3),
        ("s2", "X", "C", 0, 6),  # C never marked s2 done: ignored
    ]
    strict = character_agreement(codings, [full, partial], ["A", "B", "C"])
    assert strict.sources == ("s1",)
    loose = character_agreement(codings, [full, partial], ["A", "B", "C"], min_done=2)
    assert loose.sources == ("s1", "s2")
    cell = loose.by_code["X"]
    data: list[list[bool | None]] = [
        [*(c < 4 for c in range(10)), *(c < 3 for c in range(6))],
        [*(c < 5 for c in range(10)), *(1 <= c < 3 for c in range(6))],
        [*(2 <= c < 6 for c in range(10)), *[None] * 6],
    ]
    assert cell.alpha.alpha == pytest.approx(krippendorff_alpha_nominal(data).alpha)
    assert cell.n_units == 16
    assert cell.fleiss.kappa is None
    assert "complete data" in (cell.fleiss.undefined_reason or "")
    assert (None, True, False) not in dict(cell.patterns)
    assert dict(cell.patterns)[(True, True, None)] == 2


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        character_agreement([], [S1], ["A"])
    with pytest.raises(ValueError):
        character_agreement([], [S1], ["A", "A"])
    with pytest.raises(ValueError):
        character_agreement([], [S1, S1], ["A", "B"])
    with pytest.raises(ValueError):
        character_agreement([("s1", "X", "A", 5, 5)], [S1], ["A", "B"])
    with pytest.raises(ValueError):
        character_agreement([], [S1], ["A", "B"], min_done=3)
    with pytest.raises(ValueError):
        UnitSpace("s", ((5, 2),))


def _brute_force(
    codings: list[tuple[str, str, str, int, int]],
    spaces: list[UnitSpace],
    coders: list[str],
    code: str,
    need: int,
) -> list[list[bool | None]]:
    """Per-character reliability data (coders x characters), the slow obvious way."""
    rows: list[list[bool | None]] = [[] for _ in coders]
    for space in spaces:
        done = [c in space.done for c in coders]
        if sum(done) < need:
            continue
        marked: list[set[int]] = [set() for _ in coders]
        for source, cd, coder, start, end in codings:
            if source == space.source and cd == code and coder in coders:
                marked[coders.index(coder)].update(range(start, end))
        for start, end in space.intervals:
            for x in range(start, end):
                for i in range(len(coders)):
                    rows[i].append(x in marked[i] if done[i] else None)
    return rows


def _random_project(
    rng: random.Random, coders: list[str], n_sources: int
) -> tuple[list[UnitSpace], list[tuple[str, str, str, int, int]]]:
    spaces = []
    codings = []
    for s in range(n_sources):
        pos, intervals = 0, []
        for _ in range(rng.randint(1, 5)):
            pos += rng.randint(0, 8)
            length = rng.randint(1, 40)
            intervals.append((pos, pos + length))
            pos += length
        done = frozenset(c for c in coders if rng.random() < 0.85)
        spaces.append(UnitSpace(f"s{s}", tuple(intervals), done))
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, pos)
            end = start + rng.randint(1, 30)
            codings.append((f"s{s}", rng.choice("XYZ"), rng.choice(coders), start, end))
    return spaces, codings


@pytest.mark.parametrize("n_coders", [2, 3, 4])
@pytest.mark.parametrize("seed", range(8))
def test_sweep_matches_per_character_brute_force(seed: int, n_coders: int) -> None:
    rng = random.Random(seed * 10 + n_coders)
    coders = ["A", "B", "C", "D"][:n_coders]
    spaces, codings = _random_project(rng, coders, 6)
    for need in sorted({2, n_coders}):
        report = character_agreement(codings, spaces, coders, "XYZ", min_done=need)
        for code in "XYZ":
            rows = _brute_force(codings, spaces, coders, code, need)
            cell = report.by_code[code]
            expected_alpha = krippendorff_alpha_nominal(rows)
            assert cell.alpha.alpha == pytest.approx(expected_alpha.alpha)
            assert (cell.alpha.alpha is None) == (expected_alpha.alpha is None)
            pairable = sum(1 for u in zip(*rows, strict=True) if sum(v is not None for v in u) > 1)
            assert cell.n_units == pairable
            if n_coders == 2:
                table = [[0, 0], [0, 0]]
                for a, b in zip(*rows, strict=True):
                    if a is not None and b is not None:
                        table[0 if a else 1][0 if b else 1] += 1
                assert cell.cohen.kappa == pytest.approx(cohen_kappa(table).kappa)
            elif need == n_coders:
                present = [sum(bool(v) for v in u) for u in zip(*rows, strict=True)]
                items = [[a, n_coders - a] for a in present]
                assert cell.fleiss.kappa == pytest.approx(fleiss_kappa(items).kappa)


# Turns: ten turns in one interview, coded by A and B.
TURNS = UnitList("int-1", tuple(range(1, 11)), AB)


def test_turn_agreement_by_hand() -> None:
    decisions = [
        ("int-1", 1, "trust", "A"),
        ("int-1", 2, "trust", "A"),
        ("int-1", 3, "trust", "A"),
        ("int-1", 1, "trust", "B"),
        ("int-1", 2, "trust", "B"),
        ("int-1", 7, "trust", "B"),
        ("int-1", 7, "trust", "B"),  # the same decision twice counts once
    ]
    report = unit_agreement(decisions, [TURNS], ["A", "B"], unit="turn")
    cell = report.by_code_source[("trust", "int-1")]
    # both 2, A only 1, B only 1, neither 6: Po 0.8, Pe 0.3*0.3 + 0.7*0.7 = 0.58,
    # kappa 0.22 / 0.42 = 0.5238.
    assert cell.n_units == 10
    assert cell.observed == pytest.approx(0.8)
    assert round(cell.cohen.kappa or 0, 3) == 0.524
    assert cell.cohen.label == "moderate"
    assert report.unit == "turn"


def test_turn_agreement_takes_a_mapping_and_checks_units() -> None:
    mapping = {
        ("int-1", 1, "trust", "A"): True,
        ("int-1", 2, "trust", "A"): False,
        ("int-1", 1, "trust", "B"): True,
    }
    report = unit_agreement(mapping, [TURNS], ["A", "B"], codes=["trust", "risk"], unit="turn")
    assert report.by_code["trust"].cohen.undefined_reason is None
    assert report.by_code["trust"].observed == 1.0
    assert report.by_code["risk"].undefined_reason == "no coder used this code here"
    everyone = [("int-1", t, "trust", c) for t in range(1, 11) for c in "AB"]
    full = unit_agreement(everyone, [TURNS], ["A", "B"], unit="turn").by_code["trust"]
    assert full.undefined_reason == "every coder applied this code to every turn here"
    with pytest.raises(ValueError):
        unit_agreement([("int-1", 11, "trust", "A")], [TURNS], ["A", "B"])


def test_units_agree_with_characters_of_length_one() -> None:
    rng = random.Random(7)
    coders = ["A", "B", "C"]
    lists, spaces, decisions, codings = [], [], [], []
    for s in range(5):
        done = frozenset(c for c in coders if rng.random() < 0.8)
        n = rng.randint(0, 15)
        lists.append(UnitList(f"s{s}", tuple(range(n)), done))
        spaces.append(UnitSpace(f"s{s}", tuple((i, i + 1) for i in range(n)), done))
        for _ in range(rng.randint(0, 20)):
            if n:
                unit, code, coder = rng.randrange(n), rng.choice("XY"), rng.choice(coders)
                decisions.append((f"s{s}", unit, code, coder))
                codings.append((f"s{s}", code, coder, unit, unit + 1))
    for need in (2, 3):
        units = unit_agreement(decisions, lists, coders, min_done=need)
        chars = character_agreement(codings, spaces, coders, min_done=need)
        assert units.codes == chars.codes
        assert units.pooled.alpha == chars.pooled.alpha
        assert units.pooled.fleiss == chars.pooled.fleiss
        assert units.by_code_source.keys() == chars.by_code_source.keys()
