"""The theme commands end to end (in process): exemplars, warnings and snapshot diffs."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from themes_setup import coded_project

from themework.services.workbench import Workbench


@pytest.fixture
def cli(wb: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> tuple[int, str, str]:
        from themework.cli import main

        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["themework", "-p", wb.store.location.url, *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        with pytest.raises(SystemExit) as done:
            main.run()
        out, err = capsys.readouterr()
        return int(done.value.code or 0), out, err

    return run


def test_exemplar_commands_star_trim_reorder_and_unstar(  # type: ignore[no-untyped-def]
    wb: Workbench, tmp_path: Path, cli
) -> None:
    ids = coded_project(wb, tmp_path)
    h, p = ids["honesty"], ids["privacy"]
    assert cli("theme", "create", "Honesty first", "--code", "Honesty", "--code", "Privacy")[0] == 0
    assert cli("theme", "exemplar", "Honesty first", str(h))[0] == 0
    code, _, _ = cli("theme", "exemplar", "Honesty first", str(p), "--trim", "I tell them [...]")
    assert code == 0
    # Moving a trimmed exemplar keeps its trim.
    assert cli("theme", "exemplar", "Honesty first", str(p), "--position", "1")[0] == 0
    ex = wb.themes.get("Honesty first").exemplars
    assert [(e.coding_id, e.trimmed) for e in ex] == [(p, "I tell them [...]"), (h, None)]
    code, _, err = cli("theme", "exemplar", "Honesty first", str(p))
    assert code != 0 and "already an exemplar" in err
    assert cli("theme", "exemplar", "Honesty first", str(p), "--trim", "")[0] == 0
    assert wb.themes.get("Honesty first").exemplars[0].trimmed is None
    code, _, err = cli("theme", "exemplar", "Honesty first", str(ids["turning-up"]))
    assert code == 0 and "warning:" in err and "Turning up" in err
    assert cli("theme", "exemplar", "Honesty first", str(h), "--remove")[0] == 0
    assert [e.coding_id for e in wb.themes.get("Honesty first").exemplars] == [
        p, ids["turning-up"],
    ]


def test_snapshot_diff_from_the_command_line(  # type: ignore[no-untyped-def]
    wb: Workbench, tmp_path: Path, cli
) -> None:
    coded_project(wb, tmp_path)
    cli("theme", "create", "Reliability", "--code", "Turning up")
    cli("theme", "create", "Presence")
    assert cli("snapshot", "first")[0] == 0
    cli("theme", "move", "Reliability", "--under", "Presence")
    cli("theme", "add-code", "Presence", "Regularity")
    code, out, _ = cli("snapshot", "diff", "first")
    assert code == 0
    assert "themes moved:" in out and "Reliability: top level -> under Presence" in out
    assert "Regularity: no theme -> Presence" in out
    code, out, _ = cli("snapshot", "diff", "first", "now", "--json")
    data = json.loads(out)
    assert data["themes_moved"] == ["Reliability: top level -> under Presence"]
    assert data["b"] == "now"


def test_info_counts_live_themes_and_merge_names_no_codes(  # type: ignore[no-untyped-def]
    wb: Workbench, cli
) -> None:
    """Issue 11, defect 6: info said 7 themes when 5 existed (merged ones counted)."""
    for name in ("Kept", "Folded", "Dropped"):
        wb.themes.create(name)
    assert cli("theme", "merge", "folded", "--into", "kept")[1] == "merged into Kept: no codes\n"
    wb.themes.discard("dropped")
    code, out, _ = cli("info")
    assert code == 0
    row = next(line for line in out.splitlines() if " themes " in line)
    assert row.split("│")[2].strip() == "1"
