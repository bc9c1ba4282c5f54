"""The thematic map's layout: themes boxed one under another, codes in short lines.

The old map was ``flowchart TD`` with every code on one row: the demo rendered at
5,542 x 231 px and 60 codes in 5 themes at 16,111 x 183 px. Rendered with mermaid-cli 11,
this layout gives 1,374 x 1,372 and 1,941 x 2,193 (bench/map_size.py writes both maps).
"""

from __future__ import annotations

import math
import re

from themework.export.mermaid import thematic_map
from themework.export.model import CodeEntry, ThemeSection

NODE = re.compile(r"^\s*(C\d+)>")
LINK = re.compile(r"^\s*(\w+) (---|-->|~~~) (\w+)$")


def section(name: str, codes: list[CodeEntry], subthemes: tuple[ThemeSection, ...] = (),
            depth: int = 0) -> ThemeSection:
    return ThemeSection(
        id=name.lower(), name=name, status="draft", definition="", central_concept="",
        scope="", narrative=(), subthemes=subthemes, codes=tuple(codes), prevalence=None,
        exemplars=(), depth=depth,
    )


def codes(first: int, count: int) -> list[CodeEntry]:
    return [CodeEntry(id=f"c{i}", name=f"Code number {i}", definition="")
            for i in range(first, first + count)]


def boxes(source: str) -> list[list[str]]:
    """The lines between each ``subgraph`` and its ``end``."""
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in source.splitlines():
        if line.strip().startswith("subgraph "):
            current = []
        elif line.strip() == "end":
            assert current is not None
            out.append(current)
            current = None
        elif current is not None:
            current.append(line.strip())
    return out


def lines_of_codes(box: list[str], theme: str) -> list[list[str]]:
    """The codes on each line under THEME: the first hang from it, later ones by ~~~."""
    links = [m.groups() for m in map(LINK.match, box) if m]
    first = [b for a, kind, b in links if a == theme and kind == "---"]
    rows = [first]
    below = {a: b for a, kind, b in links if kind == "~~~"}
    while True:
        nxt = [below[c] for c in rows[-1] if c in below]
        if not nxt:
            return rows
        rows.append(nxt)


def test_sixty_codes_in_five_themes_sit_in_boxes_of_short_lines() -> None:
    themes = tuple(section(f"Theme {t + 1}", codes(t * 12, 12)) for t in range(5))
    source = thematic_map(themes)
    assert source.splitlines()[0] == "flowchart TB"
    found = boxes(source)
    assert len(found) == 5
    placed = []
    widest, depth = 0, 0
    for t, box in enumerate(found, start=1):
        assert "direction TB" in box
        rows = lines_of_codes(box, f"T{t}")
        inside = {m.group(1) for m in map(NODE.match, box) if m}
        assert {c for row in rows for c in row} == inside  # every code of the box is on a line
        assert len(inside) == 12
        placed += sorted(inside)
        widest = max(widest, max(len(r) for r in rows))
        depth += 1 + len(rows)
    assert len(set(placed)) == 60
    # Not one long row: a handful of codes side by side, and the boxes kept in order.
    assert 4 <= widest <= 8
    assert source.splitlines()[-1].strip() == "G1 ~~~ G2 ~~~ G3 ~~~ G4 ~~~ G5"
    # A code is about 2.2 lines wide: the map is near square, well within 1:3 and 3:1.
    assert 1 / 3 < widest * 2.2 / depth < 3


def test_one_theme_of_many_codes_wraps_and_a_shared_code_is_drawn_once() -> None:
    many = codes(0, 40)
    sub = section("Sub", codes(40, 2), depth=1)
    themes = (section("Big", many, (sub,)), section("Other", [many[0], *codes(50, 3)]))
    source = thematic_map(themes)
    (big, other) = boxes(source)
    rows = lines_of_codes(big, "T1")
    assert len(rows) > 2 and max(len(r) for r in rows) <= math.ceil(40 / 2)
    assert "T1 --> T1_1" in big and "T1_1 --- C1" in big and "T1_1 --- C2" in big
    assert sum(1 for line in source.splitlines() if NODE.match(line)) == 45
    # The code both themes share stays in the first box, linked from the second theme.
    assert source.splitlines()[-1].strip() == "T2 --- C3"
    assert [x for x in other if NODE.match(x)] == [f'C{i}>"Code number {n}"]'
                                                   for i, n in ((43, 50), (44, 51), (45, 52))]
