"""Projects written by hand in each producer's documented shape: NVivo (UTF-16 offsets over
CRLF text after a BOM), ATLAS.ti (a line break counts one; <name>.qde; Sources/; .docx;
upper-case GUIDs; an empty <Sets/>), QualCoder (the standard; unlabelled text; notes)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from sqlalchemy import select

from themework.services.workbench import Workbench
from themework.store.models import Code, Coding, Memo, Participant, Transcript

CODE_A = "c0000000-0000-4000-8000-00000000000a"
CODE_B = "c0000000-0000-4000-8000-00000000000b"
SOURCE = "50000000-0000-4000-8000-000000000001"
SOURCE_2 = "50000000-0000-4000-8000-000000000002"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def qdpx(path: Path, qde_name: str, qde: str, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde)
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def coded(wb: Workbench) -> list[tuple[str, str, str]]:
    """(transcript, code, coded text) of every coding."""
    with wb.store.read() as s:
        rows = s.execute(
            select(Transcript.name, Code.name, Transcript.text, Coding.start, Coding.end)
            .join(Coding, Coding.transcript_id == Transcript.id)
            .join(Code, Code.id == Coding.code_id)
        ).all()
    return sorted((t, c, text[a:b]) for t, c, text, a, b in rows)


NVIVO_TEXT = (
    "Interviewer: How are things?\r\n"
    "P01: Fine 😊 thanks. I trust my worker.\r\n"
    "Interviewer: Why is that?\r\n"
    "P01: She turns up 😊😊 every week.\r\n"
)


NOTE = "99999999-0000-4000-8000-0000000000a1"
NOTE_2 = "99999999-0000-4000-8000-0000000000a2"


def _nvivo_selection(guid: str, phrase: str, code: str, quote: str | None = None) -> str:
    start = utf16(NVIVO_TEXT[: NVIVO_TEXT.index(phrase)])
    end = start + utf16(phrase)
    name = phrase if quote is None else quote
    return (
        f'<PlainTextSelection guid="{guid}" name="{name}" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{{AAAAAAAA-0000-4000-8000-000000000001}}">'
        f'<Coding guid="{guid[:-1]}f"><CodeRef targetGUID="{{{code.upper()}}}"/></Coding>'
        f'<NoteRef targetGUID="{NOTE if quote else NOTE_2}"/></PlainTextSelection>'
    )


def test_nvivo_offsets_are_utf16_units_over_crlf_text_after_a_bom(
    wb: Workbench, tmp_path: Path
) -> None:
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="NVivo study" origin="NVivo 14.23.0">
<Users><User guid="aaaaaaaa-0000-4000-8000-000000000001" name="Dana"/></Users>
<CodeBook><Codes>
<Code guid="{CODE_A}" name="Trust" isCodable="true" color="#FF0000"/>
<Code guid="{CODE_B}" name="Reliability" isCodable="true"/>
</Codes></CodeBook>
<Sources><TextSource guid="{SOURCE}" name="P01 interview" plainTextPath="internal://{SOURCE}.txt">
{_nvivo_selection("e0000000-0000-4000-8000-000000000001", "I trust my worker", CODE_A)}
{_nvivo_selection("e0000000-0000-4000-8000-000000000002", "every week", CODE_B)}
{_nvivo_selection("e0000000-0000-4000-8000-000000000003", "She turns up", CODE_B,
                  quote="thanks. I trust my worker")}
</TextSource></Sources>
<Notes><Note guid="{NOTE}" name="memo"><PlainTextContent>On the odd one</PlainTextContent></Note>
<Note guid="{NOTE_2}" name="memo"><PlainTextContent>On a good one</PlainTextContent></Note></Notes>
</Project>"""
    data = b"\xef\xbb\xbf" + NVIVO_TEXT.encode("utf-8")
    path = qdpx(tmp_path / "nvivo.qdpx", "project.qde", qde, {f"sources/{SOURCE}.txt": data})
    r = wb.refi.import_qdpx(path)
    assert r.convention == "nvivo"
    assert coded(wb) == [
        ("P01 interview", "Reliability", "every week"),
        ("P01 interview", "Trust", "I trust my worker"),
    ]
    # The third selection's stored text is elsewhere in the source, not where its offsets
    # point: listed, not moved.
    assert len(r.unplaced) == 1 and "selection" in r.unplaced[0]
    with wb.store.read() as s:
        # The unplaced selection's note stays with its transcript; the others' with codings.
        targets = dict(s.execute(select(Memo.text, Memo.target)).all())
        assert targets == {"On the odd one": "transcript", "On a good one": "coding"}
        coders = set(s.scalars(select(Coding.coder_id)))
        assert len(coders) == 1
        assert s.scalar(select(Code.colour).where(Code.name == "Trust")) == "#ff0000"


