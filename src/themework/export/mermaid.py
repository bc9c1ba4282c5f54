"""The thematic map as a Mermaid flowchart: themes, sub-themes and the codes they collapse.

The map reads top down: each top-level theme is a box (a subgraph) holding its node, its
sub-themes and its codes, and the boxes stack downwards in order. A theme's codes sit in
lines of at most ``per`` nodes under it (later lines hang from the first by links that are
not drawn), and ``per`` is chosen so the whole map comes out near square: all codes on one
line render 60 codes at 16,111 x 183 px, which no page or screen can show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from themework.export.model import ThemeSection

_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "`": "#96;"}
# A code is about this many times as wide as a line of the map is high (Mermaid wraps a label
# at 200 px; a node and the space below it are about 110 px high), measured with
# mermaid-cli 11 on the demo and the 60-code bench project.
_CODE_PER_LINE = 2.2


def _label(text: str) -> str:
    # Mermaid labels in double quotes take entity codes: for quotes, and for angle brackets
    # (Mermaid renders HTML in labels) and backticks (Markdown strings). Brackets stay inside.
    clean = "".join(_ENTITIES.get(ch, ch) for ch in " ".join(text.split()))
    return f'"{clean}"'


@dataclass
class _Box:
    """One top-level theme's box: its node lines, and its items per parent node."""

    lines: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # theme to sub-theme
    items: dict[str, list[str]] = field(default_factory=dict)  # theme node -> its codes

    def size(self) -> int:
        return max((len(v) for v in self.items.values()), default=0)


def _boxes(themes: tuple[ThemeSection, ...]) -> tuple[list[_Box], list[str]]:
    """Nodes in their boxes, and the links from a theme to a code first shown elsewhere."""
    seen_codes: dict[str, str] = {}
    shared: list[str] = []
    boxes = []

    def walk(t: ThemeSection, box: _Box, parent: str | None, path: str) -> None:
        nid = f"T{path}"
        shape = f"{nid}[{_label(t.name)}]" if t.depth == 0 else f"{nid}({_label(t.name)})"
        box.lines.append(shape)
        if parent:
            box.links.append(f"{parent} --> {nid}")
        for i, sub in enumerate(t.subthemes, start=1):
            walk(sub, box, nid, f"{path}_{i}")
        for c in t.codes:
            if c.id in seen_codes:
                shared.append(f"{nid} --- {seen_codes[c.id]}")
                continue
            seen_codes[c.id] = f"C{len(seen_codes) + 1}"
            box.lines.append(f"{seen_codes[c.id]}>{_label(c.name)}]")
            box.items.setdefault(nid, []).append(seen_codes[c.id])

    for i, t in enumerate(themes, start=1):
        box = _Box()
        walk(t, box, None, str(i))
        boxes.append(box)
    return boxes, shared


def _per_line(boxes: list[_Box]) -> int:
    """How many codes side by side in a box make the whole map nearest to square."""
    biggest = max((b.size() for b in boxes), default=0)
    best, best_score = 1, math.inf
    for per in range(1, biggest + 1):
        width = max(min(b.size(), per) for b in boxes) * _CODE_PER_LINE
        height = sum(1 + math.ceil(b.size() / per) for b in boxes)
        score = abs(math.log(width / height))
        if score < best_score - 1e-9:
            best, best_score = per, score
    return best


def thematic_map(themes: tuple[ThemeSection, ...]) -> str:
    boxes, shared = _boxes(themes)
    per = _per_line(boxes)
    lines = ["flowchart TB"]
    for i, box in enumerate(boxes, start=1):
        lines += [f'    subgraph G{i} [" "]', "        direction TB"]
        lines += [f"        {line}" for line in box.lines]
        lines += [f"        {line}" for line in box.links]
        for theme, codes in box.items.items():
            for k, code in enumerate(codes):
                # The first line hangs from the theme; each later one from the code
                # above it in the line before, by a link that is not drawn.
                if k < per:
                    lines.append(f"        {theme} --- {code}")
                else:
                    lines.append(f"        {codes[k - per]} ~~~ {code}")
        lines.append("    end")
    if len(boxes) > 1:  # keeps the boxes in order, one under the other
        lines.append("    " + " ~~~ ".join(f"G{i}" for i in range(1, len(boxes) + 1)))
    lines += [f"    {line}" for line in shared]
    return "\n".join(lines)
