"""The thematic map as a Mermaid flowchart: themes, sub-themes and the codes they collapse."""

from __future__ import annotations

from themework.export.model import ThemeSection

_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "`": "#96;"}


def _label(text: str) -> str:
    # Mermaid labels in double quotes take entity codes: for quotes, and for angle brackets
    # (Mermaid renders HTML in labels) and backticks (Markdown strings). Brackets stay inside.
    clean = "".join(_ENTITIES.get(ch, ch) for ch in " ".join(text.split()))
    return f'"{clean}"'


def thematic_map(themes: tuple[ThemeSection, ...]) -> str:
    lines = ["flowchart TD"]
    seen_codes: dict[str, str] = {}

    def node_theme(t: ThemeSection, parent: str | None, path: str) -> None:
        nid = f"T{path}"
        shape = f"{nid}[{_label(t.name)}]" if t.depth == 0 else f"{nid}({_label(t.name)})"
        lines.append(f"    {shape}")
        if parent:
            lines.append(f"    {parent} --> {nid}")
        for i, sub in enumerate(t.subthemes, start=1):
            node_theme(sub, nid, f"{path}_{i}")
        for c in t.codes:
            if c.id not in seen_codes:
                seen_codes[c.id] = f"C{len(seen_codes) + 1}"
                lines.append(f"    {seen_codes[c.id]}>{_label(c.name)}]")
            lines.append(f"    {nid} --- {seen_codes[c.id]}")

    for i, t in enumerate(themes, start=1):
        node_theme(t, None, str(i))
    return "\n".join(lines)
