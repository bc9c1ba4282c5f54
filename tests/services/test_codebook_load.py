"""Loading a YAML codebook into a project and dumping it back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from support import CODEBOOK, write
from themework.domain.errors import Conflict, InputError, NotFound
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import from_string
from themework.store.models import Code, Theme, ThemeCode
from themework.store.repos.codes import CodeIndex

SOURCE = CODEBOOK.read_text(encoding="utf-8")
ALL_CODES = 21


def drop_code(text: str, name: str, key: str) -> str:
    """The codebook without the top-level code NAME (and without KEY in theme lists)."""
    lines = text.split("\n")
    start = lines.index(f"  - name: {name}")
    end = next(
        i for i in range(start + 1, len(lines))
        if lines[i].startswith("  - name: ") or lines[i] == "themes:"
    )
    out = "\n".join(lines[:start] + lines[end:])
    return out.replace(f", {key}]", "]").replace(f"{key}, ", "")


def themes(wb: Workbench) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Theme key -> (status, keys of its codes in order)."""
    with wb.store.read() as s:
        keys = dict(s.execute(select(Code.id, Code.key)).all())
        out = {}
        for t in s.scalars(select(Theme)):
            links = s.scalars(
                select(ThemeCode).where(ThemeCode.theme_id == t.id).order_by(ThemeCode.sort_order)
            )
            out[t.key] = (t.status, tuple(keys[ln.code_id] for ln in links))
        return out


def code_on(wb: Workbench, code: str, match: str, transcript: str = "P01") -> int:
    return wb.coding.apply(CodingRequest(transcript, code, Target(match=match))).id


def test_load_creates_codes_hierarchy_and_candidate_themes(wb: Workbench) -> None:
    report = wb.codebook.load(CODEBOOK)
    assert len(report.added) == ALL_CODES and report.themes_added == (
        "Relationship-based practice", "Ethically grounded approach", "Child-centred practice",
        "Skilled and knowledgeable practice",
    )
    codes = {c.id: c for c in wb.codes.list()}
    assert len(codes) == ALL_CODES
    consistency = codes["consistency-of-worker"]
    assert consistency.name == "Consistency of worker" and consistency.depth == 0
    assert consistency.aliases == ("Consistent worker",) and consistency.colour == "#2a9d8f"
    assert consistency.keywords == ("turn up", "reliable", "consistent")
    assert consistency.definition.startswith("The worker is reliable and predictable")
    assert codes["following-through"].parent == "consistency-of-worker"
    assert codes["following-through"].depth == 1
    assert codes["confidentiality-limits"].parent == "honesty-about-information-sharing"
    assert codes["participation-in-meetings"].parent == "young-persons-voice"
    assert codes["time-and-persistence"].parent is None
    # Tree order: each child right after its parent, as in the file.
    order = [c.id for c in wb.codes.list()]
    assert order[:3] == ["consistency-of-worker", "following-through",
                         "continuity-through-transitions"]
    loaded = themes(wb)
    assert {k: v[0] for k, v in loaded.items()} == dict.fromkeys(loaded, "candidate")
    assert loaded["relationship-based-practice"][1] == (
        "consistency-of-worker", "following-through", "continuity-through-transitions",
        "time-and-persistence", "warmth-and-informal-contact",
    )
    assert len(loaded["child-centred-practice"][1]) == 6


def test_dump_is_deterministic_and_survives_a_round_trip(
    wb: Workbench, tmp_path: Path
) -> None:
    wb.codebook.load(CODEBOOK)
    first = wb.codebook.dump()
    assert wb.codebook.dump() == first
    assert yaml.safe_load(first)["codebook"] == "Building trust with young people at risk of CSE"
    dumped = write(tmp_path / "dumped.yaml", first)
    assert wb.codebook.load(dumped).unchanged
    assert wb.codebook.dump() == first
    # A different project (and backend) built from the dump writes the same bytes.
    other = Workbench.init(from_string(str(tmp_path / "other.themework")), name="Other",
                           coder="carol")
    try:
        other.codebook.load(dumped)
        assert other.codebook.dump() == first
    finally:
        other.close()


