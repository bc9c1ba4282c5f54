"""Service messages do not assume their caller is the command line.

A service is called by the CLI and the TUI alike, so its errors speak of what the user gave
("the text to match"), not of a command-line option ("--match"); an error that asks the user
to change part of the request names it in ``options`` ("nth"), which the CLI shows as its
own option ("--nth"). No service string names one now (issue 14); the list stays for one
that must, and may only shrink.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import themework

SERVICES = Path(themework.__file__).resolve().parent / "services"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")

STILL_NAMING_FLAGS: frozenset[tuple[str, str]] = frozenset()


def _flags_in_strings(path: Path) -> set[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            found |= {(path.name, flag) for flag in FLAG.findall(node.value)}
    return found


def test_service_messages_name_no_new_command_line_option() -> None:
    found: set[tuple[str, str]] = set()
    for path in sorted(SERVICES.rglob("*.py")):
        found |= _flags_in_strings(path)
    assert found - STILL_NAMING_FLAGS == set()
    assert STILL_NAMING_FLAGS - found == set(), "taken off the list once fixed"
