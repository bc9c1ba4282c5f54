"""Exporting a project as a REFI-QDA project (.qdpx)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from refi_helpers import PROJECT_XSD, build_study, qde_of

from themework.refi.guids import guid
from themework.services.workbench import Workbench


def test_export_validates_and_is_the_same_every_time(wb: Workbench, tmp_path: Path) -> None:
    build_study(wb, tmp_path)
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    r = wb.refi.export_qdpx(first)
    assert (r.sources, r.codings, r.codes, r.cases, r.notes, r.users) == (2, 5, 21, 2, 6, 2)
    wb.refi.export_qdpx(second)
    assert first.read_bytes() == second.read_bytes()
    qde = qde_of(first).decode("utf-8")
    PROJECT_XSD.validate(qde)
    assert "<Sets/>" not in qde and "<Links/>" not in qde
    assert f'targetGUID="{guid("code", "consistency-of-worker")}"' in qde


def test_sources_are_lf_text_without_a_bom_and_offsets_count_code_points(
    wb: Workbench, tmp_path: Path
) -> None:
    build_study(wb, tmp_path)
    out = tmp_path / "study.qdpx"
    wb.refi.export_qdpx(out)
    from themework.refi.xml import descendants, parse_xml

    root = parse_xml(qde_of(out), out)
    after_emoji = 0
    with zipfile.ZipFile(out) as zf:
        for source in descendants(root, "TextSource"):
            raw = zf.read(f"sources/{source.get('guid')}.txt")
            assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
            text = raw.decode("utf-8")
            for sel in descendants(source, "PlainTextSelection"):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert text[start:end] == sel.get("name")
                after_emoji += "😊" in text[:end]
    # P02's turn 2 coding ends after an emoji (two UTF-16 units, one code point).
    assert after_emoji == 1


def test_export_of_an_empty_project_validates(wb: Workbench, tmp_path: Path) -> None:
    out = tmp_path / "empty.qdpx"
    wb.refi.export_qdpx(out)
    PROJECT_XSD.validate(qde_of(out).decode("utf-8"))
