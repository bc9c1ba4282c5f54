"""Undo of every theme operation restores the rows exactly; redo brings the change back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from themes_setup import coded_project, codings, state

from themework.services.workbench import Workbench

Op = Callable[[Workbench, dict[str, int]], object]

OPS: dict[str, Op] = {
    "create": lambda wb, ids: wb.themes.create(
        "Secrets", parent="Reliability", codes=["Privacy", "Honesty"], definition="d"
    ),
    "rename": lambda wb, ids: wb.themes.rename("Reliability", "Being reliable"),
    "define": lambda wb, ids: wb.themes.define(
        "Reliability", definition="New.", central_concept="Concept.", scope="Scope."
    ),
    "narrative": lambda wb, ids: wb.themes.define(
        "Reliability", narrative=f"Rewritten.\n\n{{{{extract:{ids['regularity']}}}}}"
    ),
    "add-code": lambda wb, ids: wb.themes.add_codes("Reliability", ["Privacy", "Honesty"]),
    "remove-code": lambda wb, ids: wb.themes.remove_codes("Reliability", ["Turning up"]),
    "merge": lambda wb, ids: wb.themes.merge(["Reliability"], into="Honesty first"),
    "split": lambda wb, ids: wb.themes.split("Reliability", "Routine", ["Regularity"]),
    "discard": lambda wb, ids: wb.themes.discard("Reliability"),
    "status": lambda wb, ids: wb.themes.set_status("Reliability", "final"),
    "move": lambda wb, ids: wb.themes.move("Honesty first", "Weekly", order=1),
    "exemplar-add": lambda wb, ids: wb.themes.add_exemplar(
        "Reliability", ids["honesty"], trimmed="Then I am honest [...]", position=1
    ),
    "exemplar-order": lambda wb, ids: wb.themes.order_exemplar(
        "Reliability", ids["regularity"], 1
    ),
    "exemplar-trim": lambda wb, ids: wb.themes.trim_exemplar(
        "Reliability", ids["turning-up"], "turning up [...] I would"
    ),
    "exemplar-remove": lambda wb, ids: wb.themes.remove_exemplar("Reliability", ids["turning-up"]),
    "matrix-note": lambda wb, ids: wb.analysis.matrix_note("P01", "Reliability", "Turns up."),
}


@pytest.fixture
def ids(wb: Workbench, tmp_path: Path) -> dict[str, int]:
    ids = coded_project(wb, tmp_path)
    wb.themes.create("Reliability", codes=["Turning up", "Regularity"])
    wb.themes.define("Reliability", narrative=f"Analysis.\n\n{{{{extract:{ids['turning-up']}}}}}")
    wb.themes.add_exemplar("Reliability", ids["turning-up"])
    wb.themes.add_exemplar("Reliability", ids["regularity"])
    wb.themes.create("Weekly", parent="Reliability")
    wb.themes.create("Honesty first", codes=["Honesty"], definition="Honest.")
    wb.themes.add_exemplar("Honesty first", ids["honesty"])
    wb.analysis.matrix_note("P01", "Honesty first", "Says so plainly.")
    return ids


@pytest.mark.parametrize("op", list(OPS))
def test_undo_restores_exactly_and_redo_reapplies(
    wb: Workbench, ids: dict[str, int], op: str
) -> None:
    kept = codings(wb)
    before = state(wb)
    OPS[op](wb, ids)
    after = state(wb)
    assert after != before
    assert codings(wb) == kept
    undone = wb.history.undo()
    assert len(undone) == 1 and undone[0].action.startswith(("theme.", "matrix."))
    assert state(wb) == before
    assert codings(wb) == kept
    wb.history.redo()
    assert state(wb) == after
    assert codings(wb) == kept
    # And once more, to be sure a redone change can itself be undone.
    wb.history.undo()
    assert state(wb) == before


def test_matrix_note_replaced_and_removed_then_undone(wb: Workbench, ids: dict[str, int]) -> None:
    def note() -> str:
        m = wb.analysis.matrix()
        return next(c.summary for c in m.cells if c.row == "P01" and c.theme == "honesty-first")

    assert note() == "Says so plainly."
    wb.analysis.matrix_note("P01", "Honesty first", "Explains limits first.")
    assert note() == "Explains limits first."
    wb.analysis.matrix_note("P01", "Honesty first", "")
    assert note() == ""
    wb.history.undo()
    assert note() == "Explains limits first."
    wb.history.undo()
    assert note() == "Says so plainly."
