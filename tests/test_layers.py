"""Layering and import cost.

``themework --help`` must start fast: it loads neither SQLAlchemy, Alembic, Textual nor
spaCy. The domain layer is plain Python. Front ends hold no SQL: no module under cli/ or tui/
imports SQLAlchemy, and cli/ modules reach services and the store only inside functions.
ARCHITECTURE.md's layering rules hold over every import, function bodies included: the TUI
never imports the store, domain/ and analysis/ import no framework, and the front ends reach
ingest/, nlp/ and merge/ only through services (with named exceptions).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import themework

PACKAGE = Path(themework.__file__).resolve().parent
HEAVY = ("sqlalchemy", "alembic", "textual", "spacy")


def _loaded_after(code: str) -> list[str]:
    """Top-level names of the modules loaded by a fresh interpreter running ``code``."""
    script = (
        "import sys, json, io, contextlib\n"
        f"{code}\n"
        "sys.__stdout__.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEMEWORK_")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.rsplit("MODULES ", 1)[1]
    return list(json.loads(line))


def _heavy(modules: list[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in HEAVY})


def test_importing_the_command_line_loads_no_heavy_library() -> None:
    modules = _loaded_after("import themework.cli.main")
    assert _heavy(modules) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["import", "--help"],
        ["coding", "apply", "--help"],
        ["codebook", "--help"],
        ["project", "withdraw", "--help"],
        ["tui", "--help"],
    ],
)
def test_help_loads_no_heavy_library(argv: list[str]) -> None:
    code = (
        f"sys.argv = ['themework', *{argv!r}]\n"
        "from themework.cli.main import run\n"
        "out = io.StringIO()\n"
        "try:\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        run()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), (exc.code, out.getvalue())\n"
        "assert 'themework' in out.getvalue()\n"
    )
    modules = _loaded_after(code)
    assert _heavy(modules) == []
    assert not [m for m in modules if m.startswith(("themework.services", "themework.tui"))]


# What a read command's start-up must not load (``themework info``: the bench's 0.35 s
# target): Alembic loads only when a project's schema needs upgrading; the async engine,
# data frames, NLP and the front ends are never a read command's.
NOT_AT_START_UP = (
    "alembic",
    "textual",
    "spacy",
    "pandas",
    "numpy",
    "sqlalchemy.ext.asyncio",
    "themework.tui",
    "themework.nlp",
    "themework.analysis",
    "themework.ingest",
)


@pytest.mark.parametrize("argv", [["info"], ["info", "--json"]])
def test_a_read_command_loads_only_what_it_uses(
    argv: list[str], fresh_sqlite_project: Path, tmp_path: Path
) -> None:
    project = tmp_path / "study.themework"
    project.write_bytes(fresh_sqlite_project.read_bytes())
    code = (
        f"sys.argv = ['themework', '-p', {str(project)!r}, *{argv!r}]\n"
        "from themework.cli.main import run\n"
        "out = io.StringIO()\n"
        "try:\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        run()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), (exc.code, out.getvalue())\n"
        "assert 'Trust study' in out.getvalue()\n"
    )
    modules = _loaded_after(code)
    assert "themework.services.projects" in modules
    loaded = [m for m in modules for n in NOT_AT_START_UP if m == n or m.startswith(n + ".")]
    assert loaded == []
    if "--json" in argv:  # nothing is drawn: Rich's console is not needed
        assert "rich.console" not in modules


def _modules(sub: str) -> list[str]:
    return sorted(
        "themework." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(
            ".__init__"
        )
        for p in (PACKAGE / sub).rglob("*.py")
    )


def test_the_domain_imports_no_framework() -> None:
    names = _modules("domain")
    assert "themework.domain.errors" in names
    modules = _loaded_after("\n".join(f"import {n}" for n in names))
    assert [h for h in _heavy(modules) if h in ("sqlalchemy", "textual", "spacy")] == []


def test_refi_exchange_is_pure() -> None:
    """REFI-QDA reading and writing works on bytes and plain data: no database, no
    front end (the services store what it reads)."""
    names = _modules("refi")
    assert "themework.refi.project_read" in names
    modules = _loaded_after("\n".join(f"import {n}" for n in names))
    assert [h for h in _heavy(modules) if h in ("sqlalchemy", "textual", "spacy")] == []
    assert not [m for m in modules if m.startswith(("themework.services", "themework.store"))]


def test_services_and_store_import_no_front_end() -> None:
    names = [n for n in _modules("services") + _modules("store") if ".migrations" not in n]
    modules = _loaded_after("\n".join(f"import {n}" for n in names))
    assert "textual" not in {m.split(".")[0] for m in modules}
    assert not [m for m in modules if m.startswith(("themework.cli", "themework.tui"))]


# -- static checks: what front-end modules import when they are imported ----------------------


def _module_level_imports(path: Path) -> list[tuple[int, str]]:
    package = "themework." + ".".join(path.relative_to(PACKAGE).parent.parts)
    return _imports_at_import_time(path.read_text(encoding="utf-8"), package)


def _imports_at_import_time(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) for every import that runs when the module is imported: not inside a
    function, not under ``if TYPE_CHECKING:``. Relative imports are resolved."""
    tree = ast.parse(source)
    out: list[tuple[int, str]] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            out.extend(_imported_by(node, package))
            for field in ("body", "orelse", "finalbody"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    visit([c for c in children if isinstance(c, ast.stmt)])
            for handler in getattr(node, "handlers", []):
                visit(handler.body)

    visit(tree.body)
    return out


def _front_end_files(sub: str) -> list[Path]:
    files = sorted((PACKAGE / sub).rglob("*.py"))
    return files


def test_front_ends_hold_no_sql() -> None:
    problems = []
    for sub in ("cli", "tui"):
        for path in _front_end_files(sub):
            for line, name in _module_level_imports(path):
                if name.split(".")[0] in ("sqlalchemy", "alembic"):
                    problems.append(f"{path.relative_to(PACKAGE)}:{line}: imports {name}")
    assert problems == []


def test_cli_modules_import_services_only_inside_functions() -> None:
    forbidden = (
        "sqlalchemy", "alembic", "textual", "spacy",
        "themework.services", "themework.store", "themework.tui", "themework.nlp",
    )
    allowed = ("themework.store.location",)  # plain Python: resolves --project cheaply
    problems = []
    files = _front_end_files("cli")
    assert any(p.name == "main.py" for p in files)
    for path in files:
        for line, name in _module_level_imports(path):
            if name.startswith(allowed):
                continue
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                problems.append(f"{path.relative_to(PACKAGE)}:{line}: imports {name}")
    assert problems == []


def test_the_static_check_sees_what_it_should() -> None:
    """The checker itself: top-level, try/except and class-body imports count; function
    bodies and TYPE_CHECKING blocks do not."""
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "import sqlalchemy\n"
        "try:\n    from themework.services import workbench\nexcept ImportError:\n"
        "    import alembic.config\n"
        "if TYPE_CHECKING:\n    from themework.store.engine import Store\n"
        "def f():\n    import textual\n"
        "class C:\n    from . import common\n"
    )
    names = [n for _, n in _imports_at_import_time(source, "themework.cli")]
    assert "sqlalchemy" in names and "alembic.config" in names
    assert "themework.services" in names and "themework.services.workbench" in names
    assert "themework.cli.common" in names
    assert "textual" not in names and "themework.store.engine" not in names


