"""Plain data the Review screen shows, built in workers from the services, and its wording.

No widgets here: the loader runs in a thread worker and returns a frozen view; the helpers
turn that view into Rich text for the screen's widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text

from themework.analysis.prevalence import PrevalenceRow
from themework.domain.plural import plural
from themework.services.coding import Extract
from themework.services.themes import ThemeInfo
from themework.services.workbench import Workbench
from themework.tui.widgets.extract_list import Hanging
from themework.tui.widgets.themes_tree import STATUS_MARK, members

PER_CODE = 50  # extracts each code shows at first (the demo's codes have up to 41)
MORE_STEP = 100  # and more each time Enter asks for them


@dataclass(frozen=True)
class ReviewView:
    approach: str
    themes: tuple[ThemeInfo, ...]
    code_names: dict[str, str]
    attributes: tuple[str, ...]
    theme: ThemeInfo | None
    members: tuple[str, ...]  # the theme's codes, then its sub-themes'
    via: dict[str, str]  # code id -> the sub-theme that brings it in
    extracts: tuple[Extract, ...]  # by code (member order), transcript, position
    by: str | None
    prevalence: tuple[PrevalenceRow, ...] | None  # None: not asked for
    transcripts_total: int


def load_review(wb: Workbench, theme_id: str | None, by: str | None,
                with_prevalence: bool, blind_as: str | None = None) -> ReviewView:
    """What the Review screen shows; ``blind_as`` keeps only that coder's extracts and counts
    (blind coding), as the Code screen does."""
    info = wb.projects.info()
    approach = info.approach
    themes = tuple(wb.themes.list())
    code_names = {c.id: c.name for c in wb.codes.list(include_retired=True)}
    attributes = wb.participants.attribute_names()
    theme = next((t for t in themes if t.id == theme_id), themes[0] if themes else None)
    codes: list[str] = []
    via: dict[str, str] = {}
    extracts: list[Extract] = []
    prevalence: tuple[PrevalenceRow, ...] | None = None
    total = 0
    if theme is not None:
        codes = members(themes, theme.id)
        below = _descendants(themes, theme.id)
        for t in themes:
            if t.id in below:
                for c in t.codes:
                    if c not in theme.codes:
                        via.setdefault(c, t.name)
        if codes:
            order = {c: i for i, c in enumerate(codes)}
            extracts = sorted(
                wb.coding.extracts(codes, coder=blind_as),
                key=lambda e: (order.get(e.code, len(order)), e.transcript, e.start, e.end, e.id),
            )
        if with_prevalence and blind_as is not None and blind_as not in info.coders:
            prevalence, total = (), info.transcripts  # blind, and nothing coded yet
        elif with_prevalence:
            result = wb.analysis.prevalence("theme", by=by if by in attributes else None,
                                            coders=None if blind_as is None else [blind_as])
            prevalence = tuple(r for r in result.rows if r.item == theme.id)
            total = result.transcripts_total
    return ReviewView(approach, themes, code_names, attributes, theme, tuple(codes), via,
                      tuple(extracts), by if by in attributes else None, prevalence, total)


def _descendants(themes: tuple[ThemeInfo, ...], theme_id: str) -> set[str]:
    out: set[str] = set()
    todo = [theme_id]
    while todo:
        cur = todo.pop()
        kids = [t.id for t in themes if t.parent == cur and t.id not in out]
        out.update(kids)
        todo += kids
    return out


def title_text(view: ReviewView) -> Text | str:
    """The heading over the extracts: the theme, its status and how much it collects."""
    t = view.theme
    if t is None:
        return "No themes to review: make candidate themes in phase 3 (key 3)."
    n_tr = len({e.transcript for e in view.extracts})
    text = Text(f"{STATUS_MARK.get(t.status, '?')} ")
    text.append(t.name, style="bold")
    text.append(f"  {t.status} · {plural(len(view.members), 'code')}"
                f" · {plural(len(view.extracts), 'extract')} in {plural(n_tr, 'transcript')}"
                f" · {len(t.exemplars)} starred", style="dim")
    return text


def extract_rows(view: ReviewView, shown: Mapping[str, int] | None = None
                 ) -> list[tuple[RenderableType, str | None]]:
    """The extract list's rows: (prompt, option id); id None for a heading (disabled).

    Grouped by code, then transcript; the theme's codes with no extract yet come last. Each
    code shows its first ``shown[code]`` extracts (``PER_CODE`` unless said), then a row
    ``more:CODE`` saying how many more there are: a list row per extract took over 10 s to
    lay out for a theme of 13,000 extracts.
    """
    assert view.theme is not None
    shown = shown or {}
    starred = {x.coding_id for x in view.theme.exemplars}
    counts: dict[str, int] = {}
    for e in view.extracts:
        counts[e.code] = counts.get(e.code, 0) + 1
    rows: list[tuple[RenderableType, str | None]] = []
    last_code = last_transcript = None
    seen = 0
    for e in view.extracts:
        if e.code != last_code:
            head = Text(f"■ {view.code_names.get(e.code, e.code_name)}", style="bold")
            head.append(f"  {plural(counts[e.code], 'extract')}")
            if e.code in view.via:
                head.append(f"  (from sub-theme {view.via[e.code]})", style="italic")
            rows.append((head, None))
            last_code, last_transcript, seen = e.code, None, 0
        seen += 1
        limit = shown.get(e.code, PER_CODE)
        if seen > limit:
            if seen == limit + 1:
                rows.append((more_text(counts[e.code] - limit), f"more:{e.code}"))
            continue
        if e.transcript != last_transcript:
            rows.append((Text(f"  {e.transcript}", style="underline"), None))
            last_transcript = e.transcript
        rows.append((extract_prompt(e, e.id in starred), f"x{e.id}"))
    missing = [c for c in view.members if c not in counts]
    if missing:
        names = ", ".join(view.code_names.get(c, c) for c in missing)
        rows.append((Text(f"no extracts yet: {names}", style="dim"), None))
    return rows


def more_text(hidden: int) -> Text:
    step = min(hidden, MORE_STEP)
    return Text(f"    … {plural(hidden, 'more extract')} of this code: Enter shows "
                f"{'them' if step == hidden else f'the next {step}'}", style="italic")


def first_hidden(view: ReviewView, code: str, shown: int) -> str | None:
    """The option id of ``code``'s first extract past the ``shown`` first ones."""
    mine = [e for e in view.extracts if e.code == code]
    return f"x{mine[shown].id}" if len(mine) > shown else None


def extract_prompt(e: Extract, starred: bool) -> Hanging:
    """A meta line, then the extract's words with a hanging indent."""
    text = Text("    ")
    text.append("★ " if starred else "  ", style="bold")
    where = f"turn {e.turn}" if e.turn is not None else f"@{e.start}"
    text.append(f"{where} · {e.speaker or '?'}", style="bold")
    text.append(f" · {e.coder} · #{e.id}", style="dim")
    if e.flagged:
        text.append(" · flagged: the text changed", style="italic")
    body = Text(" ".join(e.text.split()))
    return Hanging(text, body, 6)


def merge_theme_question(source: ThemeInfo, target: ThemeInfo) -> str:
    """What merging one theme into another will do, asked before it happens."""
    def count(n: int, noun: str) -> str:
        return plural(n, noun) if n else f"no {noun}s"

    moving = [count(len(source.codes), "code"), count(len(source.exemplars), "exemplar")]
    if source.children:
        moving.append(plural(len(source.children), "sub-theme"))
    listed = " and ".join([", ".join(moving[:-1]), moving[-1]])
    return (f"Merge the theme {source.name} into {target.name}?\n"
            f"Its {listed} move to {target.name}, and {source.name} is "
            "discarded.\nctrl+z undoes it.")
