"""The thematic map's Mermaid source for the demo and for a 60-code project in 5 themes.

    python bench/map_size.py OUT_DIR

Writes ``OUT_DIR/demo.mmd`` and ``OUT_DIR/bench60.mmd``; render them with mermaid-cli
(``mmdc -p puppeteer.json -i demo.mmd -o demo.svg``) and read the size from the SVG's
viewBox. The issue's target: within 1:3 and 3:1.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from themework.demo.build import build_demo  # noqa: E402
from themework.services.workbench import Workbench  # noqa: E402
from themework.store.location import from_string  # noqa: E402

THEMES = 5


def demo_map(work: Path) -> str:
    path = work / "demo.themework"
    build_demo(path)
    wb = Workbench.open(from_string(str(path)), coder="bench")
    try:
        return wb.report.build(quotes=0).thematic_map
    finally:
        wb.close()


def bench_map(work: Path, codes: int = 60) -> str:
    path = work / "bench.themework"
    wb = Workbench.init(from_string(str(path)), name="Map bench", approach="codebook",
                        coder="bench")
    try:
        wb.codebook.load(corpus.write_codebook(work / "codebook.yaml", codes))
        ids = [c.id for c in wb.codes.list()]
        per = -(-len(ids) // THEMES)
        for i in range(THEMES):
            wb.themes.create(f"Theme {i + 1}", codes=ids[i * per:(i + 1) * per])
        return wb.report.build(quotes=0).thematic_map
    finally:
        wb.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(".")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        (out / "demo.mmd").write_text(demo_map(Path(tmp)) + "\n", encoding="utf-8")
        (out / "bench60.mmd").write_text(bench_map(Path(tmp)) + "\n", encoding="utf-8")
    print(f"wrote {out / 'demo.mmd'} and {out / 'bench60.mmd'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
