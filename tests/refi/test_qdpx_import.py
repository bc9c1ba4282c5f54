"""Importing REFI-QDA projects: the round trip, --into, and refusals that change nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from refi_helpers import build_study, snapshot
from sqlalchemy import func, select

from support import write
from themework.domain.errors import Conflict, InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string
from themework.store.models import AuditEvent, Coding


@pytest.fixture
def other(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Workbench:
    if backend == "sqlite":
        loc = from_string(str(tmp_path / "other.themework"))
    else:
        loc = from_string(request.getfixturevalue("pg_url_2"))
    wb = Workbench.init(loc, name="Other", coder="carol")
    request.addfinalizer(wb.close)
    return wb


@pytest.fixture
def pg_url_2(pg_server: str) -> object:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT", hide_parameters=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_export_then_import_gives_the_same_project(
    wb: Workbench, other: Workbench, tmp_path: Path
) -> None:
    build_study(wb, tmp_path)
    out = tmp_path / "study.qdpx"
    wb.refi.export_qdpx(out)
    r = other.refi.import_qdpx(out)
    assert (r.sources, r.codings, len(r.codes_added), r.unplaced) == (2, 5, 21, ())
    assert r.convention == "standard" and r.origin.startswith("themework")
    before, after = snapshot(wb), snapshot(other)
    for part in ("codes", "texts", "codings", "memos", "cases", "links"):
        assert after[part] == before[part], part
    # One undo takes the whole import back.
    other.history.undo()
    with other.store.read() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 0


def test_import_into_the_project_it_came_from_adds_nothing_twice(
    wb: Workbench, tmp_path: Path
) -> None:
    build_study(wb, tmp_path)
    out = tmp_path / "study.qdpx"
    wb.refi.export_qdpx(out)
    before = snapshot(wb)
    r = wb.refi.import_qdpx(out)
    assert r.codes_added == () and len(r.codes_matched) == 21
    assert all(line.endswith("(id)") for line in r.codes_matched)
    assert r.codings == 0 and r.already == 2
    after = snapshot(wb)
    assert after["codings"] == before["codings"] and after["codes"] == before["codes"]


def test_merging_the_same_file_twice_adds_no_memo_twice(
    wb: Workbench, other: Workbench, tmp_path: Path
) -> None:
    build_study(wb, tmp_path)
    out = tmp_path / "study.qdpx"
    wb.refi.export_qdpx(out)
    first = other.refi.import_qdpx(out)
    once = snapshot(other)
    again = other.refi.import_qdpx(out)
    assert first.memos == 6 and again.memos == 0
    assert snapshot(other)["memos"] == once["memos"]
    wb.refi.import_qdpx(out)  # and into the project it came from
    assert snapshot(wb)["memos"] == once["memos"]


def _events(wb: Workbench) -> int:
    with wb.store.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_a_refused_import_leaves_the_project_unchanged(
    wb: Workbench, tmp_path: Path
) -> None:
    build_study(wb, tmp_path)
    out = tmp_path / "study.qdpx"
    wb.refi.export_qdpx(out)
    # The same transcript name with other text: refused as a whole.
    with zipfile.ZipFile(out) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    changed = tmp_path / "changed.qdpx"
    with zipfile.ZipFile(changed, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data.replace(b"No problem at all.", b"No problem, none.")
                        if n.startswith("sources/") else data)
    before, events = snapshot(wb), _events(wb)
    with pytest.raises(Conflict, match="P01"):
        wb.refi.import_qdpx(changed)
    assert snapshot(wb) == before and _events(wb) == events


IDENTIFIER_QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="QualCoder 3.5">
 <CodeBook><Codes><Code guid="a1111111-2222-3333-4444-555555555555" name="c" isCodable="true"/>
 </Codes></CodeBook>
 <Sources><TextSource guid="b1111111-2222-3333-4444-555555555555" name="s1">
  <PlainTextContent>P01: Call me on 07700 900123 any time.</PlainTextContent>
 </TextSource></Sources>
</Project>
"""


def test_a_source_with_identifiers_is_refused_unless_allowed(
    sqlite_wb: Workbench, tmp_path: Path
) -> None:
    path = tmp_path / "id.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", IDENTIFIER_QDE)
    events = _events(sqlite_wb)
    with pytest.raises(InputError, match="possible identifier"):
        sqlite_wb.refi.import_qdpx(path)
    assert _events(sqlite_wb) == events
    r = sqlite_wb.refi.import_qdpx(path, allow_identifiers=True)
    assert r.sources == 1



