"""Counts in service messages read as English: "1 field", "2 fields", never "field(s)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from themework.domain.errors import InputError
from themework.ingest.survey import read_survey
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench


@pytest.mark.parametrize(
    ("fields", "said"),
    [({"colour_": "red"}, "unknown code field: colour_"),
     ({"colour_": "red", "memo": "m"}, "unknown code fields: colour_, memo")],
)
def test_unknown_code_fields_are_counted_in_words(
    wb: Workbench, fields: dict[str, str], said: str
) -> None:
    with pytest.raises(InputError) as added:
        wb.codes.add("Trust", **fields)
    assert str(added.value) == said
    wb.codes.add("Trust")
    with pytest.raises(InputError) as edited:
        wb.codes.edit("Trust", **fields)
    assert str(edited.value) == said


@pytest.mark.parametrize(
    ("count", "said"),
    [(1, "coding {0} is not a coding of 'Trust'"),
     (2, "codings {0}, {1} are not codings of 'Trust'")],
)
def test_split_names_codings_of_another_code_in_words(
    wb: Workbench, interview: Path, count: int, said: str
) -> None:
    wb.transcripts.import_files([interview])
    wb.codes.add("Trust")
    wb.codes.add("Other")
    ids = [wb.coding.apply(CodingRequest("P01", "Other", Target(turn=n))).id for n in (1, 2)]
    with pytest.raises(InputError) as err:
        wb.codes.split("Trust", "New", coding_ids=ids[:count])
    assert str(err.value) == said.format(*ids)


@pytest.mark.parametrize(
    ("labels", "said"),
    [(["Jane Smith"], "1 speaker label looks like a name and has no pseudonym"),
     (["Jane Smith", "Sam Jones"], "2 speaker labels look like names and have no pseudonym")],
)
def test_unmapped_speaker_labels_are_counted_in_words(
    wb: Workbench, tmp_path: Path, labels: list[str], said: str
) -> None:
    cues = "".join(
        f"{n}\n00:00:0{n}.000 --> 00:00:0{n + 1}.000\n<v {label}>Hello there.</v>\n\n"
        for n, label in enumerate(labels, 1)
    )
    vtt = tmp_path / "call.vtt"
    vtt.write_text("WEBVTT\n\n" + cues, encoding="utf-8")
    assert said in wb.transcripts.import_files([vtt]).files[0].message


@pytest.mark.parametrize(
    ("table", "said"),
    [("id\nR1,extra\n", "row has 2 cells but the header names 1 column"),
     ("id,Q1\nR1,a,b\n", "row has 3 cells but the header names 2 columns")],
)
def test_survey_rows_too_wide_are_counted_in_words(
    tmp_path: Path, table: str, said: str
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_survey(path)
    assert said in str(err.value)
