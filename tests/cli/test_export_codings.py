"""``export codings`` writes, byte for byte, what every coding's extract holds.

The export streams plain rows rather than ``Extract`` objects and neutralises a row's cells
only when one may need it: what it writes must not change for that. The expected files are
written here from ``extracts()`` the way the export wrote them before.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from support import write
from themework.domain.safe_text import csv_cell
from themework.export.jsontext import escape_c1
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import Location
from themework.store.models import Coding

KEYS = ["id", "transcript", "turn", "speaker", "participant", "start", "end", "code",
        "code_name", "coder", "origin", "flagged", "text"]
# Lines a spreadsheet would run as formulas, controls, a C1 control, a tab within a line.
TRANSCRIPT = """Interview {name}

Interviewer: =HYPERLINK("http://x") is what you asked?
P01: -2+3 is my answer,\tand \x1b]0;owned\x07 too \x9b2J.
Interviewer: @SUM(A1)
P01: +1 and plain words
- a line of its own
"""


def _project(wb: Workbench, tmp_path: Path) -> None:
    # Names equal but for case, so that their codings interleave in the sorted export.
    names = ["b", "A", "a", "B"]
    result = wb.transcripts.import_files([
        write(tmp_path / f"in{i}" / f"{n}.txt", TRANSCRIPT.format(name=n))
        for i, n in enumerate(names)
    ], allow_identifiers=True)  # "http://x" and "@SUM" read as a URL and a handle
    assert [f.status for f in result.files] == ["imported"] * 4, result.files
    first = wb.codes.add("=cmd|' /C calc'!A0", definition="a formula for a name")
    second = wb.codes.add("Plain")
    for n in names:
        for turn in (1, 2, 3, 4):
            wb.coding.apply(CodingRequest(n, first.id, Target(turn=turn)))
        wb.coding.apply(CodingRequest(n, second.id, Target(span=(0, 9))))  # the preamble
        wb.coding.apply(CodingRequest(n, second.id, Target(match="- a line")))
    # One coding flagged, as re-anchoring flags one it cannot place: SQLite hands the flag
    # back as 1, and the export prints it as JSON's true and CSV's True all the same.
    with wb.store.write() as s:
        s.execute(update(Coding).where(Coding.id == min(e.id for e in wb.coding.extracts()))
                  .values(flagged=True))


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         *args: str) -> None:
    from themework.cli import main

    monkeypatch.setattr(sys, "argv", ["themework", *args])
    with pytest.raises(SystemExit) as done:
        main.run()
    assert done.value.code in (0, None), capsys.readouterr().err


def test_export_codings_writes_every_extract_as_it_always_has(
    wb: Workbench, location: Location, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _project(wb, tmp_path)
    extracts = wb.coding.extracts()
    assert len(extracts) == 24 and sum(e.flagged for e in extracts) == 1
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(KEYS)
    for e in extracts:
        w.writerow([csv_cell(getattr(e, k)) for k in KEYS])
    lines = [escape_c1(json.dumps({k: getattr(e, k) for k in KEYS}, ensure_ascii=False,
                                  sort_keys=True)) + "\n" for e in extracts]
    monkeypatch.setenv("THEMEWORK_PROJECT", str(location.path) if location.path else location.url)
    monkeypatch.chdir(tmp_path)
    _run(monkeypatch, capsys, "export", "codings", "--csv", "c.csv", "--jsonl", "c.jsonl")
    written = (tmp_path / "c.csv").read_bytes()
    assert written == buf.getvalue().encode("utf-8")
    assert b"'=HYPERLINK" in written and b"'-2+3" in written and b"\xe2\x90\x9b" in written
    assert (tmp_path / "c.jsonl").read_bytes() == "".join(lines).encode("utf-8")
    assert b'"flagged": true' in (tmp_path / "c.jsonl").read_bytes()