def _sources_qde(texts: list[str]) -> str:
    sources = "".join(
        f'<TextSource guid="b{n:07d}-2222-3333-4444-555555555555" name="s{n}">'
        f"<PlainTextContent>{text}</PlainTextContent></TextSource>"
        for n, text in enumerate(texts, 1)
    )
    return IDENTIFIER_QDE.split("<Sources>")[0] + f"<Sources>{sources}</Sources>\n</Project>\n"


def test_a_source_refused_after_others_were_stored_leaves_nothing(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sources are stored in rounds as they are prepared; the fifth, refused, takes the
    four stored before it back with it."""
    from themework.services import refi_import

    monkeypatch.setattr(refi_import, "BATCH", 2)
    texts = [f"P0{n}: We met every week, {n} times." for n in range(1, 5)]
    path = tmp_path / "late.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", _sources_qde([*texts, "P05: Call me on 07700 900123."]))
    before, events = snapshot(wb), _events(wb)
    with pytest.raises(InputError, match="s5: 1 possible identifier"):
        wb.refi.import_qdpx(path)
    assert snapshot(wb) == before and _events(wb) == events
    assert wb.transcripts.list() == [] and wb.participants.list() == []
    with zipfile.ZipFile(path, "w") as zf:  # the same four alone come in
        zf.writestr("project.qde", _sources_qde(texts))
    assert wb.refi.import_qdpx(path).sources == 4

def test_command_line_import_into_a_new_project(tmp_path: Path, sqlite_wb: Workbench) -> None:
    import subprocess
    import sys

    build_study(sqlite_wb, tmp_path)
    sqlite_wb.projects.update(question="How is trust built?")
    out = tmp_path / "study.qdpx"
    sqlite_wb.refi.export_qdpx(out)
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
           "THEMEWORK_CODER": "alice", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "themework", "import", "qdpx", str(out), "--new",
         str(tmp_path / "new.themework")], capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "imported 2 sources and 5 codings" in done.stdout
    info = subprocess.run(
        [sys.executable, "-m", "themework", "-p", str(tmp_path / "new.themework"), "info",
         "--json"], capture_output=True, text=True, env=env, check=True,
    )
    assert '"question": "How is trust built?"' in info.stdout  # the project's Description
    bad = write(tmp_path / "bad.qdpx", "not a zip")
    done = subprocess.run(
        [sys.executable, "-m", "themework", "import", "qdpx", str(bad), "--new",
         str(tmp_path / "bad.themework")], capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "not a readable zip" in done.stderr
    assert not (tmp_path / "bad.themework").exists()
    # With a project named but no --into or --new, it says which it would need.
    done = subprocess.run(
        [sys.executable, "-m", "themework", "-p", str(tmp_path / "new.themework"), "import",
         "qdpx", str(out)], capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 1 and "--into" in done.stderr


def test_sources_prepared_in_worker_processes_give_the_same_result(
    sqlite_wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from themework.services import refi_import

    build_study(sqlite_wb, tmp_path)
    out = tmp_path / "study.qdpx"
    sqlite_wb.refi.export_qdpx(out)
    monkeypatch.setattr(refi_import, "PARALLEL_FROM", 1)
    monkeypatch.setattr("themework.services.importing._cores", lambda: 2)
    other = Workbench.init(from_string(str(tmp_path / "par.themework")), name="P", coder="c")
    try:
        other.refi.import_qdpx(out)
        assert snapshot(other)["codings"] == snapshot(sqlite_wb)["codings"]
    finally:
        other.close()


INTERVIEW_P09 = """Interviewer: How do you build trust?
P09: By turning up every week, whatever happens.
"""


def _themes(wb: Workbench) -> list[tuple[object, ...]]:
    """Themes by name: parent, definition, narrative (extracts as their text) and codes."""
    from themework.domain.narrative import EXTRACT_REF
    from themework.store.models import Code, Theme, ThemeCode, Transcript

    with wb.store.read() as s:
        themes = {t.id: t for t in s.scalars(select(Theme))}
        names = dict(s.execute(select(Code.id, Code.name)).all())
        quoted = {
            cid: text[start:end] for cid, start, end, text in s.execute(
                select(Coding.id, Coding.start, Coding.end, Transcript.text)
                .join(Transcript, Transcript.id == Coding.transcript_id))
        }

        def text_of(narrative: str) -> str:
            return EXTRACT_REF.sub(lambda m: f"[{quoted[int(m.group(1))]}]", narrative)

        codes: dict[int, list[str]] = {}
        for tid, cid in s.execute(select(ThemeCode.theme_id, ThemeCode.code_id)):
            codes.setdefault(tid, []).append(names[cid])
        return sorted(
            (t.name, themes[t.parent_id].name if t.parent_id else None, t.definition,
             text_of(t.narrative), tuple(sorted(codes.get(t.id, ()))))
            for t in themes.values()
        )


def test_themes_their_hierarchy_and_narratives_make_the_round_trip(
    wb: Workbench, other: Workbench, tmp_path: Path
) -> None:
    """A theme is a set of its codes; a sub-theme's set names its parent; a narrative is a
    note named "Narrative" on its set. Back into themework they are themes again, with no
    memo made of the narrative; the export still validates."""
    from refi_helpers import PROJECT_XSD, qde_of

    build_study(wb, tmp_path)
    top = wb.themes.create("Trust is earned over time", definition="Built by workers.").theme
    sub = wb.themes.create("Showing up", parent=top.id, codes=["consistency-of-worker"],
                           definition="Turning up as promised.").theme
    with wb.store.read() as s:  # the last coding: its id is not 1 in the other project
        last = max(s.scalars(select(Coding.id)))
    wb.themes.define(top.id, narrative="Trust grows when workers keep turning up.\n\n"
                     f"As {{{{extract:{last}}}}} shows, it is slow.")
    wb.themes.define(sub.id, narrative="Reliability is the evidence young people use.")
    # A coding of its own first, so that the same extracts have other ids there.
    other.transcripts.import_files([write(tmp_path / "own" / "P09.txt", INTERVIEW_P09)])
    other.codes.add("Local")
    other.coding.apply(CodingRequest("P09", "Local", Target(turn=2)))
    out = tmp_path / "study.qdpx"
    wb.refi.export_qdpx(out)
    PROJECT_XSD.validate(qde_of(out).decode("utf-8"))
    r = other.refi.import_qdpx(out)
    assert _themes(other) == _themes(wb)
    assert r.themes == len(_themes(wb))
    assert snapshot(other)["memos"] == snapshot(wb)["memos"]  # no narrative became a memo
    # Into the project it came from: nothing added, nothing moved.
    before = _themes(wb)
    wb.refi.import_qdpx(out)
    assert _themes(wb) == before


def test_survey_answers_by_numeric_respondent_ids_keep_their_turns(
    wb: Workbench, other: Workbench, tmp_path: Path
) -> None:
    """Survey ids are often numbers, which no speaker label starts with: the respondents'
    cases say who answered what."""
    from support import CODEBOOK
    from themework.store.models import Speaker, Transcript, Turn

    wb.codebook.load(CODEBOOK)
    survey = write(tmp_path / "staff.csv",
                   'id,site,q1\n1001,A,"I trust them"\n1002,B,"Not really:\nno"\n7,B,Maybe\n')
    wb.transcripts.import_survey(survey, id_column="id", text_columns=["q1"],
                                 attribute_columns=["site"])
    wb.coding.apply(CodingRequest("staff - q1", "consistency-of-worker", Target(turn=2)))
    out = tmp_path / "survey.qdpx"
    wb.refi.export_qdpx(out)
    r = other.refi.import_qdpx(out)
    assert (r.codings, r.unplaced, r.participants) == (1, (), 3)
    for side in (wb, other):
        with side.store.read() as s:
            text = s.scalar(select(Transcript.text))
            turns = s.execute(select(Speaker.label, Turn.start, Turn.end)
                              .join(Speaker, Speaker.id == Turn.speaker_id)
                              .order_by(Turn.index)).all()
            assert text is not None
            assert [(who, text[a:b]) for who, a, b in turns] == [
                ("1001", "I trust them"), ("1002", "Not really:\nno"), ("7", "Maybe")
            ]
    assert snapshot(other)["codings"] == snapshot(wb)["codings"]
