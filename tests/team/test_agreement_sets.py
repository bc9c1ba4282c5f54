"""Exclusive sets: published multi-category worked examples, reproduced through the services.

Each example is put into a project as a codebook with one exclusive set (``exclusive: true``
on a parent; its children are the categories), transcripts whose participants' turns are
the units, and one coder per observer applying the child code of their value to each turn.
Missing values are transcripts the observer did not mark done (one unit per transcript).
The published figures are asserted as printed (three decimals), and each is also checked
against an independent implementation (the ``krippendorff`` package, statsmodels).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

from support import write
from themework.analysis.agreement_sets import NONE, SetAgreement
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench

N = None


def _codebook(values: set[Hashable]) -> str:
    children = "".join(f"      - name: Category {v}\n" for v in sorted(values, key=str))
    return f"codebook: Published example\ncodes:\n  - name: Judgement\n    exclusive: true\n" \
        f"    children:\n{children}"


def _figures(
    wb: Workbench, tmp_path: Path, data: Sequence[Sequence[Hashable | None]]
) -> SetAgreement:
    """``data`` is observers x units (None: no value). Complete data go in one transcript,
    a turn per unit; with missing values each unit is a transcript of its own."""
    values = {v for row in data for v in row if v is not None}
    wb.codebook.load(write(tmp_path / "codebook.yaml", _codebook(values)))
    units = len(data[0])
    missing = any(v is None for row in data for v in row)
    coders = [f"observer-{i}" for i in range(1, len(data) + 1)]
    if missing:
        files = [
            write(tmp_path / "in" / f"U{u:02d}.txt", f"P{u:02d}: Unit {u}.\n")
            for u in range(1, units + 1)
        ]
        where = [(f"U{u:02d}", 1) for u in range(1, units + 1)]
    else:
        text = "".join(f"P01: Unit {u}.\n" for u in range(1, units + 1))
        files = [write(tmp_path / "in" / "U.txt", text)]
        where = [("U", u) for u in range(1, units + 1)]
    assert not wb.transcripts.import_files(files).failed
    for coder, row in zip(coders, data, strict=True):
        Workbench(wb.store, coder=coder).coding.apply_many(
            [
                CodingRequest(transcript, f"Category {v}", Target(turn=turn))
                for (transcript, turn), v in zip(where, row, strict=True)
                if v is not None
            ]
        )
        for (transcript, _), v in zip(where, row, strict=True):
            if v is not None or not missing:
                wb.team.set_status(transcript, "done", coder)
    report = wb.team.agreement(coders, unit="turn", min_coders=2 if missing else None)
    return report.sets["judgement"]


def test_krippendorff_2011_binary_two_observers(wb: Workbench, tmp_path: Path) -> None:
    """Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School
    for Communication, University of Pennsylvania. Section A, binary data, two observers,
    no missing data: alpha = 0.095."""
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    figures = _figures(wb, tmp_path, data)
    assert round(figures.alpha.alpha or 0, 3) == 0.095
    assert figures.alpha.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), abs=1e-12
    )
    assert figures.n_units == 10 and figures.observed == pytest.approx(0.6)
    assert figures.categories == ("category-0", "category-1", NONE)


def test_krippendorff_2011_nominal_two_observers(wb: Workbench, tmp_path: Path) -> None:
    """Krippendorff (2011), section B, nominal data, two observers (Ben and Gerry), twelve
    units, no missing data: alpha = 0.692."""
    data = [list("aabbdcccedda"), list("babbbccceddd")]
    figures = _figures(wb, tmp_path, data)
    assert round(figures.alpha.alpha or 0, 3) == 0.692
    as_numbers = [["abcde".index(v) for v in row] for row in data]
    assert figures.alpha.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=as_numbers, level_of_measurement="nominal"),
        abs=1e-12,
    )
    table = np.zeros((5, 5))
    for a, b in zip(*as_numbers, strict=True):
        table[a][b] += 1
    assert figures.cohen.kappa == pytest.approx(cohens_kappa(table).kappa, abs=1e-12)


def test_krippendorff_2011_four_observers_with_missing_values(
    wb: Workbench, tmp_path: Path
) -> None:
    """Krippendorff (2011), section C, nominal data, four observers, twelve units, missing
    values: alpha = 0.743 over the 40 pairable values (unit 12 has one value)."""
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ]
    figures = _figures(wb, tmp_path, data)
    assert round(figures.alpha.alpha or 0, 3) == 0.743
    assert figures.alpha.n_values == 40 and figures.n_units == 11
    nan = [[np.nan if v is None else v for v in row] for row in data]
    assert figures.alpha.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=nan, level_of_measurement="nominal"), abs=1e-12
    )
    assert figures.fleiss.kappa is None  # Fleiss' kappa needs complete data


# Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
# Bulletin, 76(5), 378-382. Table 1: 30 patients, 6 psychiatrists, 5 diagnoses (1 depression,
# 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other), one row per patient; as
# distributed with R's irr package (`diagnoses`) and statsmodels' tests. kappa = 0.430.
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip


def test_fleiss_1971_six_psychiatrists(wb: Workbench, tmp_path: Path) -> None:
    data = [list(rater) for rater in zip(*FLEISS_1971, strict=True)]  # raters x patients
    figures = _figures(wb, tmp_path, data)
    assert round(figures.fleiss.kappa or 0, 3) == 0.430
    counts, _ = aggregate_raters(np.array(FLEISS_1971))
    assert figures.fleiss.kappa == pytest.approx(fleiss_kappa(counts), abs=1e-12)
    assert figures.cohen.kappa is None


# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories, given as
# how many raters put each subject in each category. kappa = 0.210 (P-bar 0.378).
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]  # fmt: skip


def test_fleiss_worked_example_fourteen_raters(wb: Workbench, tmp_path: Path) -> None:
    # Which rater said what does not matter to Fleiss' kappa: hand the categories out in order.
    per_subject = [
        [category for category, n in enumerate(row, start=1) for _ in range(n)]
        for row in WIKIPEDIA_FLEISS
    ]
    data = [list(rater) for rater in zip(*per_subject, strict=True)]
    figures = _figures(wb, tmp_path, data)
    assert round(figures.fleiss.kappa or 0, 3) == 0.210
    assert round(figures.observed or 0, 3) == 0.378
    assert figures.fleiss.kappa == pytest.approx(
        fleiss_kappa(np.array(WIKIPEDIA_FLEISS)), abs=1e-12
    )


def test_artstein_and_poesio_2008_dialogue_acts(wb: Workbench, tmp_path: Path) -> None:
    """Artstein, R. and Poesio, M. (2008). Inter-coder agreement for computational
    linguistics. Computational Linguistics 34(4), 555-596. Table 1: two coders tag 100
    utterances as Statement or Info-Request: 20 both Stat, 50 both IReq, 10 and 20 split;
    Ao = 0.7; with kappa's individual distributions Ae = 0.3 x 0.4 + 0.7 x 0.6 = 0.54, so
    kappa = (0.7 - 0.54) / (1 - 0.54) = 0.348."""
    cells = [("stat", "stat", 20), ("stat", "ireq", 10), ("ireq", "stat", 20), ("ireq", "ireq", 50)]
    data: list[list[Hashable | None]] = [[], []]
    for a, b, n in cells:
        data[0] += [a] * n
        data[1] += [b] * n
    figures = _figures(wb, tmp_path, data)
    assert figures.observed == pytest.approx(0.7)
    assert figures.cohen.expected == pytest.approx(0.54)
    assert round(figures.cohen.kappa or 0, 3) == 0.348
    table = np.array([[20, 10], [20, 50]])
    assert figures.cohen.kappa == pytest.approx(cohens_kappa(table).kappa, abs=1e-12)


def test_character_level_weighs_each_character(wb: Workbench, tmp_path: Path) -> None:
    """At character level each character is a unit: the figures equal alpha and kappa over
    the per-character values (every character of a turn takes the turn's category)."""
    data = [list("aabbdcccedda"), list("babbbccceddd")]
    _figures(wb, tmp_path, data)
    report = wb.team.agreement(["observer-1", "observer-2"])
    figures = report.sets["judgement"]
    lengths = [t.end - t.start for t in wb.transcripts.text("U").turns]
    per_char = [
        ["abcde".index(v) for v, n in zip(row, lengths, strict=True) for _ in range(n)]
        for row in data
    ]
    assert figures.n_units == sum(lengths)
    assert figures.alpha.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=per_char, level_of_measurement="nominal"),
        abs=1e-12,
    )
    table = np.zeros((5, 5))
    for a, b in zip(*per_char, strict=True):
        table[a][b] += 1
    assert figures.cohen.kappa == pytest.approx(cohens_kappa(table).kappa, abs=1e-12)


