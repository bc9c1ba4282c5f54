"""A read command's start-up: ``info`` loads only what it needs, and the pass-through that
spares Typer's pydantic coercion for text and flag options keeps their meaning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from themework.cli.startup import lean_string_options


def test_info_loads_neither_pydantic_nor_spacy_nor_textual(tmp_path: Path) -> None:
    project = tmp_path / "study.themework"
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEMEWORK_")}
    env["THEMEWORK_CODER"] = "alice"
    made = subprocess.run(
        [sys.executable, "-m", "themework", "init", str(project)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert made.returncode == 0, made.stderr
    script = (
        "import sys, json\n"
        f"sys.argv = ['themework', '-p', {str(project)!r}, 'info', '--json']\n"
        "from themework.cli.main import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "sys.stdout.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    body, modules = done.stdout.rsplit("\nMODULES ", 1)
    assert json.loads(body)["transcripts"] == 0
    loaded = {m.split(".")[0] for m in json.loads(modules)}
    assert not loaded & {"pydantic", "spacy", "textual"}


def test_text_and_flag_options_mean_what_they_did() -> None:
    assert lean_string_options()
    app = typer.Typer()

    @app.command()
    def show(
        name: str = typer.Option("anon", "--name"),
        count: int = typer.Option(1, "--count"),
        loud: bool = typer.Option(False, "--loud", envvar="LOUD"),
        tag: str = typer.Option(5, "--tag"),  # type: ignore[arg-type]  # a non-text default
    ) -> None:
        typer.echo(f"{name!r} {count!r} {loud!r} {tag!r}")

    runner = CliRunner()
    assert runner.invoke(app, ["--name", "Jo", "--loud"]).output == "'Jo' 1 True '5'\n"
    assert runner.invoke(app, [], env={"LOUD": "yes"}).output == "'anon' 1 True '5'\n"
    refused = runner.invoke(app, ["--count", "many"])
    assert refused.exit_code == 2  # still a usage error: int options keep Typer's coercion
