"""Code-health figures for issue 14: import circles, long functions, long files, SQL spread.

Run from the repository root (grimp is needed for the import circles; without it that
figure is skipped)::

    PYTHONPATH=src python bench/code_health.py [--list]

Figures:

- modules of ``themework.services`` that sit in an import circle with another services
  module (strongly connected components of the import graph, counting imports inside
  functions; a second figure leaves out ``if TYPE_CHECKING:`` imports);
- functions longer than 60 lines and files longer than 400 lines under ``src/``, except:

  - Alembic migrations (``store/migrations/versions/``): a migration is frozen history, run
    as written on every database made before the next one; splitting it only risks changing
    what it does.
  - a file or function that says why it is long, in a comment starting ``# long file:``
    (anywhere in the file) or ``# long function:`` (in the function). These are counted and
    listed apart, so the reasons stay in view.
- ``select(`` calls in ``services/`` and in ``store/``.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "themework"
LONG_FUNCTION = 60
LONG_FILE = 400
MIGRATIONS = SRC / "store" / "migrations" / "versions"
WHY_FILE = re.compile(r"^\s*# long file: \S", re.MULTILINE)
WHY_FUNCTION = re.compile(r"^\s*# long function: \S", re.MULTILINE)


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's components of a directed graph, iteratively (no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def service_circles(exclude_type_checking: bool) -> list[list[str]] | None:
    try:
        import grimp
    except ImportError:
        return None
    graph = grimp.build_graph(
        "themework", exclude_type_checking_imports=exclude_type_checking, cache_dir=None
    )
    services = {m for m in graph.modules if m.startswith("themework.services.")}
    edges = {m: [i for i in graph.find_modules_directly_imported_by(m) if i in services]
             for m in services}
    return [c for c in strongly_connected(edges) if len(c) > 1]


def _sources() -> Iterator[Path]:
    for path in sorted(SRC.rglob("*.py")):
        if not path.is_relative_to(MIGRATIONS):
            yield path


def long_functions() -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """Functions over the limit: those without a reason, and those with one."""
    out, explained = [], []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                end = node.end_lineno or node.lineno
                length = end - node.lineno + 1
                if length > LONG_FUNCTION:
                    row = (str(path.relative_to(ROOT)), node.name, length)
                    body = "\n".join(lines[node.lineno - 1 : end])
                    (explained if WHY_FUNCTION.search(body) else out).append(row)
    return sorted(out, key=lambda r: -r[2]), sorted(explained, key=lambda r: -r[2])


def long_files() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Files over the limit: those without a reason, and those with one."""
    out, explained = [], []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > LONG_FILE:
            row = (str(path.relative_to(ROOT)), lines)
            (explained if WHY_FILE.search(source) else out).append(row)
    return sorted(out, key=lambda r: -r[1]), sorted(explained, key=lambda r: -r[1])


def select_calls(sub: str) -> int:
    pattern = re.compile(r"\bselect\(")
    return sum(
        len(pattern.findall(p.read_text(encoding="utf-8"))) for p in (SRC / sub).rglob("*.py")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="name each module, function, file")
    args = parser.parse_args(argv)
    for label, exclude in (("all imports", False), ("without TYPE_CHECKING", True)):
        circles = service_circles(exclude)
        if circles is None:
            print("import circles: skipped (pip install grimp)")
            break
        members = sum(len(c) for c in circles)
        print(f"service modules in import circles ({label}): {members} "
              f"in {len(circles)} circle(s)")
        if args.list:
            for circle in circles:
                print("   ", ", ".join(m.removeprefix("themework.services.") for m in circle))
    functions, why_functions = long_functions()
    print(f"functions over {LONG_FUNCTION} lines: {len(functions)} "
          f"(and {len(why_functions)} with a comment saying why)")
    if args.list:
        for path, name, length in functions:
            print(f"    {length:4d} {path} {name}")
        for path, name, length in why_functions:
            print(f"    {length:4d} {path} {name} (says why)")
    files, why_files = long_files()
    print(f"files over {LONG_FILE} lines: {len(files)} "
          f"(and {len(why_files)} with a comment saying why)")
    if args.list:
        for path, length in files:
            print(f"    {length:4d} {path}")
        for path, length in why_files:
            print(f"    {length:4d} {path} (says why)")
    print(f"select( calls: services {select_calls('services')}, store {select_calls('store')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
