"""The ``--json`` contract: every command that offers ``--json`` prints one JSON document on
the demo project, whatever its data holds.

The commands are found by walking the Typer app for a ``--json`` option, so a new command is
covered as soon as it offers one; one whose required arguments are not in ``ARGS`` fails
here until it is given some.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support import CODEBOOK, INTERVIEW, SAMPLES, write

# What each command needs besides --json. Several entries run a command more than once.
ARGS: dict[str, list[list[str]]] = {
    "import": [["{new}"]],
    "search": [["trust"]],
    "snapshot": [["list"], ["diff", "initial-codebook"], ["json-contract"]],
    "agreement": [
        ["--coders", "alice,bob"],
        ["--coders", "alice,bob", "--unit", "turn"],
        ["--coders", "alice,bob", "--unit", "sentence"],
    ],
    "reconcile": [["--coders", "alice,bob"]],
    "kwic": [["trust"]],
    "check-identifiers": [["{sample}"]],
    "transcript show": [["P01"]],
    "codebook lint": [["{codebook}"]],
    "codebook load": [["{codebook}"]],
    "theme show": [["relationship-based-practice"]],
    "suggest": [[], ["--evaluate"]],
    "import files": [["{new}"]],
    "import qdc": [["{qdc}"]],
    "import qdpx": [["{qdpx}", "--new", "{fresh}"]],
    "export qdpx": [["{out}"]],
    "import survey": [["{survey}", "--id", "resp_id", "--text", "Q1", "--attributes", "site"]],
}


def _commands() -> Iterator[tuple[str, Any]]:
    import typer

    from themework.cli.main import app

    def walk(command: Any, path: list[str]) -> Iterator[tuple[str, Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands is not None:
            for name, sub in sorted(subcommands.items()):
                yield from walk(sub, [*path, name])
        elif any("--json" in p.opts for p in command.params):
            yield " ".join(path), command

    yield from walk(typer.main.get_command(app), [])


def _invocations() -> list[tuple[str, list[str]]]:
    out = []
    for name, command in _commands():
        required = [p.name for p in command.params if p.required]
        runs = ARGS.get(name)
        if runs is None:
            runs = [[]] if not required else [[f"<needs arguments for {', '.join(required)}>"]]
        out += [(name, args) for args in runs]
    return out


INVOCATIONS = _invocations()
IDS = [" ".join([name, *args]) for name, args in INVOCATIONS]


@pytest.fixture(scope="module")
def exchange_files(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo as REFI-QDA files, for the import commands to read."""
    from themework.services.workbench import Workbench
    from themework.store.location import from_string

    demo = tmp_path_factory.mktemp("exchange") / "demo.themework"
    shutil.copy(demo_file, demo)  # the session's demo stays as built
    wb = Workbench.open(from_string(str(demo)), coder="alice")
    try:
        qdc, qdpx = demo.with_suffix(".qdc"), demo.with_suffix(".qdpx")
        wb.refi.export_qdc(qdc)
        wb.refi.export_qdpx(qdpx)
    finally:
        wb.close()
    return {"{qdc}": str(qdc), "{qdpx}": str(qdpx)}


def test_the_walk_finds_the_commands_known_to_offer_json() -> None:
    names = {name for name, _ in _commands()}
    assert {"agreement", "suggest", "phase", "doctor", "codebook lint", "info"} <= names


@pytest.mark.parametrize(("name", "args"), INVOCATIONS, ids=IDS)
def test_every_json_command_prints_json(
    name: str,
    args: list[str],
    demo_file: Path,
    exchange_files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from themework.cli import main

    assert not args or not args[0].startswith("<needs"), (
        f"'{name}' offers --json: give it arguments in ARGS ({args[0]})"
    )
    project = tmp_path / "demo.themework"
    shutil.copy(demo_file, project)  # commands that write must not change the others' demo
    fill = {
        "{new}": str(write(tmp_path / "in" / "P99.txt", INTERVIEW.replace("P01", "P99"))),
        "{sample}": str(SAMPLES / "P01.txt"),
        "{codebook}": str(CODEBOOK),
        "{out}": str(tmp_path / "out.qdpx"),
        "{fresh}": str(tmp_path / "fresh.themework"),
        "{survey}": str(write(tmp_path / "staff.csv", "resp_id,site,Q1\nR001,North,Mentoring.\n")),
        **exchange_files,
    }
    argv = ["themework", "-p", str(project), *name.split(), *(fill.get(a, a) for a in args)]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THEMEWORK_CODER", "carol")
    monkeypatch.delenv("THEMEWORK_DEBUG", raising=False)
    monkeypatch.setattr(sys, "argv", [*argv, "--json"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main.run()
    out, err = capsys.readouterr()
    code = done.value.code or 0
    # check-identifiers exits 1 when it finds an identifier; its JSON still says what.
    assert code in (0, 1), err
    assert "error:" not in err, err
    json.loads(out)