def test_two_codes_of_one_set_on_a_unit_are_counted_as_conflicting(
    wb: Workbench, tmp_path: Path
) -> None:
    _figures(wb, tmp_path, [["a", "b", "a"], ["a", "b", "b"]])
    Workbench(wb.store, coder="observer-1").coding.apply(
        CodingRequest("U", "Category b", Target(turn=1))
    )
    figures = wb.team.agreement(["observer-1", "observer-2"], unit="turn").sets["judgement"]
    assert figures.conflicting == 1
    assert figures.n_units == 2  # turn 1 has one value left: not pairable


def test_an_exclusive_set_survives_load_and_dump(wb: Workbench, tmp_path: Path) -> None:
    wb.codebook.load(write(tmp_path / "codebook.yaml", _codebook({"a", "b"})))
    assert "  exclusive: true\n" in wb.codebook.dump()
    assert [c.id for c in wb.codes.list() if c.exclusive] == ["judgement"]
    plain = _codebook({"a", "b"}).replace("    exclusive: true\n", "")
    wb.codebook.load(write(tmp_path / "plain.yaml", plain))
    assert "exclusive" not in wb.codebook.dump()


def test_the_findings_report_gives_each_exclusive_set_a_row(
    wb: Workbench, tmp_path: Path
) -> None:
    from themework.domain.figures import figure

    _figures(wb, tmp_path, [list("aabbdcccedda"), list("babbbccceddd")])
    table = wb.report.build().agreement
    row = next(r for r in table if r[0].startswith("Exclusive set Judgement"))
    expected = wb.team.agreement(["observer-1", "observer-2"]).sets["judgement"]
    assert row[0] == "Exclusive set Judgement (6 categories: its codes or none)"
    assert row[1] == f"{expected.n_units} characters"
    assert row[3] == figure(expected.cohen.kappa) and row[5] == figure(expected.alpha.alpha)