def test_the_command_line_prints_only_through_its_sanitising_helpers() -> None:
    """cli/common.py is the one terminal boundary (control characters made visible): no other
    command module writes to the terminal by itself."""
    raw = ("typer.echo(", "click.echo(", "sys.stdout.write(", "sys.stderr.write(")
    offenders = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        if path.name == "common.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                call = ast.unparse(node.func) + "("
                if call in raw or call == "print(":
                    offenders.append(f"{path.name}:{node.lineno} {call}")
    assert offenders == []


def test_the_front_ends_write_files_only_through_the_owner_only_writer() -> None:
    """Reports, exports and codebooks quote participants: the CLI and the TUI write a user's
    file only through ``services/files.write_private`` (owner-only, atomic), directly or
    through a service, never by themselves."""
    offenders = []
    for sub in ("cli", "tui"):
        for path in sorted((PACKAGE / sub).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                call = ast.unparse(node.func)
                modes = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "mode")]
                writes = call == "open" and any(
                    isinstance(m, ast.Constant) and set(str(m.value)) & set("wax") for m in modes
                )
                if writes or call.endswith((".write_text", ".write_bytes")) or call in (
                    "os.replace", "os.rename"
                ) or call.startswith("shutil."):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {call}")
    assert offenders == []


# -- ARCHITECTURE.md's layering rules, over every import (function bodies included) ---------


def _all_imports(path: Path) -> list[tuple[int, str]]:
    package = "themework." + ".".join(path.relative_to(PACKAGE).parent.parts)
    return _all_imports_in(path.read_text(encoding="utf-8"), package)


