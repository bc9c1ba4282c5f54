"""Fuzzing every reader, the codebook loader and linter with hypothesis.

Each input either reads or is refused with a ``ThemeworkError`` (one clear line on the
command line); anything else would reach the user as "internal error". Inputs given to a
project through its services leave it unchanged when refused. ``THEMEWORK_FUZZ_EXAMPLES``
(default 25) sets the examples per probe.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from crash_kit import state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import CODEBOOK, INTERVIEW, SAMPLES, write
from themework.domain.codebook import parse_codebook
from themework.domain.codebook_lint import lint_codebook
from themework.domain.errors import ThemeworkError
from themework.ingest import read_transcript
from themework.ingest.csvfiles import read_attributes, read_speaker_map
from themework.ingest.survey import read_survey
from themework.refi.qdc import read_qdc_file, write_qdc
from themework.services.workbench import Workbench
from themework.store.location import from_string

EXAMPLES = int(os.environ.get("THEMEWORK_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- inputs: lines made of the pieces each format is built from, and noise ------------------

PIECES = [
    "Interviewer:", "P01:", "P02 :", "[00:00:05] P01:", "Jane Smith:", "WEBVTT", "NOTE x",
    "00:00:01.000 --> 00:00:02.500", "00:00:01,000 --> 00:00:02,500", "99:99:99.999 --> 0",
    "1", "-->", "<v Jane>hello</v>", "pseudonym,role,site", "P01,social worker,A",
    "label,participant", "Jane Smith,P01", "resp_id,Q1,site", "r1,\"quoted, answer\",A",
    "codes:", "  - name: Trust", "    id: trust", "    parent: trust", "themes:",
    "&a [1, 2]", "*a", "!!python/object:os.system", "{{extract:99999999999999999999}}",
    "\x00", "\x1b]52;c;cHduZWQ=\x07", "\ufeff", "\r", "\t", "é", "\U0001f600", "x" * 300,
]
LINE = st.lists(st.sampled_from(PIECES) | st.text(max_size=40), max_size=6).map(" ".join)
TEXT = st.lists(LINE, max_size=30).map("\n".join)
ENCODED = st.one_of(
    TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    TEXT.map(lambda t: t.encode("utf-16", "surrogatepass")),
    TEXT.map(lambda t: t.encode("latin-1", "replace")),
    st.binary(max_size=2_000),
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """A zip-based file with its members' XML damaged, or its raw bytes flipped."""
    if draw(st.booleans()):
        data = bytearray(original)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        victim = draw(st.sampled_from(names))
        for name in names:
            body = src.read(name)
            if name == victim and body:
                at = draw(st.integers(0, len(body)))
                cut = draw(st.integers(0, 200))
                body = body[:at] + draw(ENCODED)[:500] + body[at + cut :]
            dst.writestr(name, body)
    return out.getvalue()


