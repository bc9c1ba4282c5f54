"""The report written to a file: ``themework report -o`` and the Report screen's export are
one service, so they write the same bytes, owner-only, and fail the same way."""

from __future__ import annotations

import io
import stat
import sys
from pathlib import Path

import pytest
from report_setup import Study, build_study

from themework.services.workbench import Workbench
from themework.tui.screens.report_data import ReportOptions, export_report


@pytest.fixture
def study(wb: Workbench, tmp_path: Path) -> Study:
    return build_study(wb, tmp_path)


def cli(args: list[str], study: Study, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from themework.cli import main

    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["themework", "-p", study.wb.store.location.url, *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_the_command_line_and_the_report_screen_write_the_same_owner_only_file(
    study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from_cli, from_tui = tmp_path / "cli.md", tmp_path / "tui.md"
    code, out, _ = cli(["report", "-o", str(from_cli)], study, monkeypatch, capsys)
    assert code == 0 and f"wrote {from_cli}" in out
    path, themes = export_report(study.wb, ReportOptions(), from_tui)
    assert path == from_tui and themes >= 1
    assert from_cli.read_bytes() == from_tui.read_bytes()
    assert "## " in from_tui.read_text(encoding="utf-8")
    for written in (from_cli, from_tui):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_a_report_that_cannot_be_written_is_one_error_line_on_the_command_line(
    study: Study, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same message the Report screen shows (the path and the reason, never the text),
    not an internal error."""
    target = tmp_path / "no such folder" / "report.md"
    code, _, err = cli(["report", "-o", str(target)], study, monkeypatch, capsys)
    assert code == 1
    errors = [line for line in err.splitlines() if not line.startswith("warning: ")]
    assert errors == [f"error: could not write {target}: No such file or directory"]
