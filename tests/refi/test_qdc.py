"""REFI-QDA codebooks (.qdc): export validates and is stable, import reads what other tools
write, and ``codebook load x.qdc`` goes through the same loader as YAML."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import xmlschema
from sqlalchemy import select

from support import CODEBOOK, write
from themework.domain.errors import InputError
from themework.refi.guids import NAMESPACE
from themework.services.workbench import Workbench
from themework.store.location import from_string
from themework.store.models import Code, Theme

HERE = Path(__file__).resolve().parent
CODEBOOK_XSD = xmlschema.XMLSchema(HERE / "Codebook.xsd")


def codes(wb: Workbench) -> dict[str, tuple[str | None, str, str, str, str, str]]:
    """name -> (parent name, definition, include, exclude, colour, status)"""
    with wb.store.read() as s:
        rows = list(s.scalars(select(Code)))
    by_id = {c.id: c for c in rows}
    return {
        c.name: (
            by_id[c.parent_id].name if c.parent_id else None,
            c.definition,
            c.include,
            c.exclude,
            c.colour,
            c.status,
        )
        for c in rows
    }


def test_export_validates_is_stable_and_round_trips(wb: Workbench, tmp_path: Path) -> None:
    wb.codebook.load(CODEBOOK)
    first, second = tmp_path / "a.qdc", tmp_path / "b.qdc"
    assert wb.refi.export_qdc(first) == 21
    wb.refi.export_qdc(second)
    CODEBOOK_XSD.validate(str(first))
    assert first.read_bytes() == second.read_bytes()
    expected = str(uuid.uuid5(NAMESPACE, "code:consistency-of-worker"))
    assert f'guid="{expected}"' in first.read_text(encoding="utf-8")

    other = Workbench.init(
        from_string(str(tmp_path / "other.themework")), name="Other", coder="bob"
    )
    try:
        report = other.refi.import_qdc(first)
        assert len(report.added) == 21
        assert codes(other) == codes(wb)
        with other.store.read() as s:
            assert len(list(s.scalars(select(Theme)))) == 4
    finally:
        other.close()


def test_a_code_renamed_in_another_tool_comes_back_to_its_code(
    wb: Workbench, tmp_path: Path
) -> None:
    wb.codebook.load(CODEBOOK)
    out = tmp_path / "book.qdc"
    wb.refi.export_qdc(out)
    text = out.read_text(encoding="utf-8")
    # Another tool renames the code and writes the GUID upper-case in braces.
    expected = str(uuid.uuid5(NAMESPACE, "code:time-and-persistence"))
    text = text.replace('name="Time and persistence"', 'name="Patience"')
    text = text.replace(f'guid="{expected}"', f'guid="{{{expected.upper()}}}"')
    out.write_text(text, encoding="utf-8")
    report = wb.codebook.load(out, theirs=True)
    assert report.renamed == ("Time and persistence -> Patience (matched by id)",)
    assert not report.added and not report.retired
    with wb.store.read() as s:
        assert s.scalar(select(Code.name).where(Code.key == "time-and-persistence")) == "Patience"


TAGUETTE = """<?xml version='1.0' encoding='utf-8'?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Taguette 1.4.1"><Codes>\
<Code guid="0D9B1C39-3B8F-4C0E-A2E4-6C6B51E0A001" name="trust" isCodable="true" color="#F0A">\
<Description>Talk about trust</Description></Code>\
<Code guid="0d9b1c39-3b8f-4c0e-a2e4-6c6b51e0a002" name="  distrust " isCodable="true"/>\
</Codes><Sets/></CodeBook>
"""

OLD_NAMESPACE = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="ATLAS.ti 9">
 <Codes>
  <Code guid="{11111111-2222-3333-4444-555555555555}" name="Barriers" isCodable="false">
   <Code guid="{11111111-2222-3333-4444-555555555556}" name="Cost" isCodable="true"/>
   <Code guid="{11111111-2222-3333-4444-555555555557}" name="Other" isCodable="true"/>
  </Code>
  <Code guid="{11111111-2222-3333-4444-555555555558}" name="Other" isCodable="true"/>
 </Codes>
 <Sets>
  <Set guid="{21111111-2222-3333-4444-555555555555}" name="Money">
   <MemberCode guid="{11111111-2222-3333-4444-555555555556}"/>
  </Set>
 </Sets>
</CodeBook>
"""