NO_IDS = """\
codebook: Small
codes:
  - name: Turning up
    definition: Being there when promised.
    children:
      - name: Keeping promises
  - name: Café culture
    aliases: [Cafes]
themes:
  - name: Being reliable
    codes: [Turning up, Keeping promises]
    children:
      - name: Informal contact
        codes: [cafes]
"""


def test_dump_writes_an_id_for_every_code_and_theme(wb: Workbench, tmp_path: Path) -> None:
    wb.codebook.load(write(tmp_path / "no-ids.yaml", NO_IDS))
    text = wb.codebook.dump()
    data = yaml.safe_load(text)
    turning = data["codes"][0]
    assert (turning["name"], turning["id"]) == ("Turning up", "turning-up")
    assert turning["children"][0]["id"] == "keeping-promises"
    assert data["codes"][1]["id"] == "cafe-culture"
    theme = data["themes"][0]
    assert theme["id"] == "being-reliable"
    assert theme["codes"] == ["turning-up", "keeping-promises"]
    assert theme["children"][0]["id"] == "informal-contact"
    assert theme["children"][0]["codes"] == ["cafe-culture"]
    # Ids given once stay put: the dump loads back unchanged.
    assert wb.codebook.load(write(tmp_path / "again.yaml", text)).unchanged


def test_code_missing_from_the_file_is_retired_and_keeps_its_codings(
    wb: Workbench, tmp_path: Path, interview: Path
) -> None:
    wb.codebook.load(CODEBOOK)
    wb.transcripts.import_files([interview])
    coded = code_on(wb, "time-and-persistence", "Every week")
    smaller = write(tmp_path / "smaller.yaml",
                    drop_code(SOURCE, "Time and persistence", "time-and-persistence"))
    report = wb.codebook.load(smaller)
    assert report.retired == ("Time and persistence",) and report.deleted == ()
    assert "time-and-persistence" not in {c.id for c in wb.codes.list()}
    retired = wb.codes.get("time-and-persistence")
    assert retired.status == "retired" and retired.codings == 1
    assert [e.id for e in wb.coding.extracts(["time-and-persistence"])] == [coded]
    assert "time-and-persistence" not in themes(wb)["relationship-based-practice"][1]


def test_prune_deletes_only_codes_without_codings(
    wb: Workbench, tmp_path: Path, interview: Path
) -> None:
    wb.codebook.load(CODEBOOK)
    wb.transcripts.import_files([interview])
    code_on(wb, "time-and-persistence", "Every week")
    text = drop_code(SOURCE, "Time and persistence", "time-and-persistence")
    text = drop_code(text, "Professional boundaries", "professional-boundaries")
    report = wb.codebook.load(write(tmp_path / "pruned.yaml", text), prune=True)
    assert report.deleted == ("Professional boundaries",)
    assert report.retired == ("Time and persistence",)
    with pytest.raises(NotFound):
        wb.codes.get("professional-boundaries")
    assert wb.codes.get("time-and-persistence").codings == 1
    assert "professional-boundaries" not in themes(wb)["ethically-grounded-approach"][1]


def test_code_without_id_and_close_definition_becomes_a_rename(
    wb: Workbench, tmp_path: Path, interview: Path
) -> None:
    wb.codebook.load(CODEBOOK)
    wb.transcripts.import_files([interview])
    coded = code_on(wb, "time-and-persistence", "Every week")
    text = SOURCE.replace(
        "  - name: Time and persistence\n    id: time-and-persistence\n"
        "    aliases: [Persistence, Patience]\n",
        "  - name: Staying the course\n",
    ).replace("over a long period", "over a long time")
    text = text.replace("time-and-persistence, warmth", "Staying the course, warmth")
    report = wb.codebook.load(write(tmp_path / "renamed.yaml", text))
    assert report.added == () and report.retired == ()
    assert len(report.renamed) == 1
    assert report.renamed[0].startswith("Time and persistence -> Staying the course")
    assert "definition" in report.renamed[0]
    code = wb.codes.get("time-and-persistence")
    assert code.name == "Staying the course" and "Time and persistence" in code.aliases
    assert code.codings == 1
    assert wb.coding.extracts(["Staying the course"])[0].id == coded
    with wb.store.read() as s:
        assert CodeIndex(s).get("Time and persistence").key == "time-and-persistence"
    assert "time-and-persistence" in themes(wb)["relationship-based-practice"][1]
    assert "id: time-and-persistence\n" in wb.codebook.dump()


