"""The reads analysis makes besides its counts (store/repos), on each backend: code keys by
id, each theme's exemplars in order, the framework matrix's notes."""

from __future__ import annotations

from pathlib import Path

from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.repos.analysis_counts import code_keys
from themework.store.repos.themes import exemplar_codings, matrix_notes


def test_code_keys_exemplars_and_matrix_notes(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    trust, honesty = wb.codes.add("Turning up"), wb.codes.add("Honesty")
    first = wb.coding.apply(CodingRequest("P01", "Turning up", Target(turn=2))).id
    second = wb.coding.apply(CodingRequest("P01", "Turning up", Target(span=(5, 9)))).id
    wb.themes.create("Being there", codes=["Turning up"])
    wb.themes.create("Candour", codes=["Honesty"])
    with wb.store.read() as s:
        keys = code_keys(s)  # CodeInfo.id is the key
        assert sorted(keys.values()) == sorted([trust.id, honesty.id]) and len(keys) == 2
        assert exemplar_codings(s) == {} and matrix_notes(s) == {}
    wb.themes.add_exemplar("Being there", second)
    wb.themes.add_exemplar("Being there", first)
    wb.analysis.matrix_note("P01", "Candour", "Open about limits.")
    with wb.store.read() as s:
        assert exemplar_codings(s) == {"being-there": [second, first]}
        assert matrix_notes(s) == {("P01", "candour"): "Open about limits."}