ATLAS_TEXT = "Interviewer: Hello there.\r\nR01: Cost is the main barrier.\r\nR01: Also time.\r\n"


def _atlas_offset(text: str, phrase: str) -> int:
    """ATLAS.ti's count: a CRLF line break is one."""
    return len(text[: text.index(phrase)].replace("\r\n", "\n"))


def test_atlas_line_breaks_count_one_named_qde_sources_folder_docx_and_empty_sets(
    wb: Workbench, tmp_path: Path
) -> None:
    from docx import Document

    doc = Document()
    for line in ("Interviewer: And the second site?", "R02: Money again, always money."):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    docx_text = "Interviewer: And the second site?\nR02: Money again, always money."
    a = _atlas_offset(ATLAS_TEXT, "Cost is the main barrier")
    b = docx_text.index("always money")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Barriers" origin="ATLAS.ti 26.0.1">
<CodeBook><Codes>
<Code guid="{CODE_A.upper()}" name="Barriers" isCodable="false">
<Code guid="{CODE_B.upper()}" name="Cost" isCodable="true"><Description>Money</Description></Code>
</Code></Codes></CodeBook>
<Variables><Variable guid="DDDDDDDD-0000-4000-8000-000000000001" name="Site" typeOfVariable="Text"/>
</Variables>
<Cases><Case guid="EEEEEEEE-0000-4000-8000-000000000001" name="R01">
<VariableValue><VariableRef targetGUID="DDDDDDDD-0000-4000-8000-000000000001"/>
<TextValue>North</TextValue></VariableValue>
<SourceRef targetGUID="{SOURCE.upper()}"/></Case></Cases>
<Sources>
<TextSource guid="{SOURCE.upper()}" name="Site A" plainTextPath="internal://{SOURCE.upper()}.txt">
<PlainTextSelection guid="F0000000-0000-4000-8000-000000000001" startPosition="{a}"
 endPosition="{a + len('Cost is the main barrier')}">
<Coding guid="F0000000-0000-4000-8000-000000000002"><CodeRef targetGUID="{CODE_B.upper()}"/>
</Coding></PlainTextSelection></TextSource>
<TextSource guid="{SOURCE_2.upper()}" name="Site B" richTextPath="internal://{SOURCE_2.upper()}.docx">
<PlainTextSelection guid="F0000000-0000-4000-8000-000000000003" startPosition="{b}"
 endPosition="{b + len('always money')}">
<Coding guid="F0000000-0000-4000-8000-000000000004"><CodeRef targetGUID="{CODE_B}"/>
</Coding></PlainTextSelection></TextSource>
<PDFSource guid="F0000000-0000-4000-8000-000000000009" name="Leaflet"/>
</Sources>
<Sets/>
</Project>"""
    path = qdpx(tmp_path / "atlas.qdpx", "Barriers.qde", qde, {
        f"Sources/{SOURCE.upper()}.txt": ATLAS_TEXT.encode("utf-8"),
        f"Sources/{SOURCE_2.upper()}.docx": buf.getvalue(),
    })
    r = wb.refi.import_qdpx(path)
    assert r.convention == "atlas" and r.unplaced == ()
    assert coded(wb) == [("Site A", "Cost", "Cost is the main barrier"),
                         ("Site B", "Cost", "always money")]
    assert any("PDFSource Leaflet" in line for line in r.skipped)
    with wb.store.read() as s:
        p = s.scalars(select(Participant).where(Participant.pseudonym == "R01")).one()
        assert p.attributes == {"Site": "North"}
        parent = s.scalar(select(Code.parent_id).where(Code.name == "Cost"))
        assert s.get_one(Code, parent).name == "Barriers"


QUALCODER_TEXT = "Field note after the visit.\nThe young person spoke about trust.\n"


def test_qualcoder_standard_offsets_unlabelled_text_and_notes(
    wb: Workbench, tmp_path: Path
) -> None:
    start = QUALCODER_TEXT.index("spoke about trust")
    end = start + len("spoke about trust")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder 3.6">
<Users><User guid="aaaaaaaa-0000-4000-8000-000000000002" name="sam"/></Users>
<CodeBook><Codes><Code guid="{CODE_A}" name="Trust" isCodable="true"/></Codes></CodeBook>
<Cases><Case guid="eeeeeeee-0000-4000-8000-000000000002" name="YP07">
<SourceRef targetGUID="{SOURCE}"/></Case></Cases>
<Sources><TextSource guid="{SOURCE}" name="visit-note" plainTextPath="internal://{SOURCE}.txt">
<PlainTextSelection guid="f0000000-0000-4000-8000-000000000011" name="spoke about trust"
 startPosition="{start}" endPosition="{end}" creatingUser="aaaaaaaa-0000-4000-8000-000000000002">
<Coding guid="f0000000-0000-4000-8000-000000000012"
 creatingUser="aaaaaaaa-0000-4000-8000-000000000002">
<CodeRef targetGUID="{CODE_A}"/></Coding>
<NoteRef targetGUID="99999999-0000-4000-8000-000000000001"/></PlainTextSelection>
</TextSource></Sources>
<Notes><Note guid="99999999-0000-4000-8000-000000000001" name="Why this matters"
 creatingUser="aaaaaaaa-0000-4000-8000-000000000002">
<PlainTextContent>First mention of trust.</PlainTextContent></Note></Notes>
</Project>"""
    path = qdpx(tmp_path / "qc.qdpx", "project.qde", qde,
                {f"sources/{SOURCE}.txt": QUALCODER_TEXT.encode("utf-8")})
    r = wb.refi.import_qdpx(path)
    assert r.convention == "standard" and r.unplaced == ()
    assert coded(wb) == [("visit-note", "Trust", "spoke about trust")]
    with wb.store.read() as s:
        text = s.scalar(select(Transcript.text))
        assert text is not None and text.startswith("YP07: Field note")  # one turn of the case
        memo = s.scalars(select(Memo)).one()
        assert memo.target == "coding"
        assert memo.text == "Why this matters\n\nFirst mention of trust."


