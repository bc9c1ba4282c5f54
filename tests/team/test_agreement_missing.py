"""Missing data: three coders who each double-code a share of the transcripts are analysed
in one run with ``min_coders``; alpha takes the values present (Krippendorff 2011)."""

from __future__ import annotations

from pathlib import Path

import krippendorff
import numpy as np
import pytest

from support import write
from themework.domain.errors import InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench

CODERS = ("alice", "bob", "carol")
# transcript -> who marked it done, and the answers (1..4) each of them coded
PLAN: dict[str, dict[str, tuple[int, ...]]] = {
    "T1": {"alice": (1, 2), "bob": (1, 3)},
    "T2": {"bob": (2,), "carol": (2, 4)},
    "T3": {"alice": (1, 2, 3), "bob": (1, 2), "carol": (1, 2, 3)},
    "T4": {"carol": (4,)},  # one coder: nothing to compare
}


def _study(wb: Workbench, tmp_path: Path) -> None:
    for n, name in enumerate(PLAN, start=1):
        text = "".join(f"Interviewer: Q{i}?\nP0{n}: Answer {i} on respect.\n" for i in range(4))
        report = wb.transcripts.import_files([write(tmp_path / f"{name}.txt", text)])
        assert not report.failed
    wb.codes.add("Respect")
    for transcript, coders in PLAN.items():
        for coder, answers in coders.items():
            Workbench(wb.store, coder=coder).coding.apply_many(
                [CodingRequest(transcript, "Respect", Target(turn=2 * a)) for a in answers]
            )
            wb.team.set_status(transcript, "done", coder)


def test_two_of_three_coders_count_a_transcript(wb: Workbench, tmp_path: Path) -> None:
    _study(wb, tmp_path)
    everyone = wb.team.agreement(list(CODERS), unit="turn")
    assert everyone.sources == ("T3",)  # the only transcript all three marked done
    report = wb.team.agreement(list(CODERS), unit="turn", min_coders=2)
    assert report.sources == ("T1", "T2", "T3")
    assert report.min_coders == 2
    assert [s for s, _ in report.excluded] == ["T4"]
    # The same data as Krippendorff's reliability matrix: coders x units, NaN where a coder
    # did not mark the transcript done.
    rows = []
    for coder in CODERS:
        row: list[float] = []
        for transcript in ("T1", "T2", "T3"):
            done = PLAN[transcript].get(coder)
            row += [np.nan if done is None else float(a in done) for a in range(1, 5)]
        rows.append(row)
    expected = krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal")
    cell = report.by_code["respect"]
    assert cell.alpha.alpha == pytest.approx(expected, abs=1e-12)
    assert cell.n_units == 12
    assert cell.fleiss.kappa is None and "complete data" in (cell.fleiss.undefined_reason or "")


def test_min_coders_out_of_range_is_refused(wb: Workbench, tmp_path: Path) -> None:
    _study(wb, tmp_path)
    for wrong in (1, 4):
        with pytest.raises(InputError, match="between 2 and 3"):
            wb.team.agreement(list(CODERS), unit="turn", min_coders=wrong)
