"""Terminal escape sequences in people's text never reach a terminal, a report or a CSV raw.

A transcript, a code, a theme and a memo each hold ``ESC ] 52 ; c ; <base64> BEL`` (writes
the clipboard through tmux), ``ESC ] 0 ;`` (retitles the terminal) and ``ESC [ 2 J`` (clears
the screen). Every command that prints them, the Markdown report and the CSV exports are
read back: no ESC, BEL, C1 control or DEL may be in them.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import write
from themework.services.coding import CodingRequest, Target
from themework.services.workbench import Workbench
from themework.store.location import Location

BAD = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\x9b2J\x7f"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TRANSCRIPT = f"""Interview P01

Interviewer: How do you build trust with young people?
P01: Turning up {BAD} every week is how trust grows, every single week.
Interviewer: Thank you.
P01: No problem.
"""


@pytest.fixture
def hostile(wb: Workbench, location: Location, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A project whose transcript, code, theme, narrative and memo hold escape sequences."""
    path = write(tmp_path / "in" / "P01.txt", TRANSCRIPT)
    assert wb.transcripts.import_files([path]).files[0].status == "imported"
    code = wb.codes.add("Trust" + BAD, definition="Defined " + BAD)
    wb.coding.apply(CodingRequest("P01", code.id, Target(turn=2)))
    theme = wb.themes.create("Theme" + BAD, codes=[code.id]).theme
    wb.themes.define(theme.id, narrative="Narrative " + BAD)
    wb.memos.add("project", "memo " + BAD)
    monkeypatch.setenv("THEMEWORK_PROJECT", str(location.path) if location.path else location.url)
    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)
    yield theme.id


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        *args: str) -> str:
    from themework.cli import main

    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["themework", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    assert done.value.code in (0, None), err
    return out + err


COMMANDS = [
    ("transcript", "show", "P01"),
    ("code", "list"),
    ("extracts",),
    ("search", "turning"),
    ("kwic", "trust", "--width", "60"),
    ("log", "--limit", "0"),
    ("memo", "list"),
    ("theme", "show", "{theme}"),
    ("theme", "list"),
    ("prevalence",),
    ("report",),
    ("code", "list", "--json"),
    ("memo", "list", "--json"),
    ("extracts", "--json"),
    ("transcript", "show", "P01", "--json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_no_control_character_reaches_the_terminal(
    hostile: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
) -> None:
    out = run(monkeypatch, capsys, *(a.format(theme=hostile) for a in args))
    assert "owned" in out or "cHduZWQ" in out  # the hostile text was printed...
    assert RAW.search(out) is None, repr(RAW.findall(out))  # ...but not as controls


def test_the_markdown_report_and_csv_exports_hold_no_control_character(
    hostile: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    run(monkeypatch, capsys, "report", "-o", "report.md")
    run(monkeypatch, capsys, "export", "codings", "--csv", "codings.csv",
        "--jsonl", "codings.jsonl")
    run(monkeypatch, capsys, "codebook", "table", "-o", "codebook.md")
    run(monkeypatch, capsys, "codebook", "table", "--format", "csv", "-o", "codebook.csv")
    for name in ("report.md", "codings.csv", "codings.jsonl", "codebook.md", "codebook.csv"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "owned" in text
        assert RAW.search(text) is None, (name, RAW.findall(text))
    run(monkeypatch, capsys, "export", "codings", "--xlsx", "codings.xlsx")
    run(monkeypatch, capsys, "export", "matrix", "matrix.xlsx")
    for name in ("codings.xlsx", "matrix.xlsx"):
        with zipfile.ZipFile(tmp_path / name) as book:
            sheets = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                             if n.startswith("xl/worksheets/"))
        assert "owned" in sheets, name
        assert RAW.search(sheets) is None and "&#155;" not in sheets, (name, RAW.findall(sheets))
    (line,) = (tmp_path / "codings.jsonl").read_text(encoding="utf-8").splitlines()
    assert BAD in json.loads(line)["text"]  # escaped, not lost