def test_code_without_id_named_by_an_alias_is_matched(wb: Workbench, tmp_path: Path) -> None:
    wb.codebook.load(CODEBOOK)
    text = SOURCE.replace(
        "  - name: Consistency of worker\n    id: consistency-of-worker\n"
        "    aliases: [Consistent worker]\n",
        "  - name: Consistent worker\n",
    ).replace("codes: [consistency-of-worker,", "codes: [Consistent worker,")
    report = wb.codebook.load(write(tmp_path / "alias.yaml", text))
    assert report.added == () and report.retired == ()
    assert report.renamed == ("Consistency of worker -> Consistent worker (matched by alias)",)
    code = wb.codes.get("consistency-of-worker")
    assert code.name == "Consistent worker" and code.aliases == ("Consistency of worker",)
    assert wb.codes.get("following-through").parent == "consistency-of-worker"
    assert themes(wb)["relationship-based-practice"][1][0] == "consistency-of-worker"


def test_load_refuses_to_overwrite_project_edits_unless_theirs(
    wb: Workbench, tmp_path: Path
) -> None:
    wb.codebook.load(CODEBOOK)
    wb.codes.edit("consistency-of-worker", definition="Edited in the project.")
    theirs = write(tmp_path / "theirs.yaml", SOURCE.replace(
        "The worker is reliable and predictable over time", "Edited in the file"
    ))
    events = len(wb.history.log())
    with pytest.raises(Conflict) as err:
        wb.codebook.load(theirs)
    message = str(err.value)
    assert "theirs.yaml" in message and "Consistency of worker (definition)" in message
    assert err.value.options == ("theirs",)  # the CLI shows it as --theirs
    assert wb.codes.get("consistency-of-worker").definition == "Edited in the project."
    assert len(wb.history.log()) == events
    report = wb.codebook.load(theirs, theirs=True)
    assert report.changed == ("Consistency of worker",)
    assert wb.codes.get("consistency-of-worker").definition.startswith("Edited in the file")


def test_dump_makes_project_edits_the_new_baseline(wb: Workbench, tmp_path: Path) -> None:
    wb.codebook.load(CODEBOOK)
    wb.codes.edit("professional-boundaries", definition="Edited in the project.")
    ours = write(tmp_path / "ours.yaml", wb.codebook.dump())
    changed = write(tmp_path / "changed.yaml", ours.read_text(encoding="utf-8").replace(
        "Edited in the project.", "Edited again in the file."
    ))
    assert wb.codebook.load(changed).changed == ("Professional boundaries",)


def test_loading_the_same_file_twice_is_unchanged(wb: Workbench) -> None:
    wb.codebook.load(CODEBOOK)
    events = len(wb.history.log())
    again = wb.codebook.load(CODEBOOK)
    assert again.unchanged
    assert len(wb.history.log()) == events
    assert len(wb.codes.list()) == ALL_CODES


def test_malformed_yaml_names_file_and_line_and_changes_nothing(
    wb: Workbench, tmp_path: Path
) -> None:
    wb.codebook.load(CODEBOOK)
    before = wb.codebook.dump()
    broken = write(
        tmp_path / "broken.yaml",
        SOURCE.replace("    colour: \"#2a9d8f\"\n", "    colour: [\"#2a9d8f\"\n"),
    )
    line = SOURCE.split("\n").index('    colour: "#2a9d8f"') + 1
    with pytest.raises(InputError) as err:
        wb.codebook.load(broken)
    assert err.value.file is not None and err.value.file.endswith("broken.yaml")
    assert err.value.line is not None and line <= err.value.line <= line + 2
    assert f"broken.yaml:{err.value.line}" in str(err.value)
    assert wb.codebook.dump() == before
    assert len(wb.codes.list()) == ALL_CODES
