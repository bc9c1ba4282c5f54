"""Plain data the Define screen shows, built in a worker from the services, and its wording.

Nothing here uses Textual widgets: the loader runs in a thread worker and returns a frozen
object; the formatting helpers turn themes and extracts into the words the screen shows.
(``members`` and ``STATUS_MARK`` come from the theme tree's module, which other screens share.)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from rich.text import Text

from themework.domain.narrative import extract_ids
from themework.domain.text import name_key
from themework.services.coding import Extract
from themework.services.themes import ThemeInfo
from themework.services.workbench import Workbench
from themework.tui.widgets.themes_tree import STATUS_MARK, members

FIELDS = ("name", "central_concept", "definition", "scope", "narrative")


@dataclass(frozen=True)
class DefineView:
    themes: tuple[ThemeInfo, ...]
    theme: ThemeInfo | None
    extracts: tuple[Extract, ...]  # the theme's own and its sub-themes' extracts
    known: dict[int, Extract] = field(default_factory=dict)  # those, plus any referenced
    code_names: dict[str, str] = field(default_factory=dict)


DRAFT_EDITOR = "define"  # the drafts' editor name (services.drafts)


def load_define(wb: Workbench, theme_id: str | None) -> DefineView:
    """The screen's data for ``theme_id``; with none chosen yet, the theme a draft was left on
    (a crash: the draft is offered back as it opens), else the first."""
    themes = tuple(wb.themes.list())
    if theme_id is None:
        theme_id = next(iter(wb.drafts.themes_drafted(DRAFT_EDITOR)), None)
    theme = next((t for t in themes if t.id == theme_id), themes[0] if themes else None)
    if theme is None:
        return DefineView(themes, None, ())
    codes = members(themes, theme.id)
    extracts = sorted(
        wb.coding.extracts(codes) if codes else [],  # (no codes: extracts() would give all)
        key=lambda e: (e.transcript, e.start, e.end, e.id),
    )
    known = {e.id: e for e in extracts}
    wanted = set(extract_ids(theme.narrative)) | {x.coding_id for x in theme.exemplars}
    missing = sorted(wanted - set(known))
    if missing:
        known.update({e.id: e for e in wb.coding.extracts(ids=missing)})
    code_names = {c.id: c.name for c in wb.codes.list(include_retired=True)}
    return DefineView(themes, theme, tuple(extracts), known, code_names)


def text_fields(t: ThemeInfo) -> dict[str, str]:
    return {f: getattr(t, f) for f in FIELDS}


def edited_fields(base: ThemeInfo, now: Mapping[str, str]) -> dict[str, str]:
    """The fields in ``now`` that differ from the stored theme ``base``."""
    stored = text_fields(base)
    out = {k: v for k, v in now.items() if v != stored[k]}
    if "name" in out and out["name"].strip() == base.name:
        del out["name"]
    return out


def name_clash(themes: Iterable[ThemeInfo], theme_id: str, name: str) -> ThemeInfo | None:
    """Another theme whose name is ``name`` once case and spacing are set aside."""
    return next((t for t in themes if t.id != theme_id and name_key(t.name) == name_key(name)),
                None)


# -- wording -------------------------------------------------------------------------------
def field_words(names: Iterable[str]) -> str:
    """``central concept, scope and narrative`` for field names."""
    words = [k.replace("_", " ") for k in names]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def title_text(t: ThemeInfo, edits: Collection[str], *, saving: bool = False) -> Text:
    """The theme's status mark, name, status and version, after any unsaved fields (or
    "saving…" while they are being saved)."""
    text = Text()
    if saving:
        text.append("saving…", style="bold reverse")
        text.append(" ")
    elif edits:  # first, so that a narrow title still shows it (in words, not colour)
        text.append(f"unsaved: {field_words(edits)}", style="bold reverse")
        text.append(" ")
    text.append(f"{STATUS_MARK.get(t.status, '?')} ")
    text.append(t.name, style="bold")
    text.append(f"  {t.status} · version {t.version}", style="dim")
    return text


def theme_choice(t: ThemeInfo) -> str:
    """A theme in the theme picker, indented by its depth."""
    return "  " * t.depth + f"{STATUS_MARK.get(t.status, '?')} {t.name}  ({t.status})"


def extract_choice(e: Extract) -> str:
    """An extract in the pickers: id, transcript, turn, code, coder and its first words."""
    where = f"turn {e.turn}" if e.turn is not None else f"@{e.start}"
    words = " ".join(e.text.split())
    words = words[:60] + ("…" if len(words) > 60 else "")
    return f"#{e.id} {e.transcript} {where} · {e.code_name} ({e.coder}) · {words}"


def draft_notice(wb: Workbench) -> str | None:
    """What a crash left unsaved in the Define screen, in words, for a start on another screen
    (the Define screen offers the draft itself); None when nothing differs from the stored
    themes."""
    left = []
    for draft, name in wb.drafts.theme_drafts(DRAFT_EDITOR):
        base = wb.themes.get(draft.on.partition(":")[2])
        edits = edited_fields(base, {k: v for k, v in draft.content.items() if k in FIELDS})
        if edits:
            left.append((draft, name, edits))
    if not left:
        return None
    newest, name, edits = left[0]
    when = newest.saved_at.astimezone().strftime("%d %b %H:%M")
    if len(left) == 1:
        return f"An unsaved {field_words(edits)} of '{name}' from {when} is kept: 5 opens it"
    return (f"{len(left)} unsaved theme drafts are kept, the newest of '{name}' from {when}:"
            " 5 opens it")
