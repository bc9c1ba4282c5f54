"""Plain data the Themes screen shows, built in workers from the services, and its wording.

Nothing here touches Textual: the loader runs in a thread worker and returns a frozen view;
the helpers word codes, pickers and co-occurring pairs from it as Rich text or plain labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from themework.analysis.analysis_set import AnalysisSet
from themework.domain.plural import plural
from themework.services.codes import CodeInfo
from themework.services.dto import Cooccurrence
from themework.services.themes import ThemeInfo
from themework.services.workbench import Workbench

# Pairs the co-occurrence table lists, most alike first: 60 codes make 1,770 pairs, and the
# table, laid out again whenever another theme is highlighted, took half a second for them.
COOC_ROWS = 200


@dataclass(frozen=True)
class ThemesView:
    themes: tuple[ThemeInfo, ...]
    codes: tuple[CodeInfo, ...]  # active codes, codebook order
    unthemed: tuple[str, ...]
    positions: dict[str, tuple[str, ...]]  # parent ("" for top) -> children, discarded too


def load_themes(wb: Workbench, blind_as: str | None = None) -> ThemesView:
    """What the Themes screen shows; ``blind_as`` counts only that coder's codings."""
    positions: dict[str, list[str]] = {}
    for t in wb.themes.list(include_discarded=True):
        positions.setdefault(t.parent or "", []).append(t.id)
    return ThemesView(
        tuple(wb.themes.list()), tuple(wb.codes.list(coder=blind_as)),
        tuple(wb.themes.unthemed_codes()),
        {k: tuple(v) for k, v in positions.items()},
    )


def load_cooccurrence(wb: Workbench, unit: str, blind_as: str | None = None) -> Cooccurrence:
    """Which codes travel together; ``blind_as`` counts only that coder's codings."""
    if blind_as is None:
        return wb.analysis.cooccurrence(unit)
    if blind_as not in wb.projects.info().coders:  # blind, and nothing coded yet
        return Cooccurrence(unit, {}, (), AnalysisSet((blind_as,), (), 0, 0))
    return wb.analysis.cooccurrence(unit, [blind_as])


def code_infos(view: ThemesView | None) -> dict[str, CodeInfo]:
    return {c.id: c for c in view.codes} if view else {}


def homes(view: ThemesView | None) -> dict[str, list[str]]:
    """Code id -> names of the themes holding it directly."""
    out: dict[str, list[str]] = {}
    for t in view.themes if view else ():
        for c in t.codes:
            out.setdefault(c, []).append(t.name)
    return out


def code_line(view: ThemesView | None, code_id: str, theme: ThemeInfo | None) -> Text:
    info = code_infos(view).get(code_id)
    text = Text(info.name if info else code_id)
    if info is not None:
        text.append(f"  ({plural(info.codings, 'coding')})", style="dim")
    elsewhere = [n for n in homes(view).get(code_id, []) if theme is None or n != theme.name]
    if elsewhere:
        text.append(f"  also in: {', '.join(elsewhere)}", style="italic")
    return text


def code_options(view: ThemesView | None, exclude: set[str]) -> list[tuple[str, str]]:
    """Codes for a picker, those in no theme first, leaving out ``exclude``."""
    assert view is not None
    where_is = homes(view)
    unthemed = set(view.unthemed)
    opts_free: list[tuple[str, str]] = []
    opts_placed: list[tuple[str, str]] = []
    for c in view.codes:
        if c.id in exclude:
            continue
        where = "not in a theme" if c.id in unthemed else "in " + ", ".join(where_is.get(c.id, []))
        label = str(f"{c.name}  ({c.codings}) · {where}")
        (opts_free if c.id in unthemed else opts_placed).append((label, c.id))
    return opts_free + opts_placed


def pair_text(cooc: Cooccurrence, row: int, where_is: dict[str, list[str]]) -> Text:
    """One co-occurring pair in full: both codes with their themes, and how often together."""
    p, names = cooc.pairs[row], cooc.names
    text = Text()
    for code in (p.a, p.b):
        text.append(names.get(code, code), style="bold")
        text.append(f" ({', '.join(where_is.get(code, [])) or 'no theme'})\n", style="dim")
    unit = "stretches" if cooc.unit == "overlap" else "turns"
    text.append(f"together in {p.n} {unit} · Jaccard {p.jaccard:.2f}")
    return text


def cooc_count(pairs: int) -> str:
    """How many pairs there are, and how many the table lists when not all."""
    if pairs <= COOC_ROWS:
        return plural(pairs, "pair")
    return f"{plural(pairs, 'pair')}, the {COOC_ROWS} most alike listed"