def _all_imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) for every import anywhere in the source, relative ones resolved; a
    ``from x import y`` counts as importing ``x`` and ``x.y`` (y may be a module)."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        out.extend(_imported_by(node, package))
    return out


def _imported_by(node: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, module) for one statement if it imports, relative imports resolved; a
    ``from x import y`` counts as importing ``x`` and ``x.y`` (y may be a module)."""
    if isinstance(node, ast.Import):
        return [(node.lineno, a.name) for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = package.split(".")
        base = base[: len(base) - (node.level - 1)]
        name = ".".join([*base, node.module] if node.module else base)
    else:
        name = node.module or ""
    return [(node.lineno, name), *((node.lineno, f"{name}.{a.name}") for a in node.names)]


def _violations(
    sub: str, forbidden: tuple[str, ...], allowed: frozenset[tuple[str, str]] = frozenset()
) -> list[str]:
    """Imports of ``forbidden`` packages from modules under ``sub``, as "file: module" (one
    per file and module, so a rule's exceptions can be listed by name)."""
    found = set()
    for path in sorted((PACKAGE / sub).rglob("*.py")):
        where = str(path.relative_to(PACKAGE))
        for _, name in _all_imports(path):
            hit = next((f for f in forbidden if name == f or name.startswith(f + ".")), None)
            if hit is not None and (where, hit) not in allowed:
                found.add(f"{where}: {hit}")
    return sorted(found)


def test_the_tui_never_imports_the_store() -> None:
    assert _violations("tui", ("themework.store",)) == []


@pytest.mark.parametrize("sub", ["domain", "analysis"])
def test_domain_and_analysis_import_no_framework(sub: str) -> None:
    assert _violations(sub, ("sqlalchemy", "alembic", "textual", "spacy")) == []


def test_only_the_front_ends_hold_a_workbench() -> None:
    """Services are built from a ``ServiceContext`` and get other services in their
    constructor; the ``Workbench`` facade is for the front ends (ARCHITECTURE.md)."""
    facade = {"services/workbench.py", "services/__init__.py"}
    found = _violations("services", ("themework.services.workbench",))
    assert [v for v in found if v.split(": ")[0] not in facade] == []


# Front ends reach ingest, nlp and merge through services (pseudonymise, doctor and the
# codebook merge became service calls in issue 14). An exception, if one is ever needed, is
# listed here as (file under the package, forbidden module) with why; the list may only shrink.
FRONT_END_EXCEPTIONS: frozenset[tuple[str, str]] = frozenset()


@pytest.mark.parametrize("sub", ["cli", "tui"])
def test_front_ends_reach_ingest_nlp_and_merge_only_through_services(sub: str) -> None:
    forbidden = ("themework.ingest", "themework.nlp", "themework.merge")
    assert _violations(sub, forbidden, FRONT_END_EXCEPTIONS) == []


def test_the_listed_exceptions_are_still_needed() -> None:
    """An exception that no longer happens is taken off the list, so it cannot come back
    unnoticed."""
    forbidden = ("themework.ingest", "themework.nlp", "themework.merge")
    found = set(_violations("cli", forbidden)) | set(_violations("tui", forbidden))
    assert {f"{where}: {name}" for where, name in FRONT_END_EXCEPTIONS} == found


def test_the_import_walk_sees_every_import() -> None:
    """The checker itself: imports in functions, classes and TYPE_CHECKING blocks all count,
    and relative imports are resolved against the file's package."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from themework.store.engine import Store\n"
        "def f():\n    import spacy\n"
        "class C:\n    def g(self):\n        from ..merge import model\n"
    )
    found = {(line, name) for line, name in _all_imports_in(source, "themework.cli")}
    assert (3, "themework.store.engine") in found
    assert (5, "spacy") in found
    assert {(8, "themework.merge"), (8, "themework.merge.model")} <= found


def test_merging_codebooks_compares_lemmas_without_importing_spacy() -> None:
    """The merge reads spaCy's lookup table and stop words from their files: importing spaCy
    itself cost a large merge a second or more of its time (bench/merge_speed.py)."""
    code = (
        "from themework.domain.codebook import CodebookDoc, CodeSpec\n"
        "from themework.merge import merge_codebooks\n"
        "a = CodebookDoc('A', (CodeSpec('Being honest', definition='Honesty with people.'),))\n"
        "b = CodebookDoc('B', (CodeSpec('Honesty', definition='Being honest with people.'),))\n"
        "result = merge_codebooks([('a', a), ('b', b)])\n"
        "assert [d.merged for d in result.decisions] == [True], result.decisions\n"
    )
    assert "spacy" not in _heavy(_loaded_after(code))
