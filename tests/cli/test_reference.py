"""The README's command reference is the real --help output."""

from __future__ import annotations

from pathlib import Path

from themework.cli.reference import END, START, render

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_command_reference_matches_help() -> None:
    text = README.read_text(encoding="utf-8")
    current = text[text.index(START) : text.index(END) + len(END)]
    assert current == render(), (
        "README.md's command reference is stale: run "
        "python -c 'from pathlib import Path; from themework.cli.reference import "
        "update_readme as u; p=Path(\"README.md\"); p.write_text(u(p.read_text()))'"
    )