def test_taguette_codebook_with_empty_sets_loads(sqlite_wb: Workbench, tmp_path: Path) -> None:
    report = sqlite_wb.codebook.load(write(tmp_path / "codebook.qdc", TAGUETTE))
    assert report.added == ("trust", "distrust")
    got = codes(sqlite_wb)
    assert got["trust"] == (None, "Talk about trust", "", "", "#ff00aa", "active")


def test_codebook_0_4_namespace_folders_repeated_names_and_sets(
    sqlite_wb: Workbench, tmp_path: Path
) -> None:
    sqlite_wb.codebook.load(write(tmp_path / "atlas.qdc", OLD_NAMESPACE))
    got = codes(sqlite_wb)
    # A folder (isCodable false) from another tool is still an active code.
    assert got["Barriers"][5] == "active"
    assert got["Other (Barriers)"][0] == "Barriers"
    assert got["Other"][0] is None
    with sqlite_wb.store.read() as s:
        assert list(s.scalars(select(Theme.name))) == ["Money"]


@pytest.mark.parametrize(
    "doc",
    [
        # an external entity (XXE)
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="'
        '11111111-2222-3333-4444-555555555555" name="&x;" isCodable="true"/></Codes></CodeBook>',
        # entity expansion ("billion laughs")
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="'
        '11111111-2222-3333-4444-555555555555" name="&c;" isCodable="true"/></Codes></CodeBook>',
    ],
)
def test_entities_are_refused_with_one_line(
    sqlite_wb: Workbench, tmp_path: Path, doc: str
) -> None:
    path = write(tmp_path / "evil.qdc", doc)
    with pytest.raises(InputError) as err:
        sqlite_wb.codebook.load(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert "root:" not in message and "aaaa" not in message
    with sqlite_wb.store.read() as s:
        assert not list(s.scalars(select(Code)))


def test_codebook_load_of_a_qdc_from_the_command_line(tmp_path: Path) -> None:
    """Before: 'codebook load x.qdc' failed with a YAML error."""
    import subprocess
    import sys

    project = tmp_path / "p.themework"
    book = write(tmp_path / "x.qdc", TAGUETTE)
    env = {"PYTHONPATH": str(HERE.parents[1] / "src"), "THEMEWORK_CODER": "alice",
           "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "themework", *args], capture_output=True, text=True, env=env,
            check=False,
        )

    assert run("init", str(project), "--name", "P").returncode == 0
    done = run("-p", str(project), "codebook", "load", str(book))
    assert done.returncode == 0, done.stderr
    assert "added (2): trust; distrust" in done.stdout
    out = tmp_path / "out.qdc"
    done = run("-p", str(project), "export", "qdc", str(out))
    assert done.returncode == 0, done.stderr
    CODEBOOK_XSD.validate(str(out))


def test_codebook_lint_reads_a_qdc_instead_of_failing_on_yaml(tmp_path: Path) -> None:
    from themework.services.codebook import lint_file

    assert lint_file(write(tmp_path / "ok.qdc", TAGUETTE)) == []
    broken = write(tmp_path / "bad.qdc", TAGUETTE.replace(' name="trust"', ""))
    problems = lint_file(broken)
    assert len(problems) == 1 and "has no name" in problems[0].message
    assert problems[0].line == 2  # the <Code> without a name


def test_a_codebook_saved_as_xml_loads_and_a_qdpx_is_sent_to_import_qdpx(
    sqlite_wb: Workbench, tmp_path: Path
) -> None:
    import zipfile

    r = sqlite_wb.refi.import_qdc(write(tmp_path / "Codebook.xml", TAGUETTE))
    assert list(r.added) == ["trust", "distrust"]
    project = tmp_path / "study.qdpx"
    with zipfile.ZipFile(project, "w") as zf:
        zf.writestr("project.qde", "<Project/>")
    with pytest.raises(InputError, match="comes in with 'themework import qdpx FILE'"):
        sqlite_wb.refi.import_qdc(project)
