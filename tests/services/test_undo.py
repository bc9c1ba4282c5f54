"""Undo and redo of each kind of change, and refusals when others depend on a change."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import CODEBOOK, as_coder, write
from themework.domain.errors import InputError, NotFound, UndoRefused
from themework.services import coding as coding_service
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench

SOURCE = CODEBOOK.read_text(encoding="utf-8")


@pytest.fixture
def ready(wb: Workbench, interview: Path) -> Workbench:
    wb.transcripts.import_files([interview])
    wb.codes.add("Turning up")
    wb.codes.add("Honesty")
    return wb


def req(code: str, turn: int, coder: str | None = None) -> CodingRequest:
    return CodingRequest("P01", code, Target(turn=turn), coder=coder)


def spans(wb: Workbench) -> list[tuple[str, int | None, str]]:
    return [(e.code, e.turn, e.coder) for e in wb.coding.extracts()]


def test_undo_and_redo_a_coding(ready: Workbench) -> None:
    ex = ready.coding.apply(req("Turning up", 2))
    undone = ready.history.undo()
    assert [e.action for e in undone] == ["coding.apply"]
    assert ready.coding.extracts() == []
    redone = ready.history.redo()
    assert [e.action for e in redone] == ["coding.apply"]
    again = ready.coding.extracts()
    assert [(e.id, e.text) for e in again] == [(ex.id, ex.text)]
    with pytest.raises(UndoRefused):
        ready.history.redo()


def test_one_undo_reverts_a_whole_bulk_apply(ready: Workbench, tmp_path: Path) -> None:
    ready.coding.apply(req("Honesty", 4))
    csv = write(tmp_path / "bulk.csv", "transcript,code,turn,memo\n"
                "P01,Turning up,2,why\nP01,Turning up,4,\nP01,Honesty,2,\n")
    ready.coding.apply_csv(csv)
    assert len(ready.coding.extracts()) == 4
    ready.history.undo()
    assert spans(ready) == [("honesty", 4, "alice")]
    assert ready.memos.list() == []
    ready.history.redo()
    assert len(ready.coding.extracts()) == 4 and [m.text for m in ready.memos.list()] == ["why"]



def test_a_bulk_apply_stored_in_parts_is_one_change(
    ready: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A large CSV is stored and recorded a part at a time (bounded memory): still one
    # change for undo and redo, every part named in the log, and all or nothing.
    monkeypatch.setattr(coding_service, "BULK_CHUNK", 2)
    lines = ["P01,Turning up,2,why", "P01,Turning up,4,", "P01,Honesty,2,",
             "P01,Honesty,4,", "P01,Turning up,6,"]
    bad = write(tmp_path / "bad.csv", "transcript,code,turn,memo\n" + "\n".join(
        [*lines[:4], "P01,Honesty,99,"]) + "\n")
    with pytest.raises(InputError) as err:
        ready.coding.apply_csv(bad)
    assert err.value.line == 6
    assert ready.coding.extracts() == [] and ready.memos.list() == []
    csv = write(tmp_path / "bulk.csv", "transcript,code,turn,memo\n" + "\n".join(lines) + "\n")
    assert len(ready.coding.apply_csv(csv)) == 5
    events = [e for e in ready.history.log() if e.action == "coding.apply"]
    assert [e.summary for e in events] == [
        "applied 5 codings (codings 1 to 2)", "applied 5 codings (codings 3 to 4)",
        "applied 5 codings (codings 5 to 5)",
    ]
    assert len({e.batch_id for e in events}) == 1
    ready.history.undo()
    assert ready.coding.extracts() == [] and ready.memos.list() == []
    ready.history.redo()
    assert len(ready.coding.extracts()) == 5 and [m.text for m in ready.memos.list()] == ["why"]


def test_repeated_undo_walks_back_and_stops(ready: Workbench) -> None:
    ready.coding.apply(req("Turning up", 2))
    ready.coding.apply(req("Honesty", 4))
    ready.history.undo()
    assert spans(ready) == [("turning-up", 2, "alice")]
    ready.history.undo()
    assert ready.coding.extracts() == []
    ready.history.undo()  # the second code.add
    ready.history.undo()  # the first
    assert ready.codes.list() == []
    ready.history.undo()  # the import
    assert ready.transcripts.list() == []
    with pytest.raises(UndoRefused) as err:
        ready.history.undo()
    assert "nothing to undo" in str(err.value)
    # Redo walks forward again, most recently undone first.
    ready.history.redo()
    assert [t.name for t in ready.transcripts.list()] == ["P01"]
    ready.history.redo()
    assert [c.name for c in ready.codes.list()] == ["Turning up"]


def test_undo_rename(ready: Workbench) -> None:
    ready.codes.rename("Turning up", "Reliability")
    ready.history.undo()
    code = ready.codes.get("turning-up")
    assert code.name == "Turning up" and code.aliases == ()
    with pytest.raises(NotFound):
        ready.codes.get("Reliability")
    ready.history.redo()
    assert ready.codes.get("turning-up").name == "Reliability"


def test_undo_merge_puts_codings_back_on_the_source(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    wb.codebook.load(CODEBOOK)
    wb.coding.apply(req("young-persons-voice", 2))
    wb.coding.apply(req("choice-and-control", 2))
    wb.coding.apply(req("young-persons-voice", 4, coder="bob"))
    before = sorted(spans(wb))
    wb.codes.merge(["young-persons-voice"], into="choice-and-control")
    assert {e.code for e in wb.coding.extracts()} == {"choice-and-control"}
    wb.history.undo()
    assert sorted(spans(wb)) == before
    voice = wb.codes.get("young-persons-voice")
    assert voice.status == "active" and voice.codings == 2
    assert wb.codes.get("participation-in-meetings").parent == "young-persons-voice"
    assert wb.codes.get("choice-and-control").aliases == ("Choice", "Autonomy")
    assert "young-persons-voice" in wb.themes.get("child-centred-practice").codes
    wb.history.redo()
    assert {e.code for e in wb.coding.extracts()} == {"choice-and-control"}
    assert wb.codes.get("Young person's voice").id == "choice-and-control"


def test_undo_split(ready: Workbench) -> None:
    ready.coding.apply(req("Turning up", 2))
    moving = ready.coding.apply(req("Turning up", 4)).id
    ready.codes.split("Turning up", "Honest contact", coding_ids=[moving])
    ready.history.undo()
    assert "Honest contact" not in {c.name for c in ready.codes.list()}
    assert ready.codes.get("Turning up").codings == 2
    ready.history.redo()
    assert [e.id for e in ready.coding.extracts(["Honest contact"])] == [moving]


def test_undo_codebook_load(wb: Workbench, tmp_path: Path) -> None:
    wb.codebook.load(CODEBOOK)
    changed = write(tmp_path / "changed.yaml", SOURCE.replace(
        "The worker is reliable and predictable over time", "Changed in the file"
    ))
    assert wb.codebook.load(changed).changed == ("Consistency of worker",)
    wb.history.undo()
    definition = wb.codes.get("consistency-of-worker").definition
    assert definition.startswith("The worker is reliable")
    # Undoing the load is not an edit of the project's own: the file loads again.
    assert wb.codebook.load(changed).changed == ("Consistency of worker",)
    wb.history.undo()
    wb.history.undo()  # the first load
    assert wb.codes.list() == [] and wb.themes.list() == []
    wb.history.redo()
    assert len(wb.codes.list()) == 21 and len(wb.themes.list()) == 4


def test_undo_import(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    wb.history.undo()
    assert wb.transcripts.list() == [] and wb.participants.list() == []
    wb.history.redo()
    assert [t.name for t in wb.transcripts.list()] == ["P01"]
    assert wb.transcripts.text("P01").turns[1].participant == "P01"


def test_undo_memo(ready: Workbench) -> None:
    ready.memos.add("code:Honesty", "Careful with this one.")
    ready.history.undo()
    assert ready.memos.list() == []
    ready.history.redo()
    assert [(m.target, m.text) for m in ready.memos.list()] == [
        ("code:honesty", "Careful with this one.")
    ]


def test_undo_is_refused_when_another_coder_built_on_the_change(ready: Workbench) -> None:
    ready.codes.add("Boundaries")
    bob = as_coder(ready, "bob")
    bob.coding.apply(req("Boundaries", 4))
    bobs = [e for e in ready.history.log() if e.coder == "bob"]
    with pytest.raises(UndoRefused) as err:
        ready.history.undo()
    assert f"#{bobs[-1].id} coding.apply by bob" in str(err.value)
    assert "Boundaries" in {c.name for c in ready.codes.list()}
    assert len(ready.coding.extracts()) == 1


def test_undo_allowed_once_the_other_coder_undid_their_change(ready: Workbench) -> None:
    ready.codes.add("Boundaries")
    bob = as_coder(ready, "bob")
    bob.coding.apply(req("Boundaries", 4))
    bob.history.undo()
    ready.history.undo()
    assert "Boundaries" not in {c.name for c in ready.codes.list()}
    # Bob cannot bring his coding back onto a code that no longer exists.
    with pytest.raises(UndoRefused):
        bob.history.redo()
    assert ready.coding.extracts() == []


def test_redo_refused_after_a_new_change(ready: Workbench) -> None:
    ready.coding.apply(req("Turning up", 2))
    ready.history.undo()
    ready.coding.apply(req("Honesty", 4))
    with pytest.raises(UndoRefused) as err:
        ready.history.redo()
    assert "after the last undo" in str(err.value)
    assert spans(ready) == [("honesty", 4, "alice")]


def test_log_lists_events_with_coders(ready: Workbench) -> None:
    ready.coding.apply(req("Turning up", 2))
    as_coder(ready, "bob").coding.apply(req("Honesty", 4))
    ready.history.undo()
    log = ready.history.log()
    assert [(e.action, e.coder) for e in log] == [
        ("project.create", "alice"), ("transcript.import", "alice"), ("code.add", "alice"),
        ("code.add", "alice"), ("coding.apply", "alice"), ("coding.apply", "bob"),
        ("undo", "alice"),
    ]
    assert log[4].undone and not log[5].undone and log[6].reverts_id == log[4].id
    assert "coded P01" in log[4].summary and "Turning up" in log[4].summary
    assert [e.action for e in ready.history.log(coder="bob")] == ["coding.apply"]
    assert ready.history.log(coder="nobody") == []


def test_codings_credited_to_another_coder_are_undone_by_who_applied_them(
    ready: Workbench,
) -> None:
    ready.coding.apply(req("Honesty", 4))
    ready.coding.apply(req("Turning up", 2, coder="carol"))
    assert ready.history.log()[-1].coder == "alice"
    ready.history.undo()
    assert spans(ready) == [("honesty", 4, "alice")]
    with pytest.raises(UndoRefused):
        as_coder(ready, "carol").history.undo()


def test_undo_a_pruning_load_brings_back_codes_children_and_memos(
    wb: Workbench, interview: Path, tmp_path: Path
) -> None:
    wb.transcripts.import_files([interview])
    wb.codebook.load(CODEBOOK)
    wb.coding.apply(req("participation-in-meetings", 2))
    wb.memos.add("code:young-persons-voice", "Voice matters.")
    smaller = SOURCE.replace("  - name: Young person's voice\n", "  - name: Gone\n", 1)
    smaller = smaller[: smaller.index("  - name: Gone\n")] + smaller[
        smaller.index("  - name: Choice and control\n"):
    ]
    smaller = smaller.replace("young-persons-voice, participation-in-meetings, ", "")
    report = wb.codebook.load(write(tmp_path / "smaller.yaml", smaller), prune=True)
    assert report.deleted == ("Young person's voice",)
    assert report.retired == ("Participation in meetings",)
    assert wb.codes.get("participation-in-meetings").parent is None
    wb.history.undo()
    child = wb.codes.get("participation-in-meetings")
    assert child.parent == "young-persons-voice" and child.status == "active"
    assert [(m.target, m.text) for m in wb.memos.list()] == [
        ("code:young-persons-voice", "Voice matters.")
    ]
    assert wb.codes.get("young-persons-voice").codings == 0
