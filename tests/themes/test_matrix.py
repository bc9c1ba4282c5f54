"""The framework matrix: participants (or groups) by themes, first exemplar, notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from themes_setup import code, focus_group_study, span

from themework.domain.errors import NotFound
from themework.services.workbench import Workbench


@pytest.fixture
def study(wb: Workbench, tmp_path: Path) -> Workbench:
    wb = focus_group_study(wb, tmp_path)
    wb.themes.create("Being there", codes=["Reliability", "Regularity"])
    wb.themes.create("Honesty first", codes=["Honesty", "Privacy"])
    return wb


def test_counts_first_exemplar_and_notes(study: Workbench) -> None:
    wb = study
    first_fg1 = code(wb, "FG", "Reliability", span(wb, "FG", "Turning up every week"))
    code(wb, "FG", "Regularity", span(wb, "FG", "every week builds trust"))  # same stretch
    later_fg1 = code(wb, "FG", "Reliability", span(wb, "FG", "week in and week out"))
    p01 = code(wb, "P01", "Regularity", span(wb, "P01", "Every week, same time."))
    fg2 = code(wb, "FG", "Honesty", span(wb, "FG", "Being honest"))
    fg1_private = code(wb, "FG", "Privacy", span(wb, "FG", "keeping it private"))
    wb.themes.add_exemplar("Being there", later_fg1)  # a starred extract wins over the first
    wb.analysis.matrix_note("FG1", "Being there", "Reliability as rhythm.")

    m = wb.analysis.matrix()
    assert m.themes == (("being-there", "Being there"), ("honesty-first", "Honesty first"))
    assert m.rows == ("FG1", "FG2", "FG3", "P01")
    cells = {(c.row, c.theme): c for c in m.cells}
    assert [(c.row, c.theme) for c in m.cells] == [
        (r, t) for r in m.rows for t in ("being-there", "honesty-first")
    ]
    counts = {k: c.extracts for k, c in cells.items()}
    assert counts == {
        ("FG1", "being-there"): 2, ("FG1", "honesty-first"): 1,
        ("FG2", "being-there"): 0, ("FG2", "honesty-first"): 1,
        ("FG3", "being-there"): 0, ("FG3", "honesty-first"): 0,
        ("P01", "being-there"): 1, ("P01", "honesty-first"): 0,
    }
    assert cells[("FG1", "being-there")].first_coding == later_fg1
    assert cells[("FG1", "honesty-first")].first_coding == fg1_private
    assert cells[("FG2", "honesty-first")].first_coding == fg2
    assert cells[("P01", "being-there")].first_coding == p01
    assert cells[("FG3", "being-there")].first_coding is None
    assert cells[("FG1", "being-there")].summary == "Reliability as rhythm."
    assert cells[("FG2", "being-there")].summary == ""
    wb.themes.remove_exemplar("Being there", later_fg1)
    m = wb.analysis.matrix()
    assert next(
        c.first_coding for c in m.cells if (c.row, c.theme) == ("FG1", "being-there")
    ) == first_fg1

    by_site = wb.analysis.matrix(by="site")
    assert by_site.rows == ("Site A", "Site B")
    assert {(c.row, c.theme): c.extracts for c in by_site.cells} == {
        ("Site A", "being-there"): 1, ("Site A", "honesty-first"): 0,
        ("Site B", "being-there"): 2, ("Site B", "honesty-first"): 2,
    }
    with pytest.raises(NotFound):
        wb.analysis.matrix_note("P99", "Being there", "x")
    with pytest.raises(NotFound):
        wb.analysis.matrix_note("FG1", "No such theme", "x")