def test_a_selection_name_cut_short_without_an_ellipsis_still_places_it(
    wb: Workbench, tmp_path: Path
) -> None:
    """Some producers name a selection after its first 60 characters, no "..." added."""
    phrase = "The young person spoke about trust.\n"
    start = QUALCODER_TEXT.index(phrase)
    end = start + len(phrase) - 1
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="cut" origin="some tool">
<CodeBook><Codes><Code guid="{CODE_A}" name="Trust" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{SOURCE}" name="visit-note" plainTextPath="internal://{SOURCE}.txt">
<PlainTextSelection guid="f0000000-0000-4000-8000-000000000021" name="The young person spo"
 startPosition="{start}" endPosition="{end}">
<Coding guid="f0000000-0000-4000-8000-000000000022"><CodeRef targetGUID="{CODE_A}"/></Coding>
</PlainTextSelection>
<PlainTextSelection guid="f0000000-0000-4000-8000-000000000023" name="Field note after"
 startPosition="{start}" endPosition="{end}">
<Coding guid="f0000000-0000-4000-8000-000000000024"><CodeRef targetGUID="{CODE_A}"/></Coding>
</PlainTextSelection></TextSource></Sources>
</Project>"""
    path = qdpx(tmp_path / "cut.qdpx", "project.qde", qde,
                {f"sources/{SOURCE}.txt": QUALCODER_TEXT.encode("utf-8")})
    r = wb.refi.import_qdpx(path)
    assert coded(wb) == [("visit-note", "Trust", "The young person spoke about trust.")]
    assert len(r.unplaced) == 1 and "not the selection's text" in r.unplaced[0]


def test_a_selection_named_by_its_coder_rather_than_its_text_is_placed(
    wb: Workbench, tmp_path: Path
) -> None:
    """ATLAS.ti writes a quotation's name, which its coder may have changed to a title:
    words found nowhere in the source say nothing about where the selection lies."""
    a = _atlas_offset(ATLAS_TEXT, "Cost is the main barrier")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Barriers" origin="ATLAS.ti 26.0.1">
<CodeBook><Codes><Code guid="{CODE_B}" name="Cost" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{SOURCE}" name="Site A" plainTextPath="internal://{SOURCE}.txt">
<PlainTextSelection guid="F0000000-0000-4000-8000-000000000031" name="Key moment: money"
 startPosition="{a}" endPosition="{a + len('Cost is the main barrier')}">
<Coding guid="F0000000-0000-4000-8000-000000000032"><CodeRef targetGUID="{CODE_B}"/>
</Coding></PlainTextSelection>
<PlainTextSelection guid="F0000000-0000-4000-8000-000000000033" name="Also time"
 startPosition="{a}" endPosition="{a + len('Cost is the main barrier')}">
<Coding guid="F0000000-0000-4000-8000-000000000034"><CodeRef targetGUID="{CODE_B}"/>
</Coding></PlainTextSelection></TextSource></Sources>
</Project>"""
    path = qdpx(tmp_path / "atlas.qdpx", "Barriers.qde", qde,
                {f"Sources/{SOURCE}.txt": ATLAS_TEXT.encode("utf-8")})
    r = wb.refi.import_qdpx(path)
    assert coded(wb) == [("Site A", "Cost", "Cost is the main barrier")]
    # "Also time" is text of the source, elsewhere: these offsets are wrong for it.
    assert len(r.unplaced) == 1 and "not the selection's text" in r.unplaced[0]
