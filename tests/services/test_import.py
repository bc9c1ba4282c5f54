"""Importing transcripts through the service: identity, participants, bad input, replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import INTERVIEW, SAMPLES, write
from themework.domain.errors import InputError
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


def test_sample_corpus_imports_every_format(wb: Workbench) -> None:
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".vtt", ".docx"))
    report = wb.transcripts.import_files(files, attributes=SAMPLES / "participants.csv")
    assert not report.failed
    by_name = {f.name: f for f in report.files}
    assert {by_name["P06"].format, by_name["P08"].format, by_name["P01"].format} == {
        "vtt", "docx", "txt"
    }
    assert by_name["FG01-site-b"].participants == ("FG1", "FG2", "FG3", "FG4", "FG5")
    people = {p.pseudonym: p for p in wb.participants.list()}
    assert people["P04"].quote_consent is False
    assert people["P01"].attributes["site"] == "Site A"
    listed = {t.name: t for t in wb.transcripts.list()}
    assert listed["P01"].words > 1200 and listed["P01"].turns == by_name["P01"].turns


def test_turns_number_from_one_and_spans_hold_the_utterance(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    t = wb.transcripts.text("P01")
    assert [turn.index for turn in t.turns] == list(range(1, 7))
    second = t.turns[1]
    assert t.text[second.label_start : second.label_end] == "P01"
    assert t.text[second.start : second.end].startswith("Mostly by turning up")
    assert t.text[second.start : second.end].endswith("it matters.")  # continuation line
    assert second.participant == "P01" and t.turns[0].role == "interviewer"


def test_reimport_identical_text_is_a_no_op(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    again = wb.transcripts.import_files([interview])
    assert again.files[0].status == "unchanged"
    assert len(wb.transcripts.list()) == 1


def test_same_stem_from_two_folders_gets_two_names(wb: Workbench, tmp_path: Path) -> None:
    a = write(tmp_path / "siteA" / "P01.txt", INTERVIEW)
    b = write(tmp_path / "siteB" / "P01.txt", INTERVIEW.replace("Every week", "Each week"))
    report = wb.transcripts.import_files([a, b])
    assert sorted(f.name for f in report.files) == ["siteA-P01", "siteB-P01"]


def test_changed_text_under_existing_name_needs_replace(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    write(interview, INTERVIEW.replace("Every week", "Each week"))
    report = wb.transcripts.import_files([interview])
    assert report.files[0].status == "failed"
    assert "replace it to correct it" in report.files[0].message
    assert report.files[0].options == ("replace", "name")  # the CLI names them as its flags


def test_replace_reanchors_codings_and_flags_lost_ones(wb: Workbench, interview: Path) -> None:
    wb.transcripts.import_files([interview])
    keep = wb.codes.add("Turning up")
    gone = wb.codes.add("Privacy")
    e1 = wb.coding.apply(CodingRequest("P01", keep.id, Target(match="same time")))
    e2 = wb.coding.apply(CodingRequest("P01", gone.id, Target(match="keep private")))
    edited = INTERVIEW.replace("How do you", "In your work, how do you").replace(
        "what I can and cannot keep private", "the limits"
    )
    write(interview, edited)
    report = wb.transcripts.import_files([interview], replace=True)
    assert report.files[0].status == "replaced"
    assert report.files[0].flagged == (e2.id,)
    ex = {e.id: e for e in wb.coding.extracts()}
    assert ex[e1.id].text == "same time" and not ex[e1.id].flagged
    assert ex[e1.id].start == e1.start + len("In your work, ")
    assert ex[e2.id].flagged  # kept, never dropped
    assert len(ex) == 2


def test_unmapped_name_labels_are_refused_and_listed(wb: Workbench, tmp_path: Path) -> None:
    vtt = write(
        tmp_path / "call.vtt",
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Hello there.</v>\n\n"
        "2\n00:00:05.000 --> 00:00:08.000\n<v Sam Jones>Hi, thanks for having me.</v>\n",
    )
    report = wb.transcripts.import_files([vtt])
    assert report.files[0].status == "failed"
    message = report.files[0].message
    assert "J*** S****, S** J****" in message and "speaker map" in message
    assert "Jane" not in message and "Jones" not in message  # masked unless asked
    assert "they can be shown in full" in message
    assert report.files[0].options == ("speaker_map", "show_identifiers")
    shown = wb.transcripts.import_files([vtt], show_identifiers=True).files[0]
    assert "Jane Smith, Sam Jones" in shown.message and "shown in full" not in shown.message
    assert shown.options == ("speaker_map",)
    assert wb.transcripts.list() == []
    smap = write(tmp_path / "map.csv", "label,pseudonym\nJane Smith,interviewer\nSam Jones,P12\n")
    ok = wb.transcripts.import_files([vtt], speaker_map=smap)
    assert ok.files[0].status == "imported" and ok.files[0].participants == ("P12",)
    text = wb.transcripts.text("call")
    assert "Jane" not in text.text and "Sam Jones" not in text.text
    assert [t.speaker for t in text.turns] == ["Interviewer", "P12"]


@pytest.mark.parametrize("label", ["P09998", "P00001", "R10234", "FG2_P4", "Respondent 0042"])
def test_participant_codes_with_more_digits_import_without_a_map(
    wb: Workbench, tmp_path: Path, label: str
) -> None:
    path = write(tmp_path / "long.txt", INTERVIEW.replace("P01:", f"{label}:"))
    report = wb.transcripts.import_files([path])
    assert report.files[0].status == "imported", report.files[0].message
    assert report.files[0].participants == (label,)


def test_consecutive_cues_merge_with_timestamps(wb: Workbench, tmp_path: Path) -> None:
    vtt = write(
        tmp_path / "P06.vtt",
        "WEBVTT\n\nab12/1-0\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>Tell me.</v>\n\n"
        "ab12/2-0\n00:00:05.000 --> 00:00:08.000\n<v P06>First part.</v>\n\n"
        "ab12/2-1\n00:00:08.500 --> 00:00:11.000\n<v P06>Second part.</v>\n",
    )
    wb.transcripts.import_files([vtt])
    turns = wb.transcripts.text("P06").turns
    assert len(turns) == 2
    assert (turns[1].start_s, turns[1].end_s) == (5.0, 11.0)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00", "binary"),
        (b"just some words without any speaker at all\n", "no speaker turns"),
    ],
)
def test_bad_files_are_named_and_leave_nothing(
    wb: Workbench, tmp_path: Path, interview: Path, content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    report = wb.transcripts.import_files([bad, interview])
    status = {f.name: f for f in report.files}
    assert status["bad"].status == "failed"
    assert problem in status["bad"].message and "bad.txt" in status["bad"].message
    assert status["P01"].status == "imported"
    assert [t.name for t in wb.transcripts.list()] == ["P01"]


def test_attributes_naming_unknown_participant_refuse_whole_import(
    wb: Workbench, tmp_path: Path, interview: Path
) -> None:
    attrs = write(tmp_path / "people.csv", "participant,site\nP01,Site A\nP77,Site B\n")
    with pytest.raises(InputError) as err:
        wb.transcripts.import_files([interview], attributes=attrs)
    assert "P77" in str(err.value) and "people.csv:3" in str(err.value)
    assert wb.transcripts.list() == []


def test_focus_group_and_repeat_interview(wb: Workbench, tmp_path: Path) -> None:
    fg = write(
        tmp_path / "FG.txt",
        "Facilitator: Welcome.\nFG1: Thanks.\nFG2: Hello.\nFacilitator: Go on.\nFG1: Right.\n",
    )
    w2 = write(tmp_path / "FG1-wave2.txt", "Interviewer: Again?\nFG1: Yes, again.\n")
    wb.transcripts.import_files([fg, w2])
    people = {p.pseudonym: p for p in wb.participants.list()}
    assert people["FG1"].transcripts == ("FG", "FG1-wave2")
    assert people["FG2"].transcripts == ("FG",)


def test_import_then_undo_removes_transcript_and_redo_restores_search(
    wb: Workbench, interview: Path
) -> None:
    wb.transcripts.import_files([interview])
    assert wb.transcripts.search("turning")
    wb.history.undo()
    assert wb.transcripts.list() == []
    assert wb.transcripts.search("turning") == []
    wb.history.redo()
    assert [t.name for t in wb.transcripts.list()] == ["P01"]
    hits = wb.transcripts.search("turning")
    assert hits and hits[0].turn == 2


def _mixed_batch(tmp_path: Path) -> list[Path]:
    """Good files, a repeat interview, a duplicate, an unreadable file and one with an
    identifier in it: every outcome a prepared file can have."""
    folder = tmp_path / "batch"
    files = [write(folder / f"S{n:02d}.txt", f"Interviewer: Why?\nS{n:02d}: Week {n} helps.\n")
             for n in range(1, 7)]
    files.append(write(folder / "copy.txt", "Interviewer: Why?\nS01: Week 1 helps.\n"))
    bad = folder / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    files.append(bad)
    files.append(write(folder / "leak.txt", "Interviewer: Why?\nS09: Call me on 07700 900123.\n"))
    return files


def _outcome(report: object) -> list[tuple[str, str, int, tuple[str, ...]]]:
    return [(f.name, f.status, f.turns, f.participants) for f in report.files]  # type: ignore[attr-defined]


def test_large_imports_prepare_files_in_worker_processes_with_the_same_outcome(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    from themework.services import importing, transcript_import

    files = _mixed_batch(tmp_path)
    started: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(workers: int, **kwargs: object) -> concurrent.futures.ProcessPoolExecutor:
        started.append(workers)
        return real_pool(workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(importing, "_cores", lambda: 3)  # one core stays with the import
    monkeypatch.setattr(transcript_import, "BATCH", 3)  # stored in chunks while workers read on
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    report = wb.transcripts.import_files(files)
    assert started == [2]  # the files really went to two worker processes
    got = {name: (status, turns) for name, status, turns, _ in _outcome(report)}
    assert got["S03"] == ("imported", 2)
    assert got["copy"][0] == "unchanged"  # same text as S01, found across workers
    assert got["bad"][0] == "failed" and got["leak"][0] == "failed"
    leak = next(f for f in report.files if f.name == "leak")
    assert "leak.txt" in leak.message and "phone" in leak.message
    assert sorted(t.name for t in wb.transcripts.list()) == [f"S{n:02d}" for n in range(1, 7)]
    assert [(h.transcript, h.turn) for h in wb.transcripts.search("week 4")] == [("S04", 2)]


def test_without_worker_processes_the_import_prepares_files_itself(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures
    import threading

    from themework.services import importing

    def no_pool(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # a container without /dev/shm

    monkeypatch.setattr(importing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(importing, "_cores", lambda: 2)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    files = _mixed_batch(tmp_path)
    report = wb.transcripts.import_files(files)
    assert [f.name for f in report.files if f.status == "imported"] == [
        f"S{n:02d}" for n in range(1, 7)
    ]
    # From a thread (as the TUI imports) nothing is forked: it never reaches the pool.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", None)
    more = [write(tmp_path / "more" / f"T{n}.txt", f"Interviewer: Why?\nT{n}: Because.\n")
            for n in range(1, 4)]
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(wb.transcripts.import_files(more)))
    worker.start()
    worker.join()
    assert [f.status for f in done[0].files] == ["imported"] * 3  # type: ignore[attr-defined]


def test_a_worker_that_dies_leaves_the_rest_to_the_import_itself(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    from themework.services import importing

    class DyingPool:
        """Prepares two files, then its worker is gone (killed, out of memory)."""

        def __init__(self, workers: int, **kwargs: object) -> None:
            # What _start_worker does in a real worker, less tying this process to its parent.
            monkeypatch.setattr(importing, "_settings", kwargs["initargs"][0])  # type: ignore[index]
            self.sent = 0

        def submit(self, fn, parcel):  # type: ignore[no-untyped-def]
            self.sent += 1
            alive = self.sent <= 2

            class Outcome:
                def result(self):  # type: ignore[no-untyped-def]
                    if not alive:
                        raise BrokenProcessPool("a worker died")
                    return fn(parcel)

            return Outcome()

        def shutdown(self, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(importing, "PARCEL", 1)
    monkeypatch.setattr(importing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(importing, "_cores", lambda: 2)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", DyingPool)
    report = wb.transcripts.import_files(_mixed_batch(tmp_path))
    assert [f.name for f in report.files if f.status == "imported"] == [
        f"S{n:02d}" for n in range(1, 7)
    ]
    assert {f.name for f in report.files if f.status == "failed"} == {"bad", "leak"}


def test_an_attributes_row_naming_nobody_leaves_nothing_even_after_chunks_were_stored(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from themework.services import transcript_import

    monkeypatch.setattr(transcript_import, "BATCH", 2)  # five files: three chunks stored first
    files = [write(tmp_path / "in" / f"S{n}.txt", f"Interviewer: Why?\nS{n}: Because {n}.\n")
             for n in range(1, 6)]
    attrs = write(tmp_path / "people.csv", "participant,site\nS1,Site A\nS9,Site B\n")
    with pytest.raises(InputError) as err:
        wb.transcripts.import_files(files, attributes=attrs)
    assert "S9" in str(err.value) and "people.csv:3" in str(err.value)
    assert wb.transcripts.list() == [] and wb.participants.list() == []
    assert wb.transcripts.search("because") == []
    assert all(e.action != "transcript.import" for e in wb.history.log())


def test_workers_prepare_only_a_few_files_ahead_of_those_stored(
    wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file went to the workers at once, and what they prepared waited in memory until
    stored: 465 MB for 10,000 files. Now a few parcels at a time go out."""
    import concurrent.futures

    from themework.services import importing, transcript_import

    handed: list[int] = []  # files handed to the workers so far, one entry per task

    class CountingPool(concurrent.futures.ProcessPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            handed.append(len(args[-1]))  # a parcel (or, through map, a chunk) of files
            return super().submit(fn, *args, **kwargs)

    files = [write(tmp_path / "in" / f"S{n:02d}.txt", f"Interviewer: Why?\nS{n:02d}: As {n}.\n")
             for n in range(1, 41)]
    monkeypatch.setattr(importing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(importing, "_cores", lambda: 2)
    monkeypatch.setattr(importing, "PARCEL", 2)
    monkeypatch.setattr(importing, "AHEAD", 2)
    monkeypatch.setattr(transcript_import, "BATCH", 4)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountingPool)
    when_stored: list[int] = []
    report = wb.transcripts.import_files(
        files, progress=lambda done, total: when_stored.append(sum(handed))
    )
    assert [f.status for f in report.files] == ["imported"] * 40
    assert len(wb.transcripts.list()) == 40
    # The first 4 files stored: 2 parcels of 2 came back and 2 more went out, 8 in all.
    assert when_stored[0] == 8