@contextmanager
def as_file(data: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        yield path


def reads_or_refuses(reader: Callable[[Path], Any], data: bytes, suffix: str) -> None:
    with as_file(data, suffix) as path, suppress(ThemeworkError):
        reader(path)


# -- the readers on their own --------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".vtt", ".srt"])
@FUZZ
@given(data=ENCODED)
def test_transcript_readers(suffix: str, data: bytes) -> None:
    reads_or_refuses(read_transcript, data, suffix)


@FUZZ
@given(data=mutated((SAMPLES / "P08.docx").read_bytes()))
def test_docx_reader(data: bytes) -> None:
    reads_or_refuses(read_transcript, data, ".docx")


@pytest.mark.parametrize("reader", [read_attributes, read_speaker_map, read_survey])
@FUZZ
@given(data=ENCODED)
def test_csv_readers(reader: Callable[[Path], Any], data: bytes) -> None:
    reads_or_refuses(reader, data, ".csv")


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["resp_id", "Q1", "site"], ["r1", "Turning up matters.", "A"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(data=mutated(_xlsx()))
def test_survey_xlsx_reader(data: bytes) -> None:
    reads_or_refuses(read_survey, data, ".xlsx")


QDC = write_qdc(parse_codebook(CODEBOOK.read_text(), str(CODEBOOK)))


@FUZZ
@given(data=st.one_of(ENCODED, st.builds(
    lambda at, junk: QDC[:at] + junk + QDC[at:], st.integers(0, len(QDC)), ENCODED
)))
def test_qdc_reader(data: bytes) -> None:
    reads_or_refuses(read_qdc_file, data, ".qdc")


@FUZZ
@given(text=TEXT)
def test_codebook_parser_and_linter(text: str) -> None:
    lint_codebook(text, "fuzz.yaml")  # problems are returned, never raised
    with suppress(ThemeworkError):
        parse_codebook(text, "fuzz.yaml")


# -- through a project: a refused input changes nothing -----------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bytes]]:
    """A small project, and a REFI-QDA export of it to damage."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "study.themework"
    with Workbench.init(from_string(str(path)), name="Fuzz", coder="alice") as wb:
        wb.codebook.load(CODEBOOK)
        wb.transcripts.import_files([write(folder / "P01.txt", INTERVIEW)])
        wb.refi.export_qdpx(folder / "study.qdpx")
    yield path, (folder / "study.qdpx").read_bytes()


def unchanged_when_refused(template: Path, act: Callable[[Workbench, Path], bool],
                           data: bytes, suffix: str) -> None:
    """``act`` returns whether the input was taken; refused, the project must not change."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.themework"
        shutil.copyfile(template, path)
        location = from_string(str(path))
        before = state(location)
        taken = True
        with as_file(data, suffix) as given_file, Workbench.open(location) as wb:
            try:
                taken = act(wb, given_file)
            except ThemeworkError:
                taken = False
        if not taken:
            assert state(location) == before


def _import(wb: Workbench, path: Path) -> bool:
    return any(f.status != "failed" for f in wb.transcripts.import_files([path]).files)


def _load(wb: Workbench, path: Path) -> bool:
    wb.codebook.load(path, prune=True)
    return True


@pytest.mark.parametrize("suffix", [".txt", ".vtt", ".srt"])
@FUZZ
@given(data=ENCODED)
def test_a_refused_transcript_changes_nothing(
    project: tuple[Path, bytes], suffix: str, data: bytes
) -> None:
    unchanged_when_refused(project[0], _import, data, suffix)


@FUZZ
@given(data=TEXT.map(str.encode))
def test_a_refused_codebook_changes_nothing(project: tuple[Path, bytes], data: bytes) -> None:
    unchanged_when_refused(project[0], _load, data, ".yaml")


@settings(parent=FUZZ, max_examples=max(5, EXAMPLES // 2))
@given(data=st.data())
def test_a_refused_qdpx_changes_nothing(project: tuple[Path, bytes], data: st.DataObject) -> None:
    damaged = data.draw(mutated(project[1]))

    def take(wb: Workbench, path: Path) -> bool:
        wb.refi.import_qdpx(path)
        return True

    unchanged_when_refused(project[0], take, damaged, ".qdpx")


# -- what the fuzzing found (each failed with "internal error" before) ---------------------------


def _rezip(original: bytes, member: str, body: bytes | None = None) -> bytes:
    """``original`` with ``member`` replaced by ``body``, or, without one, its deflate
    stream overwritten in place (the zip's sizes stay right; only the data is broken)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for name in src.namelist():
            dst.writestr(name, body if name == member and body is not None else src.read(name))
    data = bytearray(out.getvalue())
    if body is None:
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
            info = z.getinfo(member)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start : start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(data)


def test_a_docx_with_a_damaged_deflate_stream_is_refused() -> None:
    damaged = _rezip((SAMPLES / "P08.docx").read_bytes(), "word/document.xml")
    with as_file(damaged, ".docx") as path, pytest.raises(ThemeworkError):
        read_transcript(path)


def test_an_xlsx_with_a_part_that_is_not_xml_is_refused() -> None:
    damaged = _rezip(_xlsx(), "docProps/core.xml", b"\xff\xfenot xml")
    with as_file(damaged, ".xlsx") as path, pytest.raises(ThemeworkError, match="XLSX"):
        read_survey(path)


def test_a_qdpx_with_a_damaged_deflate_stream_is_refused(project: tuple[Path, bytes]) -> None:
    damaged = _rezip(project[1], "project.qde")
    unchanged_when_refused(project[0], lambda wb, p: bool(wb.refi.import_qdpx(p)), damaged,
                           ".qdpx")
    with as_file(damaged, ".qdpx") as path, Workbench.open(from_string(str(project[0]))) as wb, \
            pytest.raises(ThemeworkError, match="cannot be read"):
        wb.refi.import_qdpx(path)
